// The heap settings of the CLI and the language server (server/src/node/heap.ts): the young generation stays at its
// starting size through a run that allocates much short-lived data, where V8's default grows it to 32 MB.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.join(__dirname, '..');

/** The young generation's size after a churn of short-lived objects, in a fresh process (tuned or not). */
function newSpaceAfterChurn(tuned: boolean): number {
  const script = [
    tuned ? `require(${JSON.stringify(path.join(ROOT, 'server/src/node/heap.ts'))}).tuneHeap();` : '',
    "const v8 = require('node:v8');",
    'let keep = [];',
    "for (let i = 0; i < 3e6; i++) { keep.push({ i, s: 'x' + i }); if (keep.length > 1000) keep = []; }",
    "console.log(v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size);",
  ].join('\n');
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

describe('heap settings', () => {
  it('keep the young generation from growing (the default grows it)', () => {
    const untuned = newSpaceAfterChurn(false);
    const tuned = newSpaceAfterChurn(true);
    assert.ok(untuned >= 8 * 1024 * 1024, `V8's default grew the young generation (${untuned} bytes)`);
    assert.ok(tuned <= 4 * 1024 * 1024, `tuned, it stayed small (${tuned} bytes)`);
  });

  it('are set by the CLI and the language server before they do any work', async () => {
    const { readFileSync } = await import('node:fs');
    for (const f of ['server/src/cli/main.ts', 'server/src/server.ts']) assert.match(readFileSync(path.join(ROOT, f), 'utf8'), /^tuneHeap\(\);$/m, f);
  });
});
