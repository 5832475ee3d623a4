// Runs every test file under test/ with node's own test runner (Node 20 does not expand globs itself).
// Arguments filter the files by substring: `npm test -- cli lsp`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import * as path from 'node:path';

const filters = process.argv.slice(2);
const files = [];
(function walk(dir) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { if (e.name !== 'fixtures' && e.name !== '.tmp') walk(full); }
    else if (e.name.endsWith('.test.ts') && (filters.length === 0 || filters.some((f) => full.includes(f)))) files.push(full);
  }
})('test');
files.sort();

if (existsSync('scripts/install-test-deps.sh')) {
  const deps = spawnSync('bash', ['scripts/install-test-deps.sh'], { stdio: 'inherit' });
  if (deps.status !== 0) process.exit(deps.status ?? 1);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
