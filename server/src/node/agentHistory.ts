/**
 * An agent's versions in git, for restore previews: the commits that touched the agent or its lock, and
 * both files as they were at one commit. Shared by `stellar-kit restore-preview` and the language server.
 * Every failure is a GitError whose message says what is wrong in the user's terms.
 */
import { existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { commitOf, git, GitError, repositoryOf } from './git';
import { relPath } from './loadFolder';

export interface AgentCommit {
  hash: string;
  date: string;
  author: string;
  subject: string;
}

export interface AgentVersion {
  /** The repository's top folder (real path). */
  top: string;
  /** The agent and lock files relative to `top`, with `/`. */
  agentRel: string;
  lockRel: string;
  /** The full hash the revision names. */
  commit: string;
  agentText: string;
  /** Undefined when the lock did not exist at that commit. */
  lockText?: string;
}

/** The file's absolute path with its existing folders resolved (git reports real paths); the file itself may be gone. */
function realFile(file: string): string {
  let dir = path.dirname(path.resolve(file));
  const rest: string[] = [path.basename(file)];
  while (!existsSync(dir) && path.dirname(dir) !== dir) {
    rest.unshift(path.basename(dir));
    dir = path.dirname(dir);
  }
  return path.join(realpathSync(dir), ...rest);
}

function nearestExisting(dir: string): string {
  while (!existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

interface Located {
  top: string;
  cwd: string;
  agentRel: string;
  lockRel: string;
}

/** The repository holding the agent file; `shown` names the file in messages. */
async function locate(agentFile: string, shown: string): Promise<Located> {
  const file = realFile(agentFile);
  const cwd = nearestExisting(path.dirname(file));
  const top = await repositoryOf(cwd, shown, 'so it has no versions to restore');
  const agentRel = relPath(top, file);
  if (agentRel.startsWith('../') || path.isAbsolute(agentRel)) throw new GitError('outside', `'${shown}' is outside the git repository at ${top}`);
  return { top, cwd, agentRel, lockRel: agentRel.replace(/\.agent\.yaml$/, '.agent.lock.yaml') };
}

/** Newest first: the commits that changed the agent file or its lock (each is a version that can be restored). */
export async function agentHistory(agentFile: string, shown = agentFile, limit = 200): Promise<{ agentRel: string; commits: AgentCommit[] }> {
  const at = await locate(agentFile, shown);
  let out: string;
  try {
    await git(at.cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);
  } catch (e) {
    if (e instanceof GitError) throw e;
    throw new GitError(
      'never-committed',
      `'${at.agentRel}' has never been committed (the repository has no commits yet): commit it to have versions to restore.`,
    );
  }
  try {
    out = await git(at.top, ['log', `--max-count=${limit}`, '--format=%H%x1f%aI%x1f%an%x1f%s%x1e', 'HEAD', '--', at.agentRel, at.lockRel]);
  } catch (e) {
    if (e instanceof GitError) throw e;
    throw new GitError('failed', `git log failed for '${at.agentRel}': ${(e as Error).message}`);
  }
  const commits = out
    .split('\x1e')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => {
      const [hash, date, author, subject] = r.split('\x1f');
      return { hash, date, author, subject: subject ?? '' };
    });
  if (commits.length === 0) throw new GitError('never-committed', `'${at.agentRel}' has never been committed: commit it to have versions to restore.`);
  return { agentRel: at.agentRel, commits };
}

/** The agent and its lock as they were at `rev`. */
export async function agentAtRevision(agentFile: string, rev: string, shown = agentFile): Promise<AgentVersion> {
  if (rev.startsWith('-')) throw new GitError('bad-revision', `'${rev}' is not a git revision`);
  const at = await locate(agentFile, shown);
  const commit = await commitOf(at.top, rev);
  const show = async (rel: string): Promise<string | undefined> => {
    try {
      await git(at.top, ['cat-file', '-e', `${commit}:${rel}`]);
    } catch (e) {
      if (e instanceof GitError) throw e;
      return undefined;
    }
    return git(at.top, ['show', `${commit}:${rel}`]);
  };
  const agentText = await show(at.agentRel);
  if (agentText === undefined) throw new GitError('missing-at-revision', `'${at.agentRel}' does not exist at ${rev}`);
  return { top: at.top, agentRel: at.agentRel, lockRel: at.lockRel, commit, agentText, lockText: await show(at.lockRel) };
}
