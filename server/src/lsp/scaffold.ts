/** The new-file commands' requests (what to offer, the new file's text) and the language status item's counts. */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { scaffold, scaffoldInfo, stripSlash, type ScaffoldParams } from '../service';
import { Protocol, type WorkspaceStatus } from '../protocol';
import { toDiagnostics } from './diagnostics';
import { handle } from './guard';
import type { Session } from './session';
import { normalizeUri } from './uris';

export function registerScaffoldRequests(session: Session): void {
  handle(session, Protocol.scaffoldInfo, () => session.folders.all().map((f) => ({ folder: f.uri, name: f.name, items: scaffoldInfo(f.index) })));
  handle(session, Protocol.scaffold, (p: ScaffoldParams & { folder: string }) => {
    if (!p || typeof p !== 'object' || typeof p.folder !== 'string' || typeof p.id !== 'string')
      throw new ResponseError(ErrorCodes.InvalidParams, 'folder and id must be strings');
    const key = stripSlash(normalizeUri(p.folder));
    const folder = session.folders.all().find((f) => f.uri === key);
    if (!folder) throw new ResponseError(ErrorCodes.InvalidParams, `'${p.folder}' is not an open workspace folder`);
    const folderUri = typeof p.folderUri === 'string' ? stripSlash(normalizeUri(p.folderUri)) : undefined;
    const result = scaffold(folder.index, { ...p, folderUri });
    if ('refused' in result) return result;
    if (folder.excludes(result.uri)) return { refused: `${result.uri.slice(folder.uri.length + 1)} is in a folder excluded by stellarKit.exclude.` };
    return result;
  });
  handle(session, Protocol.workspaceStatus, () => {
    const out: WorkspaceStatus = { indexing: session.folders.all().some((f) => !f.loaded), files: 0, errors: 0, warnings: 0, information: 0 };
    for (const f of session.folders.all()) {
      for (const uri of f.index.uris()) {
        out.files++;
        // Counted as published: with the folder's severity overrides, without the codes turned off.
        for (const d of toDiagnostics(f.index.findings(uri), f.settings)) {
          if (d.severity === 1) out.errors++;
          else if (d.severity === 2) out.warnings++;
          else if (d.severity === 3) out.information++;
        }
      }
    }
    return out;
  });
}
