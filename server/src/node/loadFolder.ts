import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { ALWAYS_EXCLUDED, kindOf } from '../service';
import { WorkspaceIndex } from '../service';
import { analyzeFiles } from './parallel';
import { uriOf } from './uris';

export { pathOf, uriOf } from './uris';

/** `file` relative to the folder `root`, with `/` separators: how reports and settings name files. */
export function relPath(root: string, file: string): string {
  return path.relative(root, file).split(path.sep).join('/');
}

/**
 * Every Stellar file below `root`, skipping `.git`, `node_modules` and `exclude` folder names or relative paths.
 * A folder that cannot be read is told to `unreadable` (its files are missing from the list, which the caller says).
 */
export async function listStellarFiles(root: string, exclude: string[] = [], unreadable?: (dir: string, error: string) => void): Promise<string[]> {
  const rootUri = uriOf(root);
  const out: string[] = [];
  const skip = new Set(exclude);
  async function walk(dir: string): Promise<void> {
    let items: import('node:fs').Dirent[];
    try {
      items = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      unreadable?.(dir, (e as NodeJS.ErrnoException).code ?? (e as Error).message);
      return;
    }
    await Promise.all(
      items.map(async (it) => {
        const full = path.join(dir, it.name);
        if (it.isDirectory()) {
          const rel = relPath(root, full);
          if (ALWAYS_EXCLUDED.has(it.name) || skip.has(it.name) || skip.has(rel)) return;
          await walk(full);
        } else if (it.isFile() && kindOf(uriOf(full), rootUri)) {
          out.push(full);
        }
      }),
    );
  }
  await walk(path.resolve(root));
  return out.sort();
}

/**
 * Loads a folder into a fresh index, analysing files on every core for large folders (node/parallel.ts).
 * Unreadable files are returned, not thrown.
 */
export async function loadFolder(root: string, exclude: string[] = []): Promise<{ index: WorkspaceIndex; unreadable: { file: string; error: string }[] }> {
  const index = new WorkspaceIndex(uriOf(root));
  const unreadable: { file: string; error: string }[] = [];
  const files = await listStellarFiles(root, exclude, (dir, error) => unreadable.push({ file: dir, error: `folder not readable (${error})` }));
  for (const r of await analyzeFiles(index.rootUri, files)) {
    if (r.text === undefined) unreadable.push({ file: r.file, error: r.error ?? 'unreadable' });
    else if (r.analysis) index.setAnalyzed(r.uri, r.text, r.analysis);
  }
  return { index, unreadable };
}
