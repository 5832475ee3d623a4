// The rule registry (server/src/service/rules/): one module per finding code, and everything derived from it
// agrees with it: module files, docs/rules.md, and every finding of every golden fixture (severity, data).
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { toSarif } from '../server/src/cli/format';
import { loadFolder } from '../server/src/node/loadFolder';
import { dataProblem, finding, allRules, ruleOf, severityOf, type Rule } from '../server/src/service/rules';
import type { Finding } from '../server/src/service/types';

const ROOT = path.join(__dirname, '..');
const RULES_DIR = path.join(ROOT, 'server', 'src', 'service', 'rules');
const FIXTURES = path.join(__dirname, 'fixtures', 'rules');
/** The catalogue of the product (DOMAIN.md §3), as docs/rules.md's summary table lists it. */
const DOC = readFileSync(path.join(ROOT, 'docs', 'rules.md'), 'utf8');
const TABLE = [...DOC.matchAll(/^\| \[(SK\d{3})\]\(#sk\d{3}\) \| ([^|]+) \| ([^|]+) \|$/gm)].map((m) => ({
  code: m[1],
  severity: m[2].trim(),
  title: m[3].trim(),
}));

describe('rule registry', () => {
  it('lists every code of the catalogue once, in code order', () => {
    const codes = allRules().map((r) => r.code);
    assert.ok(codes.length >= 31, `${codes.length} rules`);
    assert.deepEqual(codes, [...new Set(codes)].sort(), 'unique and sorted');
    assert.deepEqual(
      codes,
      TABLE.map((t) => t.code),
      "the codes of docs/rules.md's table",
    );
  });

  it('has exactly one module per code, named SKnnn-<slug>.ts after the code it exports', async () => {
    const files = readdirSync(RULES_DIR)
      .filter((f) => f !== 'index.ts' && f !== 'rule.ts')
      .sort();
    for (const f of files) assert.match(f, /^SK\d{3}-[a-z0-9]+(-[a-z0-9]+)*\.ts$/, `module file '${f}'`);
    assert.deepEqual(
      files.map((f) => f.slice(0, 5)),
      allRules().map((r) => r.code),
      'one file per registered code, no file without a rule',
    );
    const index = readFileSync(path.join(RULES_DIR, 'index.ts'), 'utf8');
    for (const f of files) {
      const code = f.slice(0, 5);
      const mod = (await import(path.join(RULES_DIR, f))) as Record<string, unknown>;
      const rules = Object.values(mod).filter((v): v is Rule => typeof v === 'object' && v !== null && 'code' in v && 'severity' in v && 'doc' in v);
      assert.equal(rules.length, 1, `${f} exports one Rule`);
      assert.equal(rules[0].code, code, `${f} exports the rule of ${code}`);
      assert.equal(ruleOf(code), rules[0], `the registry holds ${f}'s rule`);
      assert.ok(index.includes(`from './${f.replace(/\.ts$/, '')}'`), `index.ts imports ${f}`);
    }
  });

  it("holds docs/rules.md equal: each section's title, severity and first paragraph are the rule's", () => {
    for (const rule of allRules()) {
      const row = TABLE.find((t) => t.code === rule.code)!;
      assert.equal(row.title, rule.title, `${rule.code} title in the table`);
      const severities = [rule.severity, ...Object.values(rule.variants ?? {}).map((v) => v.severity)];
      assert.equal(row.severity, [...new Set(severities)].join(' / '), `${rule.code} severity in the table`);
      const section = DOC.split(/\n(?=<a id="sk\d{3}"><\/a>)/).find((s) => s.startsWith(`<a id="${rule.code.toLowerCase()}"></a>`));
      assert.ok(section, `docs/rules.md has a section for ${rule.code}`);
      const heading = /\n## (SK\d{3}) — ([^\n]+)\n/.exec(section);
      assert.deepEqual(heading?.slice(1), [rule.code, rule.title], `${rule.code} heading`);
      assert.match(section, new RegExp(`\\*\\*Severity:\\*\\* ${rule.severity}\\b`), `${rule.code} is documented as ${rule.severity}`);
      for (const v of Object.values(rule.variants ?? {})) assert.ok(section.includes(v.severity), `${rule.code} documents its ${v.severity} variant`);
      assert.ok(section.includes(`\n\n${rule.doc}\n\n`), `${rule.code}: rule.doc is the section's first paragraph, verbatim`);
    }
  });

  it('types the data of every registered code (DataByCode in rules/index.ts lists each rule)', () => {
    const src = readFileSync(path.join(__dirname, '..', 'server', 'src', 'service', 'rules', 'index.ts'), 'utf8');
    const typed = [...src.matchAll(/^ {2}(SK\d{3}): DataOf<\(typeof \1\)\['data'\]>;$/gm)].map((m) => m[1]);
    assert.deepEqual(
      typed,
      allRules().map((r) => r.code),
    );
  });

  it('gives SARIF one rule per registered code, at its default severity', () => {
    const sarif = toSarif({ root: ROOT, findings: [], texts: new Map(), fileCount: 0 });
    const rules = sarif.runs[0].tool.driver.rules;
    const level = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;
    assert.deepEqual(
      rules.map((r) => [r.id, r.shortDescription.text, r.defaultConfiguration.level]),
      allRules().map((r) => [r.code, r.title, level[r.severity]]),
    );
  });

  it('looks severities up by code or named variant, and refuses codes it does not know', () => {
    assert.equal(severityOf('SK061'), 'warning');
    assert.equal(severityOf('SK061.cannotTell'), 'information');
    assert.equal(severityOf('SK001.yamlWarning'), 'warning');
    const f = finding('SK061.cannotTell', 'file:///w/a.agent.yaml', { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, 'm');
    assert.deepEqual([f.code, f.severity], ['SK061', 'information']);
    assert.throws(() => severityOf('SK999'), /SK999 is not in the rule registry/);
    assert.throws(() => severityOf('SK013.nothing'), /SK013 has no variant 'nothing'/);
  });

  it('checks data against a shape: required and optional fields, types, unexpected fields', () => {
    const shape = ruleOf('SK013')!.data;
    assert.equal(dataProblem(shape, { fullId: 'a/b', changes: ['method'] }), undefined);
    assert.equal(dataProblem(shape, undefined), undefined);
    assert.equal(dataProblem(shape, { fullId: 'a/b' }), "missing field 'changes'");
    assert.equal(dataProblem(shape, { fullId: 'a/b', changes: [1] }), "field 'changes' is not string[]");
    assert.equal(dataProblem(shape, { fullId: 'a/b', changes: [], extra: 1 }), "unexpected field 'extra'");
    assert.equal(dataProblem(ruleOf('SK061')!.data, { tool: 't', suggestion: undefined }), undefined, 'an optional field may be undefined');
  });
});

describe('golden fixtures against the registry', () => {
  const folders = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();

  it("every finding of every golden fixture has its code's registered severity (or a named variant's) and data of its shape", async () => {
    let count = 0;
    const seen = new Set<string>();
    for (const name of folders) {
      const { index } = await loadFolder(path.join(FIXTURES, name));
      const findings: Finding[] = index.allFindings();
      const golden = JSON.parse(readFileSync(path.join(FIXTURES, name, 'expected.json'), 'utf8')) as { code: string; severity: string }[];
      assert.deepEqual(
        findings.map((f) => [f.code, f.severity]),
        golden.map((g) => [g.code, g.severity]),
        `${name}: the findings are the golden ones`,
      );
      for (const f of findings) {
        const rule = ruleOf(f.code);
        assert.ok(rule, `${name}: ${f.code} is registered`);
        const allowed = [rule.severity, ...Object.values(rule.variants ?? {}).map((v) => v.severity)];
        assert.ok(allowed.includes(f.severity), `${name}: ${f.code} is ${f.severity}, registered ${allowed.join(' or ')}`);
        assert.equal(dataProblem(rule.data, f.data), undefined, `${name}: ${f.code} data ${JSON.stringify(f.data)}`);
        seen.add(f.code);
        count++;
      }
    }
    assert.ok(count > 100, `${count} findings checked`);
    // SK090 needs git history (test/rules.test.ts); every other code shows up in some fixture.
    assert.deepEqual(
      allRules()
        .map((r) => r.code)
        .filter((c) => c !== 'SK090' && !seen.has(c)),
      [],
      'codes no fixture produces',
    );
  });
});
