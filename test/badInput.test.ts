// Malformed input: every bad file gets located findings, nothing throws, and the rest of the workspace
// is still checked. Each fixture folder under test/fixtures/bad-input holds a bad file next to
// orders.integration.yaml, a good file with a known finding (SK030 on line 2: no environment slot).
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { toJson } from '../server/src/cli/format';
import { loadFolder } from '../server/src/node/loadFolder';
import { WorkspaceIndex } from '../server/src/service/workspace';

const repo = path.resolve(__dirname, '..');
const FIXTURES = path.join(__dirname, 'fixtures', 'bad-input');
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-bad-input-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

type JsonFinding = ReturnType<typeof toJson>[number];
/** A finding as [file, code, line], the line 1-based as an editor shows it. */
type Located = [string, string, number];

async function check(root: string): Promise<JsonFinding[]> {
  const { index, unreadable } = await loadFolder(root);
  assert.deepEqual(unreadable, []);
  return toJson({ root, findings: index.allFindings(), texts: new Map(), fileCount: index.uris().length });
}

const located = (fs: JsonFinding[], file?: string): Located[] =>
  fs.filter((f) => file === undefined || f.file === file).map((f) => [f.file, f.code, f.range.start.line + 1]);

const WITNESS: Located = ['orders.integration.yaml', 'SK030', 2];

/** Copies a fixture folder (or only the witness) to a scratch folder, to add generated files. */
function scratchCopy(name: string, from = 'malformed-yaml', only = ['orders.integration.yaml']): string {
  const dir = path.join(scratch, name);
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(path.join(FIXTURES, from))) if (only.includes(f)) copyFileSync(path.join(FIXTURES, from, f), path.join(dir, f));
  return dir;
}

/** Deterministic pseudo-random bytes (the test must not depend on luck). */
function junk(size: number, seed: number, withNul: boolean): Buffer {
  const b = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    b[i] = (x >> 16) & 0xff;
    if (!withNul && b[i] === 0) b[i] = 0x7f;
  }
  if (withNul) b[size >> 1] = 0;
  return b;
}

describe('bad input', () => {
  const cases: [string, string, Located[]][] = [
    [
      'malformed YAML: every syntax error is located',
      'malformed-yaml',
      [
        ['support.agent.yaml', 'SK001', 3], // plain value with ': '
        ['support.agent.yaml', 'SK001', 8], // duplicate key `name`
        ['support.agent.yaml', 'SK001', 9], // text after a quoted value
        ['support.agent.yaml', 'SK001', 13], // bad indentation
        ['support.agent.yaml', 'SK001', 17], // stray `]`
      ],
    ],
    [
      'wrong types: each value is named, none throws',
      'wrong-types',
      [
        ['billing-api.integration.yaml', 'SK002', 3],
        ['support.agent.yaml', 'SK002', 1],
        ['support.agent.yaml', 'SK002', 2],
        ['support.agent.yaml', 'SK002', 3],
        ['support.agent.yaml', 'SK002', 4],
        ['support.agent.yaml', 'SK002', 9],
        ['support.agent.yaml', 'SK002', 10],
        ['support.agent.yaml', 'SK002', 11],
      ],
    ],
    [
      'an empty file, and one with comments only',
      'empty-file',
      [
        ['lookup_invoice.action.yaml', 'SK002', 1],
        ['support.agent.yaml', 'SK002', 1],
      ],
    ],
    ['a list where a map belongs', 'list-not-map', [['billing-api.integration.yaml', 'SK002', 1]]],
    ['a YAML alias bomb (billion laughs) is not expanded', 'alias-bomb', [['support.agent.yaml', 'SK001', 4]]],
    [
      'duplicate keys, top level and nested',
      'duplicate-keys',
      [
        ['lookup_invoice.action.yaml', 'SK001', 8],
        ['lookup_invoice.action.yaml', 'SK001', 9],
      ],
    ],
    [
      'a schema-valid agent whose parameters schema is broken',
      'broken-parameters',
      [
        ['support.agent.yaml', 'SK043', 8], // type: objekt
        ['support.agent.yaml', 'SK043', 16], // properties: 5
        ['support.agent.yaml', 'SK043', 23], // minimum: "zero"
        ['support.agent.yaml', 'SK043', 24], // required: [missing]
      ],
    ],
  ];

  for (const [title, folder, expected] of cases) {
    it(title, async () => {
      const findings = await check(path.join(FIXTURES, folder));
      const bad = located(findings).filter(([file]) => file !== WITNESS[0]);
      assert.deepEqual(bad, expected);
      assert.deepEqual(located(findings, WITNESS[0]), [WITNESS], 'the good file next to the bad one is still checked');
      for (const f of findings) assert.ok(f.message.length > 20 && f.message.length < 400, `an actionable message: ${f.message}`);
    });
  }

  it('binary junk with NUL bytes: one SK001 at the first NUL', async () => {
    const dir = scratchCopy('binary');
    writeFileSync(path.join(dir, 'junk.agent.yaml'), junk(4096, 7, true));
    const findings = await check(dir);
    const bad = findings.filter((f) => f.file === 'junk.agent.yaml');
    assert.deepEqual(
      bad.map((f) => f.code),
      ['SK001'],
    );
    assert.match(bad[0].message, /NUL bytes/);
    assert.deepEqual(located(findings, WITNESS[0]), [WITNESS]);
  });

  it('binary junk without NUL bytes: findings, no exception', async () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const idx = new WorkspaceIndex('file:///ws');
      idx.setFile('file:///ws/junk.action.yaml', junk(2048, seed, false).toString('utf8'));
      idx.setFile('file:///ws/orders.integration.yaml', 'kind: custom-api\nname: Orders\n');
      const findings = idx.allFindings();
      assert.ok(
        findings.some((f) => f.uri.endsWith('junk.action.yaml')),
        `seed ${seed}: the junk file has findings`,
      );
      assert.ok(
        findings.some((f) => f.uri.endsWith('orders.integration.yaml') && f.code === 'SK030'),
        `seed ${seed}: the good file is checked`,
      );
    }
  });

  it('a 5 MB file is not parsed: one SK001 on its first line', async () => {
    const dir = scratchCopy('huge');
    const line = '  - { name: output_variable_with_a_long_name, path: "$.data.items[0].attributes.value" }\n';
    writeFileSync(
      path.join(dir, 'huge.action.yaml'),
      'integration: orders\nname: huge\noutputVariables:\n' + line.repeat(Math.ceil((5 * 1024 * 1024) / line.length)),
    );
    const started = Date.now();
    const findings = await check(dir);
    assert.ok(Date.now() - started < 3000, 'a huge file does not stall the check');
    const bad = findings.filter((f) => f.file === 'huge.action.yaml');
    assert.deepEqual(located(bad), [['huge.action.yaml', 'SK001', 1]]);
    assert.match(bad[0].message, /5\.0 MB, over the 2 MB limit/);
    assert.deepEqual(located(findings, WITNESS[0]), [WITNESS]);
  });

  it('deeply nested YAML: located findings, no stack overflow', () => {
    for (const depth of [1000, 5000]) {
      const idx = new WorkspaceIndex('file:///ws');
      idx.setFile('file:///ws/deep.agent.yaml', `name: Deep\nstatus: active\nstates: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
      const findings = idx.allFindings();
      assert.ok(findings.length > 0 && findings.every((f) => f.range.start.line === 2), JSON.stringify(findings.map((f) => [f.code, f.range.start.line])));
    }
  });

  it('the CLI exits 1 with findings and no stack trace on malformed input', () => {
    const cli = path.join(repo, 'dist', 'cli.js');
    assert.ok(existsSync(cli), 'dist/cli.js is built (npm test builds it first)');
    const dir = scratchCopy('cli');
    writeFileSync(path.join(dir, 'junk.agent.yaml'), junk(1024, 11, true));
    for (const f of readdirSync(path.join(FIXTURES, 'alias-bomb'))) copyFileSync(path.join(FIXTURES, 'alias-bomb', f), path.join(dir, f));
    copyFileSync(path.join(FIXTURES, 'malformed-yaml', 'support.agent.yaml'), path.join(dir, 'malformed.agent.yaml'));
    copyFileSync(path.join(FIXTURES, 'list-not-map', 'billing-api.integration.yaml'), path.join(dir, 'billing-api.integration.yaml'));
    for (const format of ['text', 'json']) {
      const r = spawnSync(process.execPath, [cli, 'check', dir, '--format', format], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
      assert.equal(r.status, 1, r.stderr);
      assert.equal(r.stderr, '', 'nothing on stderr: no stack trace');
      assert.doesNotMatch(r.stdout, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace in the report');
      for (const file of ['junk.agent.yaml', 'support.agent.yaml', 'malformed.agent.yaml', 'billing-api.integration.yaml', 'orders.integration.yaml']) {
        assert.ok(r.stdout.includes(file), `${format}: ${file} is reported`);
      }
    }
  });
});

describe('self-referencing alias', () => {
  it('is reported at the alias, not walked forever', async () => {
    const { WorkspaceIndex } = await import('../server/src/service/workspace');
    const index = new WorkspaceIndex('file:///ws');
    index.setFile('file:///ws/a.agent.yaml', 'name: x\nstatus: active\nstates: &x [*x]\n');
    const findings = index.findings('file:///ws/a.agent.yaml');
    assert.deepEqual(
      findings.map((f) => [f.code, f.range.start.line]),
      [['SK001', 2]],
    );
    assert.match(findings[0].message, /refers to a node that contains it/);
  });
});
