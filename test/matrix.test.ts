// The environment matrix in the core (server/src/service/matrix.ts) over the fixture workspaces in
// test/fixtures/matrix/: every blocker kind, secrets without a value as warnings, inactive agents.
import { strict as assert } from 'node:assert';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadFolder } from '../server/src/node/loadFolder';
import { environmentMatrix, type EnvironmentMatrix, type MatrixOptions, type WorkspaceIndex } from '../server/src/service';

const FIXTURES = path.join(__dirname, 'fixtures', 'matrix');

/** Each cell as `action file:line` per reason, then `! action file:line` per warning (1-based lines, for reading). */
function cells(m: EnvironmentMatrix): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of m.agents)
    for (const [env, c] of Object.entries(a.environments)) {
      const at = (r: { action: string; file: string; range: { start: { line: number } } }) => `${r.action} ${r.file}:${r.range.start.line + 1}`;
      out[`${a.agent} ${env}`] = [...c.reasons.map(at), ...c.warnings.map((w) => `! ${at(w)}`)];
      assert.equal(c.ready, c.reasons.length === 0, `${a.agent} ${env}: ready exactly when nothing blocks`);
    }
  return out;
}

const everySet: MatrixOptions = { secretIsSet: () => true };

describe('environment matrix (core)', () => {
  let blockers: WorkspaceIndex;
  let ready: WorkspaceIndex;
  before(async () => {
    blockers = (await loadFolder(path.join(FIXTURES, 'blockers'))).index;
    ready = (await loadFolder(path.join(FIXTURES, 'ready'))).index;
  });

  it('blocks each environment for exactly the actions that cannot run there, naming each action', () => {
    const broken = ['gone/ping shop.agent.yaml:5', 'api/deleted shop.agent.yaml:6', 'nowhere/zap shop.agent.yaml:7', 'broken broken.action.yaml:6'];
    assert.deepEqual(cells(environmentMatrix(blockers, everySet)), {
      'keys development': [],
      'keys staging': ['keyed api.integration.yaml:6'],
      'keys production': [],
      'paused development': [],
      'paused staging': ['ping api.integration.yaml:6'],
      'paused production': [],
      'shop development': [...broken, 'search shop.agent.yaml:9', 'ghost_call shop.agent.yaml:23', '! find shop.agent.yaml:11'],
      'shop staging': [
        'ping api.integration.yaml:6',
        ...broken.slice(0, 3),
        'broken broken.action.yaml:6',
        'broken api.integration.yaml:6',
        'search shop.agent.yaml:9',
        'partner_lookup shop.agent.yaml:17',
        'ghost_call shop.agent.yaml:23',
        'text_receipt sms.integration.yaml:13',
        '! find shop.agent.yaml:11',
      ],
      'shop production': [
        ...broken,
        'search shop.agent.yaml:9',
        'search mcp.integration.yaml:4',
        'lookup mcp.integration.yaml:4',
        'partner_lookup shop.agent.yaml:17',
        'ghost_call shop.agent.yaml:23',
        'text_receipt sms.integration.yaml:5',
        '! find shop.agent.yaml:11',
      ],
    });
  });

  it('says why in the words of the rules and of the run plan', () => {
    const shop = environmentMatrix(blockers, everySet).agents.find((a) => a.agent === 'shop')!;
    const says = (env: 'development' | 'staging' | 'production', action: string) =>
      shop.environments[env].reasons.filter((r) => r.action === action).map((r) => r.message);
    assert.match(says('staging', 'ping')[0], /^Integration 'api' has no staging slot \(it has development, production\)\. Add environments\.staging/);
    assert.match(says('development', 'nowhere/zap')[0], /integration 'nowhere' does not exist/); // SK010
    assert.match(says('development', 'api/deleted')[0], /the shared action was deleted/); // SK011
    assert.match(says('development', 'gone/ping')[0], /moved to 'api\/ping'/); // SK012
    assert.match(says('development', 'search')[0], /has no tool 'search' among the 1 discovered/); // SK061
    assert.match(says('development', 'ghost_call')[0], /auth connector 'ghost-key' does not exist/); // SK020
    assert.match(says('development', 'broken')[0], /^Shared action 'api\/broken': path .* is absolute/); // SK082 in the shared action
    assert.match(
      says('staging', 'text_receipt')[0],
      /^Messaging channel 'sms': The staging slot uses auth connector 'telnyx-dev-key', which has no credentials for staging/,
    ); // SK023
    assert.match(says('production', 'text_receipt')[0], /^Messaging channel 'sms' has no production slot/);
    assert.match(says('production', 'lookup')[0], /^Auth connector 'mcp-token' has no production credentials/);
    assert.match(says('staging', 'partner_lookup')[0], /^Auth connector 'partial-key' has no staging credentials, so 'partner_lookup' cannot run in staging/);
    for (const name of ['to_person', 'hours', 'bye', 'show_form'])
      for (const env of ['development', 'staging', 'production'] as const) assert.deepEqual(says(env, name), [], `${name} always runs`);
  });

  it('names files relative to the workspace folder, with uris and 0-based ranges', () => {
    const shop = environmentMatrix(blockers, everySet).agents.find((a) => a.agent === 'shop')!;
    const r = shop.environments.staging.reasons[0];
    assert.equal(r.file, 'api.integration.yaml');
    assert.equal(r.uri, `${blockers.rootUri}/api.integration.yaml`);
    assert.deepEqual(r.range.start, { line: 5, character: 0 });
    assert.equal(shop.file, 'shop.agent.yaml');
    assert.equal(shop.status, 'active');
  });

  it('warns about secrets without a value on this machine, where they are referenced for that environment, without blocking', () => {
    const unset: MatrixOptions = {
      secretIsSet: (name, env) => (name === 'API_TOKEN' && env === 'production' ? false : name === 'API_KEY_HEADER' ? undefined : true),
      howToSet: (name, env) => `set STELLAR_SECRET_${name}_${env.toUpperCase()}`,
    };
    const paused = environmentMatrix(blockers, unset).agents.find((a) => a.agent === 'paused')!;
    assert.equal(paused.status, 'inactive');
    assert.equal(paused.environments.production.ready, true);
    assert.deepEqual(paused.environments.production.warnings, [
      {
        action: 'ping',
        message:
          "Secret 'API_TOKEN' (auth connector 'api-token') has no production value on this machine, so a run from here would fail: set STELLAR_SECRET_API_TOKEN_PRODUCTION.",
        file: 'api-token.auth.yaml',
        uri: `${blockers.rootUri}/api-token.auth.yaml`,
        range: { start: { line: 6, character: 21 }, end: { line: 6, character: 30 } },
      },
    ]);
    // undefined: cannot tell, so no warning; a header's secret is one too when unset.
    assert.deepEqual(paused.environments.development.warnings, []);
    const headers = environmentMatrix(blockers, { secretIsSet: (name) => name !== 'API_KEY_HEADER' }).agents.find((a) => a.agent === 'paused')!;
    assert.deepEqual(
      headers.environments.development.warnings.map((w) => `${w.file}:${w.range.start.line + 1}`),
      ['api.integration.yaml:5'],
    );
    assert.match(headers.environments.development.warnings[0].message, /^Secret 'API_KEY_HEADER' \(header of integration 'api'\)/);
    // A blocked environment has no secret warnings: nothing would be sent there.
    assert.deepEqual(headers.environments.staging.warnings, []);
  });

  it("warns about an api-call's header secrets, and not about an integration header the shared action overrides", () => {
    const keys = environmentMatrix(blockers, { secretIsSet: () => false }).agents.find((a) => a.agent === 'keys')!;
    assert.deepEqual(
      keys.environments.production.warnings.map((w) => `${w.action} ${w.message.replace(/ has no.*/, '')} ${w.file}:${w.range.start.line + 1}`),
      [
        "keyed Secret 'API_TOKEN' (auth connector 'api-token') api-token.auth.yaml:7",
        "status_check Secret 'STATUS_KEY' (header of 'status_check') keys.agent.yaml:11",
      ],
    );
    assert.equal(keys.environments.staging.warnings.length, 1, 'staging: only the api-call, the binding is blocked');
  });

  it('answers for every fixture workspace, broken files included, without throwing', async () => {
    const roots = ['rules', 'bad-input'].flatMap((d) =>
      readdirSync(path.join(__dirname, 'fixtures', d), { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => path.join(__dirname, 'fixtures', d, e.name)),
    );
    assert.ok(roots.length > 50, 'the fixtures were found');
    let agents = 0;
    for (const root of roots) {
      const m = environmentMatrix((await loadFolder(root)).index, { secretIsSet: () => false });
      agents += m.agents.length;
      cells(m); // ready exactly when nothing blocks
    }
    assert.ok(agents > 50, `${agents} agents`);
  });

  it('sorts agents by id and lists inactive ones too', () => {
    const m = environmentMatrix(ready, { secretIsSet: () => false });
    assert.deepEqual(
      m.agents.map((a) => `${a.agent} ${a.status} ${a.environments.development.ready} ${a.environments.staging.ready} ${a.environments.production.ready}`),
      ['desk active true false true', 'old inactive false false false'],
    );
    assert.equal(m.agents[0].environments.production.warnings.length, 1);
  });
});
