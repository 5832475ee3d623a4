/**
 * A workspace folder as it was at a git revision, read from git's objects into an index (`ls-tree` for the
 * files, one `cat-file --batch` for their texts): the work tree is never checked out or touched. Bounded in
 * files and bytes. Shared by `stellar-kit review` and the language server's review code lens.
 */
import { spawn } from 'node:child_process';
import { realpathSync } from 'node:fs';
import * as path from 'node:path';
import { ALWAYS_EXCLUDED, kindOf, WorkspaceIndex } from '../service';
import { commitOf, git, GIT_ENV, GIT_OPTIONS, GitError, repositoryOf } from './git';
import { relPath, uriOf } from './loadFolder';

export const TREE_LIMITS = { files: 20_000, bytes: 64 << 20 };

export interface TreeAtRevision {
  /** The repository's top folder (real path). */
  top: string;
  /** The full hash `rev` names. */
  commit: string;
  index: WorkspaceIndex;
}

interface Blob {
  object: string;
  size: number;
  /** Where the file is in the work tree (absolute, under the folder as given). */
  file: string;
}

/** The Stellar files below `rel` (the folder relative to `top`) at `commit`, skipping excluded folders. */
async function listBlobs(top: string, commit: string, rel: string, folder: string, exclude: string[]): Promise<Blob[]> {
  const out = await git(top, ['ls-tree', '-r', '-z', '--long', commit, ...(rel ? ['--', rel] : [])]);
  const rootUri = uriOf(folder);
  const skip = new Set(exclude);
  const blobs: Blob[] = [];
  for (const entry of out.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, object, size] = entry.slice(0, tab).split(/ +/);
    const inFolder = rel ? path.posix.relative(rel, entry.slice(tab + 1)) : entry.slice(tab + 1);
    // Symbolic links (mode 120000) are not read from the work tree either (loadFolder takes files only).
    if (type !== 'blob' || mode === '120000' || inFolder.startsWith('../')) continue;
    const dirs = inFolder.split('/').slice(0, -1);
    if (dirs.some((d, i) => ALWAYS_EXCLUDED.has(d) || skip.has(d) || skip.has(dirs.slice(0, i + 1).join('/')))) continue;
    const file = path.join(folder, ...inFolder.split('/'));
    if (kindOf(uriOf(file), rootUri)) blobs.push({ object, size: Number(size), file });
  }
  return blobs;
}

/** The contents of the blobs, in order, from one `git cat-file --batch`. */
function readBlobs(top: string, blobs: Blob[]): Promise<string[]> {
  if (blobs.length === 0) return Promise.resolve([]);
  return new Promise((resolve, reject) => {
    const p = spawn('git', [...GIT_OPTIONS, 'cat-file', '--batch'], { cwd: top, env: { ...process.env, ...GIT_ENV }, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    p.stdout.on('data', (c: Buffer) => chunks.push(c));
    p.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    p.on('error', (e) => reject(new GitError('no-git', `git could not be started: ${e.message}`)));
    p.on('close', (code) => {
      if (code !== 0) return reject(new GitError('failed', `git cat-file failed: ${stderr.trim() || `exit ${code}`}`));
      const all = Buffer.concat(chunks);
      const texts: string[] = [];
      let at = 0;
      for (const b of blobs) {
        const eol = all.indexOf(10, at); // "<object> blob <size>\n<content>\n"
        if (eol < 0) return reject(new GitError('failed', 'git cat-file ended early'));
        texts.push(all.subarray(eol + 1, eol + 1 + b.size).toString('utf8'));
        at = eol + 1 + b.size + 1;
      }
      resolve(texts);
    });
    p.stdin.on('error', () => undefined); // a git that exits early is reported by 'close'
    p.stdin.end(blobs.map((b) => b.object + '\n').join(''));
  });
}

/**
 * The folder as it was at `rev`, in an index whose uris are those of the work tree's files (so both revisions
 * name a file alike). A folder that did not exist there gives an empty index. GitErrors say what is wrong.
 */
export async function treeAtRevision(folder: string, rev: string, exclude: string[] = [], limits = TREE_LIMITS): Promise<TreeAtRevision> {
  const resolved = path.resolve(folder);
  const top = await repositoryOf(resolved);
  const commit = await commitOf(top, rev);
  const rel = relPath(top, realpathSync(resolved));
  const blobs = await listBlobs(top, commit, rel, resolved, exclude);
  const bytes = blobs.reduce((n, b) => n + b.size, 0);
  if (blobs.length > limits.files || bytes > limits.bytes) {
    const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`;
    throw new GitError(
      'too-large',
      `the workspace at ${rev} holds ${blobs.length.toLocaleString('en-US')} Stellar files (${mb(bytes)}): more than the ${limits.files.toLocaleString('en-US')} files or ${mb(limits.bytes)} read from git for a comparison`,
    );
  }
  const texts = await readBlobs(top, blobs);
  const index = new WorkspaceIndex(uriOf(resolved));
  blobs.forEach((b, i) => index.setFile(uriOf(b.file), texts[i]));
  index.flush();
  return { top, commit, index };
}

/**
 * The branch a workspace's changes are reviewed against when no setting names one: the upstream's default branch
 * (`origin/HEAD`, as `git clone` records it), else `main`, else `master`; undefined when none exists.
 */
export async function defaultBaseBranch(top: string): Promise<string | undefined> {
  try {
    const upstream = (await git(top, ['symbolic-ref', '--quiet', '--short', 'refs/remotes/origin/HEAD'])).trim();
    if (upstream) return upstream;
  } catch (e) {
    if (e instanceof GitError) throw e;
  }
  for (const branch of ['main', 'master']) {
    try {
      await git(top, ['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`]);
      return branch;
    } catch (e) {
      if (e instanceof GitError) throw e;
    }
  }
  return undefined;
}
