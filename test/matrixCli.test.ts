// `stellar-kit matrix` (server/src/cli/matrix.ts) run as a process over the fixtures in test/fixtures/matrix/.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const repo = path.resolve(__dirname, '..');
const cli = path.join(repo, 'dist', 'cli.js');
const blockers = path.join(__dirname, 'fixtures', 'matrix', 'blockers');
const ready = path.join(__dirname, 'fixtures', 'matrix', 'ready');

/** Runs the CLI with no STELLAR_SECRET_* of this machine, plus `secrets`. */
function matrix(args: string[], secrets: Record<string, string> = {}) {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...secrets };
  for (const k of Object.keys(env)) if (k.startsWith('STELLAR_SECRET_') && !(k in secrets)) delete env[k];
  const r = spawnSync(process.execPath, [cli, 'matrix', ...args], { cwd: repo, encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('stellar-kit matrix', () => {
  it('prints json: agents with a cell per environment, reasons naming the action, files relative, ranges 0-based', () => {
    const r = matrix([blockers, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const m = JSON.parse(r.out);
    assert.deepEqual(
      m.agents.map((a: { agent: string; status: string }) => `${a.agent} ${a.status}`),
      ['keys active', 'paused inactive', 'shop active'],
    );
    const shop = m.agents[2];
    assert.deepEqual(Object.keys(shop), ['agent', 'status', 'environments']);
    assert.deepEqual(Object.keys(shop.environments), ['development', 'staging', 'production']);
    assert.deepEqual(Object.keys(shop.environments.staging), ['ready', 'reasons', 'warnings']);
    assert.equal(shop.environments.staging.ready, false);
    assert.deepEqual(shop.environments.staging.reasons[0], {
      action: 'ping',
      message: "Integration 'api' has no staging slot (it has development, production). Add environments.staging to api.integration.yaml.",
      file: 'api.integration.yaml',
      range: { start: { line: 5, character: 0 }, end: { line: 5, character: 12 } },
    });
    // No secret is set here: each one the environment's runs send is a warning, never a reason.
    const paused = m.agents[1];
    assert.equal(paused.environments.production.ready, true);
    assert.deepEqual(
      paused.environments.production.warnings.map((w: { message: string }) => w.message.replace(/ has no.*/, '')),
      ["Secret 'API_TOKEN' (auth connector 'api-token')", "Secret 'API_KEY_HEADER' (header of integration 'api')"],
    );
  });

  it('prints a text table with a mark per cell, then the reasons, one line per reason shared by several actions', () => {
    const r = matrix([ready]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^agent {2}status {4}development {2}staging {2}production\ndesk {3}active {4}! {12}✗ {8}!\nold {4}inactive {2}✗ {12}✗ {8}✗\n/);
    assert.match(r.out, /✓ ready, ! ready \(a secret has no value on this machine\), ✗ not ready/);
    assert.match(r.out, /\ndesk in staging: ✗\n {2}✗ ping: Integration 'api' has no staging slot .*\n {6}api\.integration\.yaml:3:1\n/);
    assert.match(
      r.out,
      /\ndesk in production: !\n {2}! ping: Secret 'TOKEN' \(auth connector 'token'\) has no production value on this machine, .*STELLAR_SECRET_TOKEN_PRODUCTION/,
    );
    const shared = matrix([blockers]);
    assert.match(shared.out, /\n {2}✗ search, lookup: Auth connector 'mcp-token' has no production credentials/);
  });

  it('reads secrets from STELLAR_SECRET_<NAME>_<ENV> and STELLAR_SECRET_<NAME>; an empty one is not set', () => {
    assert.match(matrix([ready], { STELLAR_SECRET_TOKEN: 'x' }).out, /\ndesk {3}active {4}✓ {12}✗ {8}✓\n/);
    assert.match(matrix([ready], { STELLAR_SECRET_TOKEN_PRODUCTION: 'x' }).out, /\ndesk {3}active {4}! {12}✗ {8}✓\n/);
    assert.match(matrix([ready], { STELLAR_SECRET_TOKEN: '' }).out, /\ndesk {3}active {4}! {12}✗ {8}!\n/);
    const r = matrix([ready, '--format', 'json'], { STELLAR_SECRET_TOKEN: 'very-secret-value' });
    assert.ok(!r.out.includes('very-secret-value') && !r.err.includes('very-secret-value'), 'a secret value never appears');
  });

  it('prints markdown: a GitHub table and the reasons as a list', () => {
    const r = matrix([ready, '--format', 'markdown']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^\| agent \| status \| development \| staging \| production \|\n\|---\|---\|:-:\|:-:\|:-:\|\n\| `desk` \| active \| ! \| ✗ \| ! \|\n/);
    assert.match(r.out, /\n#### `desk` in staging: ✗\n\n- ✗ \*\*ping\*\*: Integration 'api' has no staging slot .* \(`api\.integration\.yaml:3:1`\)\n/);
  });

  it('--require exits 1 when an active agent is not ready in one of the environments, 0 otherwise; inactive agents do not count', () => {
    assert.equal(matrix([ready, '--require', 'production']).code, 0);
    assert.equal(matrix([ready, '--require', 'development,production']).code, 0);
    const staging = matrix([ready, '--require', 'production,staging']);
    assert.equal(staging.code, 1);
    assert.equal(staging.err, "stellar-kit: active agent 'desk' is not ready in staging\n");
    assert.equal(matrix([path.join(repo, 'examples', 'acme-support'), '--require', 'production', '--format', 'json']).code, 1);
  });

  it('refuses bad arguments with a clear message and exit 2', () => {
    const bad = matrix([ready, '--require', 'prod']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^stellar-kit: --require takes environments separated by commas \(development, staging, production\); 'prod' is not one/);
    assert.equal(matrix([ready, '--require', 'production,']).code, 2);
    assert.match(matrix([ready, '--format', 'sarif']).err, /--format must be one of text, json, markdown; got 'sarif'/);
    const missing = matrix([path.join(ready, 'nope')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /folder '.*nope' does not exist/);
  });
});
