import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The workspace root of a file in `start`: the nearest folder up holding stellar.yaml (not past a git top),
 * else the git top level, else `start` itself.
 */
export function findWorkspaceRoot(start: string, gitTop?: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      if (statSync(path.join(dir, 'stellar.yaml')).isFile()) return dir;
    } catch {
      /* keep looking */
    }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  if (gitTop) return gitTop;
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: start, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return start;
  }
}

/** The git top level of the repository holding `folder`, or undefined outside a repository (or without git). */
export function gitTopLevel(folder: string): string | undefined {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: folder, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return top || undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where CI reports name files from: `basePath` when given, else the git top level of `folder`, else `folder`.
 * `prefix` is the checked folder relative to that base (`/` separators, '' for the base itself); an error when
 * the base does not contain the folder.
 */
export function reportBase(folder: string, basePath?: string): { base: string; prefix: string } | { error: string } {
  const base = basePath !== undefined ? path.resolve(basePath) : (gitTopLevel(folder) ?? folder);
  let realBase: string;
  let realFolder: string;
  try {
    realBase = realpathSync(base);
    realFolder = realpathSync(folder);
  } catch {
    return { error: `--base-path '${basePath}' does not exist` };
  }
  const prefix = path.relative(realBase, realFolder).split(path.sep).join('/');
  if (prefix === '..' || prefix.startsWith('../') || path.isAbsolute(prefix)) {
    return { error: `--base-path '${basePath ?? base}' does not contain the checked folder '${folder}': give the repository root or another folder above it` };
  }
  return { base: realBase, prefix };
}
