/** `stellar-kit restore-preview <agent-file> --rev <commit>`: what restoring that version of an agent would change. */
import * as path from 'node:path';
import { agentAtRevision, GitError, type AgentVersion } from '../node/agentHistory';
import { loadFolder, pathOf, uriOf } from '../node/loadFolder';
import { findWorkspaceRoot } from '../node/workspaceRoot';
import { restorePreview } from '../service/restore';
import { restoreReportJson, restoreReportText } from '../service/restoreReport';

export const RESTORE_PREVIEW_USAGE = `Usage:
  stellar-kit restore-preview <agent-file> --rev <git-rev> [--format text|json]

Lists the shared actions linked by the agent as it was at <git-rev> whose current shape differs from that
version's lock (field by field), and those deleted or moved since. Restoring brings back the lock but each
action keeps its current shape. Exit 0 when the preview is shown (even with changes), 2 on usage or git errors.
`;

export interface RestorePreviewIo { out: (s: string) => void; err: (s: string) => void }

class Usage extends Error {}

interface Args { file: string; rev: string; format: 'text' | 'json' }

function parseArgs(args: string[]): Args {
  const positional: string[] = [];
  let rev: string | undefined;
  let format: string = 'text';
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') { positional.push(...args.slice(i + 1)); break; }
    if (!a.startsWith('--')) { positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (name !== 'rev' && name !== 'format') throw new Usage(`unknown option '--${name}'`);
    const value = eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined || value === '') throw new Usage(`option '--${name}' needs a value`);
    if (name === 'rev') rev = value;
    else format = value;
  }
  if (positional.length !== 1) throw new Usage('restore-preview takes one agent file');
  if (!positional[0].endsWith('.agent.yaml')) throw new Usage(`'${positional[0]}' is not an agent file (*.agent.yaml)`);
  if (rev === undefined) throw new Usage('restore-preview needs --rev <git-rev>');
  if (rev.startsWith('-')) throw new Usage(`'${rev}' is not a git revision`);
  if (format !== 'text' && format !== 'json') throw new Usage(`option '--format' must be one of text, json; got '${format}'`);
  return { file: positional[0], rev, format };
}

export async function restorePreviewCommand(args: string[], io: RestorePreviewIo): Promise<number> {
  let a: Args;
  try { a = parseArgs(args); } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n\n${RESTORE_PREVIEW_USAGE}`);
    return 2;
  }
  try {
    let version: AgentVersion;
    try { version = await agentAtRevision(a.file, a.rev, a.file); } catch (e) {
      if (e instanceof GitError && e.kind === 'bad-revision') throw new Error(`--rev: ${e.message}`);
      throw e;
    }
    const file = path.join(version.top, ...version.agentRel.split('/'));
    const root = findWorkspaceRoot(path.dirname(file), version.top);
    const { index, unreadable } = await loadFolder(root);
    for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
    const preview = restorePreview(index, uriOf(file), version.lockText, version.agentText);
    const context = {
      agent: version.agentRel, rev: a.rev, commit: version.commit, lockRel: version.lockRel, lockFound: version.lockText !== undefined,
      relOf: (uri: string) => path.relative(root, pathOf(uri)).split(path.sep).join('/'),
    };
    io.out(a.format === 'json' ? JSON.stringify(restoreReportJson(preview, context), null, 2) + '\n' : restoreReportText(preview, context));
    return 0;
  } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n`);
    return 2;
  }
}
