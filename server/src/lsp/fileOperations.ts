import { type DeleteFilesParams, type RenameFilesParams, type WorkspaceEdit } from 'vscode-languageserver/node';
import { willDeleteFiles, willRenameFiles } from '../service';
import type { Finding } from '../service';
import type { Folder } from './folders';
import { cancelled, guardRequest } from './guard';
import type { Session } from './session';
import { normalizeUri } from './uris';

export const UPDATE_LINKS = 'Update links';
export const DELETE_ANYWAY = 'Delete anyway';

/**
 * Before a delete: when it breaks bindings of active agents, ask; "Update links" returns the edit that
 * removes those bindings, "Delete anyway" (or no answer) lets the delete go ahead alone.
 * Before a rename or move: the edit that makes every reference follow.
 */
export function registerFileOperations(session: Session): void {
  session.connection.workspace.onWillDeleteFiles(
    guardRequest(session, 'willDeleteFiles', async (p: DeleteFilesParams, token) => {
      const findings: Finding[] = [];
      const edits: WorkspaceEdit[] = [];
      for (const [folder, uris] of byFolder(
        session,
        listOf(p.files).map((f) => f?.uri),
      )) {
        const r = willDeleteFiles(folder.index, uris);
        for (const f of r.findings) findings.push(f);
        if (r.edit) edits.push(r.edit);
      }
      if (findings.length === 0) return null;
      const answer = await session.connection.window.showWarningMessage(deleteWarning(findings), { title: UPDATE_LINKS }, { title: DELETE_ANYWAY });
      if (token.isCancellationRequested) return cancelled();
      return answer?.title === UPDATE_LINKS ? merge(edits) : null;
    }),
  );

  session.connection.workspace.onWillRenameFiles(
    guardRequest(session, 'willRenameFiles', (p: RenameFilesParams) => {
      const renames = listOf(p.files)
        .filter((f) => typeof f?.oldUri === 'string' && typeof f.newUri === 'string')
        .map((f) => ({ oldUri: normalizeUri(f.oldUri), newUri: normalizeUri(f.newUri) }));
      const edits: WorkspaceEdit[] = [];
      for (const folder of session.folders.all()) {
        const mine = renames.filter((r) => session.folders.containing(r.oldUri) === folder);
        const edit = mine.length > 0 ? willRenameFiles(folder.index, mine) : null;
        if (edit) edits.push(edit);
      }
      return edits.length > 0 ? merge(edits) : null;
    }),
  );
}

/** Uris grouped by the folder that holds them (a deleted folder's uri is not a Stellar file itself). */
function byFolder(session: Session, raw: unknown[]): Map<Folder, string[]> {
  const out = new Map<Folder, string[]>();
  for (const r of raw) {
    if (typeof r !== 'string') continue;
    const uri = normalizeUri(r);
    const folder = session.folders.containing(uri);
    if (folder) out.set(folder, [...(out.get(folder) ?? []), uri]);
  }
  return out;
}

function deleteWarning(findings: Finding[]): string {
  const links = [...new Set(findings.map((f) => f.data?.link).filter((l): l is string => typeof l === 'string'))];
  const agents = new Set(findings.map((f) => f.uri)).size;
  return (
    `This delete breaks ${findings.length} binding${findings.length === 1 ? '' : 's'} of ${agents} active agent${agents === 1 ? '' : 's'}` +
    `${links.length ? ` (${links.join(', ')})` : ''}. "${UPDATE_LINKS}" removes those bindings from the agents; "${DELETE_ANYWAY}" leaves them broken.`
  );
}

function merge(edits: WorkspaceEdit[]): WorkspaceEdit | null {
  if (edits.length === 0) return null;
  if (edits.length === 1) return edits[0];
  const out: WorkspaceEdit = {};
  for (const e of edits) {
    if (e.documentChanges) out.documentChanges = [...(out.documentChanges ?? []), ...e.documentChanges];
    if (e.changes) out.changes = { ...(out.changes ?? {}), ...e.changes };
  }
  return out;
}

/** A request's `files`, or none when a client sends something else. */
function listOf<T>(files: T[] | undefined): T[] {
  return Array.isArray(files) ? files : [];
}
