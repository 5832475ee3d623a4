/** `stellar-kit restore-preview <agent-file> --rev <commit>`: what restoring that version of an agent would change. */
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder, pathOf, uriOf } from '../node/loadFolder';
import { findWorkspaceRoot } from '../node/workspaceRoot';
import { restorePreview, type RestorePreview } from '../service/restore';

export const RESTORE_PREVIEW_USAGE = `Usage:
  stellar-kit restore-preview <agent-file> --rev <git-rev> [--format text|json]

Lists the shared actions linked by the agent as it was at <git-rev> whose current shape differs from that
version's lock (field by field), and those deleted or moved since. Restoring brings back the lock but each
action keeps its current shape. Exit 0 when the preview is shown (even with changes), 2 on usage or git errors.
`;

export interface RestorePreviewIo { out: (s: string) => void; err: (s: string) => void }

class Usage extends Error {}
class Failure extends Error {}

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

/** The file's absolute path with its existing folders resolved (git reports real paths); the file itself may be gone. */
function realFile(file: string): string {
  let dir = path.dirname(path.resolve(file));
  const rest: string[] = [path.basename(file)];
  while (!existsSync(dir) && path.dirname(dir) !== dir) { rest.unshift(path.basename(dir)); dir = path.dirname(dir); }
  return path.join(realpathSync(dir), ...rest);
}

function nearestExisting(dir: string): string {
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

export async function restorePreviewCommand(args: string[], io: RestorePreviewIo): Promise<number> {
  let a: Args;
  try { a = parseArgs(args); } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n\n${RESTORE_PREVIEW_USAGE}`);
    return 2;
  }
  try {
    const file = realFile(a.file);
    const cwd = nearestExisting(path.dirname(file));
    const git = (...g: string[]) => execFileSync('git', g, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
    let top: string;
    try { top = realpathSync(git('rev-parse', '--show-toplevel').trim()); } catch {
      throw new Failure(`'${a.file}' is not inside a git repository`);
    }
    let commit: string;
    try { commit = git('rev-parse', '--verify', '--quiet', `${a.rev}^{commit}`).trim(); } catch {
      throw new Failure(`--rev: '${a.rev}' is not a commit of the repository at ${top}`);
    }
    const rel = path.relative(top, file).split(path.sep).join('/');
    if (rel.startsWith('../') || path.isAbsolute(rel)) throw new Failure(`'${a.file}' is outside the git repository at ${top}`);
    const show = (p: string): string | undefined => {
      try { git('cat-file', '-e', `${commit}:${p}`); } catch { return undefined; }
      return git('show', `${commit}:${p}`);
    };
    const agentText = show(rel);
    if (agentText === undefined) throw new Failure(`'${rel}' does not exist at ${a.rev}`);
    const lockRel = rel.replace(/\.agent\.yaml$/, '.agent.lock.yaml');
    const lockText = show(lockRel);

    const root = findWorkspaceRoot(path.dirname(file), top);
    const { index, unreadable } = await loadFolder(root);
    for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
    const preview = restorePreview(index, uriOf(file), lockText, agentText);
    const relOf = (uri: string) => path.relative(root, pathOf(uri)).split(path.sep).join('/');

    if (a.format === 'json') {
      io.out(JSON.stringify({
        agent: rel,
        rev: a.rev,
        commit,
        lockFound: lockText !== undefined,
        changed: preview.changed.map((c) => ({ fullId: c.fullId, file: relOf(c.actionUri), changes: c.changes })),
        deleted: preview.deleted,
        moved: preview.moved,
        unlocked: preview.unlocked,
        unchanged: preview.unchanged,
      }, null, 2) + '\n');
    } else {
      io.out(formatText(preview, rel, a.rev, lockRel, lockText !== undefined, relOf));
    }
    return 0;
  } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n`);
    return 2;
  }
}

function formatText(p: RestorePreview, agent: string, rev: string, lockRel: string, lockFound: boolean, relOf: (uri: string) => string): string {
  const lines: string[] = [`Restore preview: ${agent} at ${rev}`];
  if (!lockFound) lines.push(`  (no lock at ${rev}: ${lockRel} did not exist, so no shape can be compared)`);
  lines.push('Restoring brings back that version\'s lock; each shared action keeps its current shape.', '');
  for (const c of p.changed) {
    lines.push(`changed    ${c.fullId} (${relOf(c.actionUri)})`);
    for (const ch of c.changes) lines.push(`             - ${ch.text}`);
  }
  for (const d of p.deleted) lines.push(`deleted    ${d.fullId}: re-link or remove it after restoring`);
  for (const m of p.moved) lines.push(`moved      ${m.fullId} → ${m.candidates.join(', ')}: re-link it after restoring`);
  for (const u of p.unlocked) lines.push(`not locked ${u}: that version's lock has no entry for it`);
  const total = p.changed.length + p.deleted.length + p.moved.length;
  if (total === 0 && p.unlocked.length === 0) lines.push('No linked shared action changed, moved or was deleted since this version was locked.');
  lines.push('', `${p.changed.length} changed, ${p.deleted.length} deleted, ${p.moved.length} moved, ${p.unlocked.length} not locked, ${p.unchanged} unchanged.`);
  return lines.join('\n') + '\n';
}
