// Data-driven rule tests: every folder under test/fixtures/rules is a small workspace with an
// expected.json holding the findings exactly as `stellar-kit check --format json` prints them.
// `UPDATE_GOLDEN=1 npm test -- rules` rewrites the goldens: review every change before committing.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../server/src/cli/main';
import { allRules } from '../server/src/service/rules';
import { toJson } from '../server/src/cli/format';
import { loadFolder } from '../server/src/node/loadFolder';

const FIXTURES = path.join(__dirname, 'fixtures', 'rules');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

type JsonFinding = ReturnType<typeof toJson>[number];

async function check(root: string): Promise<JsonFinding[]> {
  const { index, unreadable } = await loadFolder(root);
  assert.deepEqual(unreadable, [], 'every fixture file is readable');
  const findings = index.allFindings();
  const texts = new Map<string, string>();
  for (const uri of index.uris()) texts.set(uri, index.text(uri)!);
  return toJson({ root, findings, texts, fileCount: index.uris().length });
}

const folders = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('rule fixtures', () => {
  it('every fixture folder is named <CODE>-<slug>, and every code SK001–SK082 has a positive and a negative fixture', () => {
    const codes = new Set<string>();
    it('docs/rules.md documents every code with its anchor and severity', () => {
      const doc = readFileSync(path.join(__dirname, '..', 'docs', 'rules.md'), 'utf8');
      for (const { code, severity } of allRules()) {
        assert.ok(doc.includes(`<a id="${code.toLowerCase()}"></a>`), `anchor for ${code}`);
        const section = doc.split(/\n(?=<a id=")/).find((s) => s.includes(`## ${code} — `));
        assert.ok(section, `a '## ${code} — title' heading`);
        assert.match(section, new RegExp(`\\*\\*Severity:\\*\\* ${severity}`), `${code} is documented as ${severity}`);
        assert.match(section, /\*\*Fix/, `${code} says how to fix it`);
      }
    });

    for (const name of folders) {
      assert.match(name, /^SK\d{3}-[a-z0-9-]+$/, `fixture folder '${name}'`);
      codes.add(`${name.slice(0, 5)}${name.includes('negative') ? '-' : '+'}`);
    }
    // SK090 needs git history: it has its own tests below.
    const catalogue = allRules()
      .map((r) => r.code)
      .filter((c) => c !== 'SK090');
    const missing = catalogue.flatMap((c) => [`${c}+`, `${c}-`]).filter((c) => !codes.has(c));
    assert.deepEqual(missing, [], 'codes without a positive (+) or negative (-) fixture');
  });

  for (const name of folders) {
    it(name, async () => {
      const dir = path.join(FIXTURES, name);
      const actual = await check(dir);
      const goldenFile = path.join(dir, 'expected.json');
      if (UPDATE) writeFileSync(goldenFile, JSON.stringify(actual, null, 2) + '\n');
      assert.ok(existsSync(goldenFile), `${name}/expected.json is missing: run with UPDATE_GOLDEN=1 and review it`);
      const expected = JSON.parse(readFileSync(goldenFile, 'utf8')) as JsonFinding[];
      assert.deepEqual(actual, expected);

      // The folder's name is a claim the golden must keep: a positive fixture finds its code, a negative one does not.
      const code = name.slice(0, 5);
      const hits = expected.filter((f) => f.code === code);
      if (name.includes('negative')) assert.equal(hits.length, 0, `${name}: a negative fixture must have no ${code}`);
      else assert.ok(hits.length > 0, `${name}: a positive fixture must have at least one ${code}`);
    });
  }
});

describe('SK090: deleting what active agents link (check --base)', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-rules-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  const integration = 'kind: custom-api\nname: Billing API\nenvironments:\n  production:\n    baseUrl: https://billing.example.com/v2\n';
  const action = (name: string, method = 'GET') =>
    `integration: billing-api\nname: ${name}\ndescription: ${name.replace(/_/g, ' ')}\nmethod: ${method}\npath: /${name}\n`;
  const agent = (status: string) =>
    `name: ${status} agent\nstatus: ${status}\nactions:\n  - link: billing-api/lookup_invoice\n    phases: [in-call]\n  - link: billing-api/list_orders\n`;

  function repo(): string {
    const dir = mkdtempSync(path.join(scratch, 'ws-'));
    const files: Record<string, string> = {
      'billing-api.integration.yaml': integration,
      'actions/lookup_invoice.action.yaml': action('lookup_invoice'),
      'actions/list_orders.action.yaml': action('list_orders'),
      'actions/unused.action.yaml': action('unused'),
      'agents/live.agent.yaml': agent('active'),
      'agents/draft.agent.yaml': agent('inactive'),
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    }
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Stellar Kit tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', ...args], {
        cwd: dir,
        stdio: 'pipe',
      });
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    return dir;
  }

  async function checkBase(dir: string): Promise<{ code: number; findings: JsonFinding[]; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['check', dir, '--base', 'HEAD', '--format', 'json'], {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
      color: false,
    });
    return { code, findings: JSON.parse(out) as JsonFinding[], err };
  }

  it('reports SK090 on the binding of the active agent, and none for the inactive one', async () => {
    const dir = repo();
    rmSync(path.join(dir, 'actions', 'lookup_invoice.action.yaml'));
    const r = await checkBase(dir);
    assert.equal(r.code, 1, r.err);
    const sk090 = r.findings.filter((f) => f.code === 'SK090');
    assert.deepEqual(sk090, [
      {
        file: 'agents/live.agent.yaml',
        range: { start: { line: 3, character: 10 }, end: { line: 3, character: 36 } },
        severity: 'error',
        code: 'SK090',
        message:
          "Binding 'billing-api/lookup_invoice' of active agent 'live' breaks: shared action 'billing-api/lookup_invoice' was deleted since HEAD. Unlink the binding, or keep the action.",
        related: [
          {
            file: 'actions/lookup_invoice.action.yaml',
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 11 } },
            message: "deleted shared action 'billing-api/lookup_invoice'",
          },
        ],
      },
    ]);
    // The deletion itself shows up as SK011 in both agents; only the active one is SK090.
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'SK011').map((f) => f.file),
      ['agents/draft.agent.yaml', 'agents/live.agent.yaml'],
    );
  });

  it('reports SK090 for every binding into a deleted integration', async () => {
    const dir = repo();
    rmSync(path.join(dir, 'billing-api.integration.yaml'));
    const r = await checkBase(dir);
    const sk090 = r.findings.filter((f) => f.code === 'SK090');
    assert.deepEqual(
      sk090.map((f) => [f.file, f.range.start.line]),
      [
        ['agents/live.agent.yaml', 3],
        ['agents/live.agent.yaml', 5],
      ],
    );
    assert.ok(
      sk090.every((f) => f.message.includes("integration 'billing-api' was deleted since HEAD")),
      sk090[0]?.message,
    );
  });

  it('reports no SK090 when the deleted action is not linked, or nothing was deleted', async () => {
    const dir = repo();
    assert.deepEqual(
      (await checkBase(dir)).findings.filter((f) => f.code === 'SK090'),
      [],
    );
    rmSync(path.join(dir, 'actions', 'unused.action.yaml'));
    const r = await checkBase(dir);
    assert.deepEqual(
      r.findings.filter((f) => f.code === 'SK090'),
      [],
    );
    assert.equal(r.code, 0, JSON.stringify(r.findings));
  });
});
