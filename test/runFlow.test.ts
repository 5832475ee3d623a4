// The Run Action flow without VS Code: a scripted Ui, an in-memory secret store and a real HTTP server.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { runActionFlow, type FlowDeps } from '../client/src/run/flow';
import { Secrets, secretKey } from '../client/src/secrets';
import { runPlanInfo } from '../server/src/service/runInfo';
import { agentsTree } from '../server/src/service/trees';
import { FakeUi, memoryStore } from './run/fakeUi';
import { AGENT_URI, json, serve, workspace, type TestServer } from './run/helpers';

const CANARY = 'canary-7f3a9e-SECRET';

function files(baseUrl: string): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  TOKEN: t\n',
    'api.integration.yaml': `kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "${baseUrl}", auth: cred }\n  production: { baseUrl: "${baseUrl}", auth: cred }\n`,
    'cred.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TOKEN } }\n  production: { token: { secret: TOKEN } }\n',
    'lookup.action.yaml':
      'integration: api\nname: lookup\ndescription: Look up\nmethod: GET\npath: /items\noutputVariables:\n  - { name: status, path: $.status }\n  - { name: gone, path: $.nope }\n',
    'agent.agent.yaml': [
      'name: Agent',
      'status: active',
      'actions:',
      '  - link: api/lookup',
      '    parameters: { type: object, properties: { q: { type: string }, kind: { type: string, enum: [a, b] }, limit: { type: integer } }, required: [q, kind] }',
      '',
    ].join('\n'),
  };
}

describe('run action flow', () => {
  let server: TestServer;
  let deps: FlowDeps & { ui: FakeUi };
  let logs: string[];
  let store: ReturnType<typeof memoryStore>;
  let trusted = true;

  before(async () => {
    server = await serve((req, res) =>
      json(res, 200, { status: 'paid', echo: req.headers.authorization }, { 'x-seen-auth': String(req.headers.authorization) }),
    );
  });
  after(() => server.close());

  function fresh(): void {
    const index = workspace(files(server.url));
    logs = [];
    store = memoryStore();
    trusted = true;
    deps = {
      ui: new FakeUi(),
      secrets: new Secrets(store),
      server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p) },
      isTrusted: () => trusted,
      log: (l) => logs.push(l),
      send: { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000 } },
    };
  }

  it('refuses in an untrusted workspace before asking anything', async () => {
    fresh();
    trusted = false;
    const before = server.seen.length;
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'development' });
    assert.equal(r.kind, 'untrusted');
    assert.deepEqual(deps.ui.asked, []);
    assert.equal(server.seen.length, before);
  });

  it('sends nothing when the production confirmation is refused, and asks every time', async () => {
    fresh();
    await store.store(secretKey('production', 'TOKEN'), CANARY);
    const before = server.seen.length;
    const runInProduction = (kind: string, confirm: boolean) => {
      deps.ui.inputs = ['x', ''];
      deps.ui.picks = [kind];
      deps.ui.confirmAnswer = confirm;
      return runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'production' });
    };
    for (let i = 0; i < 2; i++) assert.equal((await runInProduction('a', false)).kind, 'declined');
    assert.equal(deps.ui.confirms.length, 2);
    assert.equal(server.seen.length, before);
    assert.equal((await runInProduction('b', true)).kind, 'sent');
    assert.equal(deps.ui.confirms.length, 3);
    assert.equal(server.seen.length, before + 1);
  });

  it('asks a missing secret once, stores it per environment and reuses it; the value never shows', async () => {
    fresh();
    const before = server.seen.length;
    deps.ui.picks = ['agent/lookup', 'development', 'a'];
    deps.ui.inputs = ['inv 1', '5', CANARY];
    const r1 = await runActionFlow(deps);
    assert.equal(r1.kind, 'sent', JSON.stringify(r1));
    assert.equal(deps.ui.asked.filter((a) => a.startsWith('password')).length, 1);
    assert.equal(store.map.get(secretKey('development', 'TOKEN')), CANARY);
    assert.equal(server.seen[before].headers.authorization, `Bearer ${CANARY}`);
    assert.equal(server.seen[before].url, '/items?q=inv+1&kind=a&limit=5');

    deps.ui.inputs = ['again', ''];
    deps.ui.picks = ['b'];
    const r2 = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'development' });
    assert.equal(r2.kind, 'sent');
    assert.equal(deps.ui.asked.filter((a) => a.startsWith('password')).length, 1, 'the stored secret is reused');
    assert.equal(server.seen.length, before + 2);

    const text = deps.ui.shown.map((s) => s.text).join('\n');
    assert.match(text, /Status: 200 OK/);
    assert.match(text, /status = "paid"/);
    assert.match(text, /gone: nothing found at \$\.nope/);
    assert.match(text, /\[secret TOKEN\]/);
    for (const out of [text, logs.join('\n'), [...deps.ui.errors, ...deps.ui.infos].join('\n'), JSON.stringify(await new Secrets(store).list())]) {
      assert.ok(!out.includes(CANARY), 'the secret value leaked');
    }
    assert.deepEqual(await new Secrets(store).list(), [{ env: 'development', name: 'TOKEN' }]);
  });

  it('offers only environments with a slot', async () => {
    fresh();
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'staging' });
    assert.equal(r.kind, 'error');
    assert.match(deps.ui.errors[0], /development, production/);
  });

  it('refuses parameters the schema rejects without sending', async () => {
    fresh();
    const before = server.seen.length;
    deps.ui.inputs = ['x', 'not a number'];
    deps.ui.picks = ['a'];
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'development' });
    assert.equal(r.kind, 'cancelled');
    assert.equal(server.seen.length, before);
  });
});
