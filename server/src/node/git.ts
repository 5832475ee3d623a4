/**
 * Running git for Stellar Kit's Node side (restore previews, reviews, `check --base`): one way to call it, one
 * error type whose messages say what is wrong in the user's terms, and the two questions every caller asks
 * first (which repository holds this folder, which commit does this revision name).
 */
import { execFile } from 'node:child_process';
import { realpathSync } from 'node:fs';

export type GitErrorKind = 'no-git' | 'not-a-repository' | 'outside' | 'never-committed' | 'bad-revision' | 'missing-at-revision' | 'too-large' | 'failed';

export class GitError extends Error {
  constructor(
    readonly kind: GitErrorKind,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BUFFER = 64 << 20;

/** What every git run here is given: no prompt for credentials, no optional lock taken in the repository. */
export const GIT_ENV = { GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };
export const GIT_OPTIONS = ['-c', 'core.fsmonitor=false', '--no-pager', '--literal-pathspecs'];

/** Runs git in `cwd`: pathspecs taken literally, and a repository's config cannot start a file system monitor. */
export function git(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...GIT_OPTIONS, ...args], { cwd, encoding: 'utf8', maxBuffer: MAX_BUFFER, env: { ...process.env, ...GIT_ENV } }, (e, stdout, stderr) => {
      if (!e) return resolve(stdout);
      if ((e as NodeJS.ErrnoException).code === 'ENOENT')
        return reject(new GitError('no-git', 'git is not installed (or not on the PATH): the versions of an agent are its git history, so git is needed.'));
      reject(Object.assign(new Error(String(stderr || e.message).trim()), { stderr: String(stderr) }));
    });
  });
}

/** The git top level (real path) holding `cwd`; a GitError ('not-a-repository') naming `shown` and `why` outside one. */
export async function repositoryOf(cwd: string, shown = cwd, why = 'so it has no revision to compare with'): Promise<string> {
  try {
    return realpathSync((await git(cwd, ['rev-parse', '--show-toplevel'])).trim());
  } catch (e) {
    if (e instanceof GitError) throw e;
    throw new GitError('not-a-repository', `'${shown}' is not inside a git repository, ${why}.`);
  }
}

/** The commit `rev` names in the repository at `top`; a GitError ('bad-revision') when it names none. */
export async function commitOf(top: string, rev: string): Promise<string> {
  if (rev === '' || rev.startsWith('-')) throw new GitError('bad-revision', `'${rev}' is not a git revision`);
  try {
    return (await git(top, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
  } catch (e) {
    if (e instanceof GitError) throw e;
    throw new GitError('bad-revision', `'${rev}' is not a commit of the repository at ${top}`);
  }
}
