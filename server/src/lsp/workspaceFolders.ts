import type { InitializeParams, WorkspaceFoldersChangeEvent } from 'vscode-languageserver/node';
import type { Configuration } from './configuration';
import { scanFolders } from './indexing';
import type { Session } from './session';
import { pathOf, uriOf } from '../node/loadFolder';

/** The folders named at initialization: workspaceFolders, else rootUri, else rootPath. */
export function initialFolders(p: InitializeParams): { uri: string; name: string }[] {
  if (Array.isArray(p.workspaceFolders) && p.workspaceFolders.length > 0) {
    return p.workspaceFolders.filter((f) => typeof f?.uri === 'string').map((f) => ({ uri: f.uri, name: f.name ?? f.uri }));
  }
  if (typeof p.rootUri === 'string') return [{ uri: p.rootUri, name: pathOf(p.rootUri) }];
  if (typeof p.rootPath === 'string') return [{ uri: uriOf(p.rootPath), name: p.rootPath }];
  return [];
}

/** Adds folders (settings, then a scan) and drops removed ones (their diagnostics are cleared). */
export async function changeFolders(session: Session, config: Configuration, e: WorkspaceFoldersChangeEvent): Promise<void> {
  for (const removed of e?.removed ?? []) {
    const folder = session.folders.remove(removed.uri);
    if (folder) session.clear(folder.index.uris());
  }
  const added = (e?.added ?? []).filter((f) => typeof f?.uri === 'string').map((f) => session.folders.add(f.uri, f.name ?? f.uri));
  for (const folder of added) folder.settings = await config.fetch(folder);
  await session.trackLoad(scanFolders(session, added));
  // Open documents may have moved to another folder's index (or to none).
  for (const uri of session.docs.uris()) session.syncDocument(uri);
}
