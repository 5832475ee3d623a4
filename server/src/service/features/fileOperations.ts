import { RenameFile, TextDocumentEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { deletionFindings } from '../deletion';
import { dirName, ID_PATTERN, idOf, kindOf, stripSlash } from '../files';
import { lockUriFor } from '../lock';
import { fullIdOf } from '../lookup';
import type { Finding } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { valueRangeAt } from '../yamlFile';
import { nodeAt, openFile, pathIs } from './cursor';
import { summaryOf } from './queries';
import { EditSet, moveResponseShape, renameSym } from './renameEdits';
import { removeSeqItems } from './yamlEdits';

/** Stellar files a delete or rename of `uri` touches: the file itself, or every indexed file below a folder. */
function filesUnder(index: WorkspaceIndex, uri: string): string[] {
  if (index.has(uri)) return [uri];
  const prefix = stripSlash(uri) + '/';
  return index
    .uris()
    .filter((u) => u.startsWith(prefix))
    .sort();
}

/**
 * Before files are deleted: SK090 for every binding of an active agent that the deletion of an
 * integration or shared action breaks, and an edit that removes those bindings.
 */
export function willDeleteFiles(index: WorkspaceIndex, uris: string[]): { findings: Finding[]; edit?: WorkspaceEdit } {
  if (!Array.isArray(uris)) return { findings: [] };
  const deleted = new Set(uris.filter((u) => typeof u === 'string').flatMap((u) => filesUnder(index, u)));
  const targets = [...deleted]
    .filter((u) => ['integration', 'action'].includes(kindOf(u, index.rootUri) ?? ''))
    .map((u) => ({ uri: u, text: index.text(u) ?? '' }));
  if (targets.length === 0) return { findings: [] };
  const seen = new Set<string>();
  const findings = deletionFindings(index, targets, 'in this change').filter((f) => {
    const k = `${f.uri}#${f.range.start.line}:${f.range.start.character}`;
    if (deleted.has(f.uri) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const byAgent = new Map<string, number[]>();
  for (const f of findings) {
    const file = openFile(index, f.uri);
    const hit = file && nodeAt(file.yaml, file.lines.offsetAt(f.range.start));
    if (hit && pathIs(hit.path, 'actions', '#', 'link')) byAgent.set(f.uri, [...(byAgent.get(f.uri) ?? []), hit.path[1] as number]);
  }
  const documentChanges: TextDocumentEdit[] = [];
  for (const [uri, indexes] of byAgent) {
    const file = openFile(index, uri);
    const edits = file ? removeSeqItems(file, ['actions'], indexes) : [];
    if (edits.length) documentChanges.push(TextDocumentEdit.create({ uri, version: null }, edits));
  }
  return documentChanges.length ? { findings, edit: { documentChanges } } : { findings };
}

/**
 * Before files are renamed or moved: when a shared action, integration or auth connector gets a new
 * id, every reference follows; an agent's lock and an MCP integration's tools lock move with their file.
 */
export function willRenameFiles(index: WorkspaceIndex, renames: { oldUri: string; newUri: string }[]): WorkspaceEdit | null {
  if (!Array.isArray(renames)) return null;
  const es = new EditSet(index);
  const moving = new Set<string>();
  const pairs: { oldUri: string; newUri: string }[] = [];
  for (const r of renames) {
    if (!r || typeof r.oldUri !== 'string' || typeof r.newUri !== 'string') continue;
    for (const u of filesUnder(index, r.oldUri)) {
      moving.add(u);
      pairs.push({ oldUri: u, newUri: u === r.oldUri ? r.newUri : stripSlash(r.newUri) + u.slice(stripSlash(r.oldUri).length) });
    }
  }
  for (const { oldUri, newUri } of pairs) {
    const kind = kindOf(oldUri, index.rootUri);
    if (!kind || kindOf(newUri) !== kind) continue;
    const oldId = idOf(oldUri);
    const newId = idOf(newUri);
    if (!ID_PATTERN.test(newId)) continue;
    const opts = { files: false, strict: false };
    switch (kind) {
      case 'action': {
        const s = summaryOf(index, oldUri, 'action');
        const fullId = s && fullIdOf(s);
        if (fullId && oldId !== newId) renameSym(index, es, { s: 'action', fullId }, newId, opts);
        const shape = oldUri.replace(/\.action\.yaml$/, '.response.yaml');
        if (fullId && !moving.has(shape))
          moveResponseShape(index, es, shape, newUri.replace(/\.action\.yaml$/, '.response.yaml'), fullId, `${fullId.slice(0, fullId.indexOf('/'))}/${newId}`);
        break;
      }
      case 'integration': {
        const toolsLock = oldUri.replace(/\.integration\.yaml$/, '.tools.lock.yaml');
        // The tools lock moves with its integration unless it is being moved already.
        const newDir = moving.has(toolsLock) ? dirName(toolsLock) : dirName(newUri);
        if (oldId !== newId || dirName(oldUri) !== dirName(newUri)) renameSym(index, es, { s: 'integration', id: oldId }, newId, { ...opts, newDir });
        break;
      }
      case 'auth':
        if (oldId !== newId) renameSym(index, es, { s: 'auth', id: oldId }, newId, opts);
        break;
      case 'agent': {
        // Its api-calls' recorded response shapes follow it.
        for (const a of summaryOf(index, oldUri, 'agent')?.actions ?? []) {
          if (a.type !== 'api-call' || !a.name) continue;
          const shape = `${dirName(oldUri)}/${oldId}.${a.name}.response.yaml`;
          if (!moving.has(shape))
            moveResponseShape(index, es, shape, `${dirName(newUri)}/${newId}.${a.name}.response.yaml`, `${oldId}/${a.name}`, `${newId}/${a.name}`);
        }
        const lock = lockUriFor(oldUri);
        if (!index.has(lock) || moving.has(lock)) break;
        es.renameFile(lock, lockUriFor(newUri));
        const lockFile = openFile(index, lock);
        const r = lockFile && valueRangeAt(lockFile.yaml, ['agent']);
        if (r && oldId !== newId) es.replaceIn(lock, r, oldId, newId);
        break;
      }
      default:
        break;
    }
  }
  // Files the user is renaming anyway must not be renamed again by us.
  const edit = es.toWorkspaceEdit();
  edit.documentChanges = edit.documentChanges?.filter((c) => !(RenameFile.is(c) && moving.has(c.oldUri)));
  return edit.documentChanges && edit.documentChanges.length ? edit : null;
}
