import type { Position, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { EditSet, renameSym, validateNewName } from './renameEdits';
import { symbolAt } from './symbols';
import { locateAt } from './targets';

export function prepareRename(index: WorkspaceIndex, uri: string, position: Position): { range: Range; placeholder: string } | null {
  const loc = locateAt(index, uri, position);
  const at = loc && symbolAt(index, loc, 'rename');
  return at ? { range: at.range, placeholder: at.placeholder } : null;
}

/** Renames what is under the cursor everywhere it is named; throws a RenameError for an invalid or taken name. */
export function doRename(index: WorkspaceIndex, uri: string, position: Position, newName: string): WorkspaceEdit | null {
  const loc = locateAt(index, uri, position);
  const at = loc && symbolAt(index, loc, 'rename');
  if (!at) return null;
  validateNewName(at.sym, newName);
  const es = new EditSet(index);
  renameSym(index, es, at.sym, newName, { files: true, strict: true, also: uri });
  return es.empty ? null : es.toWorkspaceEdit();
}
