import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The workspace root of a file in `start`: the nearest folder up holding stellar.yaml (not past a git top),
 * else the git top level, else `start` itself.
 */
export function findWorkspaceRoot(start: string, gitTop?: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try { if (statSync(path.join(dir, 'stellar.yaml')).isFile()) return dir; } catch { /* keep looking */ }
    if (existsSync(path.join(dir, '.git')) || path.dirname(dir) === dir) break;
  }
  if (gitTop) return gitTop;
  try {
    return execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: start, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return start;
  }
}
