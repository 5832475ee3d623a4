// The CLI's multi-threaded load (node/parallel.ts) must give exactly the findings of a single-threaded one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const CLI = path.resolve('dist/cli.js');

function check(folder: string, threads: string): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'check', folder, '--format', 'json'], {
    encoding: 'utf8',
    env: { ...process.env, STELLAR_KIT_THREADS: threads },
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('multi-threaded load', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'sk-parallel-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports the same findings, in the same order, with 1, 2 and 3 threads', async () => {
    const { generate } = await import('../bench/generate.mjs' as string);
    const out = path.join(dir, 'ws');
    generate({ files: 400, seed: 11, out });
    // An unreadable-as-YAML file and a broken one, so failures travel through the workers too.
    writeFileSync(path.join(out, 'broken.agent.yaml'), 'name: [unclosed\n');
    writeFileSync(path.join(out, 'binary.action.yaml'), 'a\u0000b');
    const one = check(out, '1');
    assert.equal(one.status, 1, one.stderr);
    const findings = JSON.parse(one.stdout) as { file: string; code: string }[];
    assert.ok(findings.some((f) => f.file === 'broken.agent.yaml' && f.code === 'SK001'));
    assert.ok(findings.some((f) => f.file === 'binary.action.yaml' && f.code === 'SK001'));
    for (const threads of ['2', '3']) {
      const many = check(out, threads);
      assert.equal(many.status, one.status, many.stderr);
      assert.equal(many.stdout, one.stdout, `${threads} threads`);
      assert.equal(many.stderr, '');
    }
  });
});
