import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { pairsOf, parseArgs, UsageError } from '../server/src/cli/args';

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const example = path.join(repo, 'examples', 'acme-support');
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function run(args: string[], cwd = repo) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name);
  for (const [f, text] of Object.entries(files)) {
    const full = path.join(dir, f);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
  return dir;
}

const clean = {
  'stellar.yaml': 'secrets:\n  TOKEN: api token\n',
  'api.integration.yaml': 'kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:1", auth: tok }\n',
  'tok.auth.yaml': 'type: bearer\nname: Token\nenvironments:\n  development: { token: { secret: TOKEN } }\n',
  'ping.action.yaml': 'integration: api\nname: ping\ndescription: Ping\nmethod: GET\npath: /ping\n',
};

describe('stellar-kit check', () => {
  it("reports the example's two deliberate findings in text with file:line:col and a caret", () => {
    const r = run(['check', example]);
    assert.equal(r.code, 1, r.err);
    assert.match(
      r.out,
      /^agents\/billing-support\.agent\.yaml:87:11: error SK012 Binding 'billing-api\/refund_payment': the shared action moved to 'payments-api\/refund_payment'/m,
    );
    assert.match(r.out, /^agents\/order-desk\.agent\.yaml:10:11: warning SK013 /m);
    assert.match(r.out, /^ {2}87 \| {3}- link: billing-api\/refund_payment\n {5}\| {11}\^~{25}$/m);
    assert.match(r.out, /1 error, 1 warning, 0 information in 32 files checked\./);
  });

  it('prints json with 0-based ranges, relative paths and related locations', () => {
    const r = run(['check', example, '--format', 'json']);
    const findings = JSON.parse(r.out);
    assert.deepEqual(
      findings.map((f: { code: string }) => f.code),
      ['SK012', 'SK013'],
    );
    const moved = findings[0];
    assert.equal(moved.file, 'agents/billing-support.agent.yaml');
    assert.deepEqual(moved.range, { start: { line: 86, character: 10 }, end: { line: 86, character: 36 } });
    assert.equal(moved.severity, 'error');
    assert.deepEqual(
      moved.related.map((x: { file: string }) => x.file),
      ['integrations/payments-api/actions/refund_payment.action.yaml'],
    );
    assert.deepEqual(Object.keys(moved).sort(), ['code', 'file', 'message', 'range', 'related', 'severity']);
  });

  it('exits by --fail-on threshold', () => {
    const dir = workspace('warn-only', { ...clean, 'ping.action.yaml': clean['ping.action.yaml'] + 'headers:\n  Authorization: "Bearer abcdefghijkl"\n' });
    assert.equal(run(['check', dir]).code, 0, 'a warning does not fail at the default threshold');
    assert.equal(run(['check', dir, '--fail-on', 'warning']).code, 1);
    assert.equal(run(['check', dir, '--fail-on', 'information']).code, 1);
    assert.equal(run(['check', dir, '--fail-on', 'none']).code, 0);
    assert.equal(run(['check', workspace('clean', clean), '--fail-on', 'information']).code, 0);
  });

  it('checks the current folder by default', () => {
    const dir = workspace('cwd', clean);
    const r = run(['check'], dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /No problems in 4 files checked\./);
  });

  it('exits 2 on usage and I/O errors with a clear message', () => {
    for (const args of [
      ['check', '--format', 'xml'],
      ['check', '--fail-on', 'fatal'],
      ['check', '--bogus'],
      ['frobnicate'],
      ['check', 'a', 'b'],
      ['check', '--format'],
    ]) {
      const r = run(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, /^stellar-kit: /);
      assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
    }
    const missing = run(['check', path.join(scratch, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /does not exist/);
  });

  it('prints GitHub annotations, files relative to the repository root', () => {
    const r = run(['check', example, '--format', 'github']);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(
      lines[0],
      /^::error file=examples\/acme-support\/agents\/billing-support\.agent\.yaml,line=87,col=11,endLine=87,endColumn=37,title=SK012 Linked shared action moved::SK012: Binding/,
    );
    assert.match(lines[1], /^::warning file=examples\/acme-support\/agents\/order-desk\.agent\.yaml,line=10,/);
  });

  it('prints SARIF 2.1.0 that validates against the official schema and the SARIF multitool', () => {
    const r = run(['check', example, '--format', 'sarif']);
    const sarif = JSON.parse(r.out);
    const pkg = path.join(repo, 'node_modules', '@microsoft', 'sarif-multitool-linux');
    const schema = JSON.parse(readFileSync(path.join(pkg, 'sarif-2.1.0.json'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors, null, 2));
    assert.equal(sarif.runs[0].results.length, 2);
    assert.equal(sarif.runs[0].results[0].ruleId, 'SK012');
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 87, startColumn: 11, endLine: 87, endColumn: 37 });

    // The multitool's own validator (rules beyond the JSON schema): no errors or warnings.
    const file = path.join(scratch, 'out.sarif');
    writeFileSync(file, r.out);
    const report = path.join(scratch, 'validation.sarif');
    const tool = spawnSync(path.join(pkg, 'Sarif.Multitool'), ['validate', file, '-o', report], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    assert.equal(tool.status, 0, tool.stdout + tool.stderr);
    const problems = JSON.parse(readFileSync(report, 'utf8')).runs[0].results.filter(
      (x: { level?: string }) => x.level === 'error' || x.level === 'warning' || x.level === undefined,
    );
    assert.deepEqual(problems, []);
  });
});

describe('stellar-kit lock', () => {
  it('writes a lock that clears SK014 and keeps lockedAt of unchanged entries', () => {
    const dir = workspace('lock', {
      ...clean,
      'bot.agent.yaml': 'name: Bot\nstatus: active\nactions:\n  - link: api/ping\n',
    });
    const before = JSON.parse(run(['check', dir, '--format', 'json']).out);
    assert.deepEqual(
      before.map((f: { code: string }) => f.code),
      ['SK014'],
    );
    const r = run(['lock', path.join(dir, 'bot.agent.yaml')]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Wrote .*bot\.agent\.lock\.yaml: 1 shared action locked\./);
    const lockText = readFileSync(path.join(dir, 'bot.agent.lock.yaml'), 'utf8');
    assert.match(lockText, /^# Written by Stellar Kit/);
    assert.match(lockText, /api\/ping:\n {4}lockedAt: .+\n {4}name: ping\n/);
    assert.deepEqual(JSON.parse(run(['check', dir, '--format', 'json']).out), []);

    // Change the shape: SK013, then lock again accepts it.
    writeFileSync(path.join(dir, 'ping.action.yaml'), clean['ping.action.yaml'].replace('GET', 'POST'));
    const changed = JSON.parse(run(['check', dir, '--format', 'json']).out);
    assert.deepEqual(
      changed.map((f: { code: string }) => f.code),
      ['SK013'],
    );
    assert.match(changed[0].message, /method changed from 'GET' to 'POST'/);
    assert.equal(run(['lock', path.join(dir, 'bot.agent.yaml')]).code, 0);
    assert.deepEqual(JSON.parse(run(['check', dir, '--format', 'json']).out), []);
  });

  it('refuses what is not an agent file', () => {
    assert.equal(run(['lock', path.join(example, 'stellar.yaml')]).code, 2);
    assert.equal(run(['lock', path.join(scratch, 'none.agent.yaml')]).code, 2);
    assert.equal(run(['lock']).code, 2);
    assert.ok(existsSync(cli));
  });
});

describe('command-line options (one parser for every command)', () => {
  const known = { env: { values: ['development', 'production'] }, param: { repeat: true }, yes: { flag: true }, folder: {} };

  it('keeps repeated options in order, takes --name=value, flags and everything after -- as positional', () => {
    const p = parseArgs(['a/b', '--param', 'x=1', '--param=y=2', '--yes', '--env=production', '--', '--folder'], known);
    assert.deepEqual(p.positional, ['a/b', '--folder']);
    assert.deepEqual(pairsOf(p, 'param'), { x: '1', y: '2' });
    assert.equal(p.options.env, 'production');
    assert.ok(p.flags.has('yes'));
  });

  it('refuses unknown options (Object.prototype names too), missing values, values not allowed and pairs without a name', () => {
    const refuses = (args: string[], message: RegExp) =>
      assert.throws(
        () => pairsOf(parseArgs(args, known), 'param'),
        (e) => e instanceof UsageError && message.test(e.message),
      );
    refuses(['--bogus', '1'], /^unknown option '--bogus'$/);
    refuses(['--constructor', '1'], /^unknown option '--constructor'$/);
    refuses(['--folder'], /^option '--folder' needs a value$/);
    refuses(['--env', 'qa'], /^--env must be one of development, production; got 'qa'$/);
    refuses(['--param', '=1'], /^--param takes name=value; got '=1'$/);
  });
});
