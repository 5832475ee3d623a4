/**
 * Restore preview requests: `stellarKit/agentHistory` (the commits of an agent file) and
 * `stellarKit/restorePreview` (that version's lock against the folder's index, as text and JSON).
 * Git failures (not a repository, never committed, git missing) are answered as `{ ok: false, error }`.
 */
import * as path from 'node:path';
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { pathOf, relPath } from '../node/loadFolder';
import { agentAtRevision, agentHistory, type AgentCommit } from '../node/agentHistory';
import { GitError } from '../node/git';
import { lockUriFor, restorePreview } from '../service';
import { restoreReportJson, restoreReportText, type RestoreReportJson } from '../service';
import { handle } from './guard';
import { Protocol } from '../protocol';
import type { Session } from './session';
import { normalizeUri } from './uris';

export type AgentHistoryResult = { ok: true; agent: string; commits: AgentCommit[] } | { ok: false; error: string };
/** A file restoring writes: the agent or its lock, with its text at the revision (undefined: absent there, so restoring deletes it). */
export interface RestoreFile {
  uri: string;
  rel: string;
  text?: string;
}
export type RestorePreviewResult =
  { ok: true; title: string; text: string; preview: RestoreReportJson; commit: string; files: RestoreFile[] } | { ok: false; error: string };

/** The agent file on disk and the folder whose index it is compared with. */
function agentFileOf(session: Session, rawUri: unknown) {
  if (typeof rawUri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'agentUri must be a string');
  const uri = normalizeUri(rawUri);
  const folder = session.folders.owner(uri);
  if (!folder || !uri.endsWith('.agent.yaml')) throw new ResponseError(ErrorCodes.InvalidParams, `'${rawUri}' is not an agent file of an open folder`);
  if (URI.parse(uri).scheme !== 'file') throw new ResponseError(ErrorCodes.InvalidParams, `'${rawUri}' is not a file on disk, so it has no git history`);
  /** A file of the folder as the reports name it. */
  const relOf = (u: string) => relPath(folder.fsPath, pathOf(u));
  return { uri, folder, file: pathOf(uri), shown: relOf(uri), relOf };
}

function failure(e: unknown): { ok: false; error: string } {
  if (e instanceof GitError) return { ok: false, error: e.message };
  throw e;
}

export function registerRestoreRequests(session: Session): void {
  handle(session, Protocol.agentHistory, async (p: { agentUri: string }): Promise<AgentHistoryResult> => {
    const { file, shown } = agentFileOf(session, p.agentUri);
    try {
      const h = await agentHistory(file, shown);
      return { ok: true, agent: h.agentRel, commits: h.commits };
    } catch (e) {
      return failure(e);
    }
  });
  handle(session, Protocol.restorePreview, async (p: { agentUri: string; rev: string }): Promise<RestorePreviewResult> => {
    const { uri, folder, file, shown, relOf } = agentFileOf(session, p.agentUri);
    if (typeof p.rev !== 'string' || p.rev === '') throw new ResponseError(ErrorCodes.InvalidParams, 'rev must be a git revision');
    try {
      const v = await agentAtRevision(file, p.rev, shown);
      const preview = restorePreview(folder.index, uri, v.lockText, v.agentText);
      const context = { agent: v.agentRel, rev: p.rev, commit: v.commit, lockRel: v.lockRel, lockFound: v.lockText !== undefined, relOf };
      return {
        ok: true,
        title: `Restore preview ${path.basename(v.agentRel)} @ ${v.commit.slice(0, 8)}`,
        text: restoreReportText(preview, context),
        preview: restoreReportJson(preview, context),
        commit: v.commit,
        files: [
          { uri, rel: v.agentRel, text: v.agentText },
          { uri: lockUriFor(uri), rel: v.lockRel, text: v.lockText },
        ],
      };
    } catch (e) {
      return failure(e);
    }
  });
}
