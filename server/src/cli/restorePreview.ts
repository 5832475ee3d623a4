/** `stellar-kit restore-preview <agent-file> --rev <commit>`: what restoring that version of an agent would change. */
import * as path from 'node:path';
import { agentAtRevision, type AgentVersion } from '../node/agentHistory';
import { GitError } from '../node/git';
import { loadFolder, pathOf, relPath, uriOf } from '../node/loadFolder';
import { findWorkspaceRoot } from '../node/workspaceRoot';
import { parseArgs, UsageError } from './args';
import { restorePreview } from '../service';
import { restoreReportJson, restoreReportText } from '../service';

export const RESTORE_PREVIEW_USAGE = `Usage:
  stellar-kit restore-preview <agent-file> --rev <git-rev> [--format text|json]

Lists the shared actions linked by the agent as it was at <git-rev> whose current shape differs from that
version's lock (field by field), and those deleted or moved since. Restoring brings back the lock but each
action keeps its current shape. Exit 0 when the preview is shown (even with changes), 2 on usage or git errors.
`;

export interface RestorePreviewIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

interface Args {
  file: string;
  rev: string;
  format: 'text' | 'json';
}

function parseRestoreArgs(args: string[]): Args {
  const { positional, options } = parseArgs(args, { rev: {}, format: { values: ['text', 'json'] } });
  if (positional.length !== 1) throw new UsageError('restore-preview takes one agent file');
  if (!positional[0].endsWith('.agent.yaml')) throw new UsageError(`'${positional[0]}' is not an agent file (*.agent.yaml)`);
  const rev = options.rev;
  if (rev === undefined) throw new UsageError('restore-preview needs --rev <git-rev>');
  if (rev === '') throw new UsageError("option '--rev' needs a value");
  if (rev.startsWith('-')) throw new UsageError(`'${rev}' is not a git revision`);
  return { file: positional[0], rev, format: (options.format ?? 'text') as Args['format'] };
}

export async function restorePreviewCommand(args: string[], io: RestorePreviewIo): Promise<number> {
  let a: Args;
  try {
    a = parseRestoreArgs(args);
  } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n\n${RESTORE_PREVIEW_USAGE}`);
    return 2;
  }
  try {
    let version: AgentVersion;
    try {
      version = await agentAtRevision(a.file, a.rev, a.file);
    } catch (e) {
      if (e instanceof GitError && e.kind === 'bad-revision') throw new Error(`--rev: ${e.message}`, { cause: e });
      throw e;
    }
    const file = path.join(version.top, ...version.agentRel.split('/'));
    const root = findWorkspaceRoot(path.dirname(file), version.top);
    const { index, unreadable } = await loadFolder(root);
    for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
    const preview = restorePreview(index, uriOf(file), version.lockText, version.agentText);
    const context = {
      agent: version.agentRel,
      rev: a.rev,
      commit: version.commit,
      lockRel: version.lockRel,
      lockFound: version.lockText !== undefined,
      relOf: (uri: string) => relPath(root, pathOf(uri)),
    };
    io.out(a.format === 'json' ? JSON.stringify(restoreReportJson(preview, context), null, 2) + '\n' : restoreReportText(preview, context));
    return 0;
  } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n`);
    return 2;
  }
}
