// The Run panel's session without VS Code: the webview's messages in, the panel's messages out, against a real
// HTTP server on 127.0.0.1, a scripted editor UI and in-memory secret and workspace stores.
import { strict as assert } from 'node:assert';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { FlowDeps } from '../client/src/run/flow';
import type { KeyValue } from '../client/src/run/panel/history';
import type { RecordShapeArgs, SecretRef, ToPanel } from '../client/src/run/panel/messages';
import { RunSession, sessionSpec, type PanelHost } from '../client/src/run/panel/session';
import { Secrets, secretKey } from '../client/src/secrets';
import { responseDriftOf, responseShapeFile, runPlanInfo, type WorkspaceIndex } from '../server/src/service';
import { agentsTree } from '../server/src/service/trees';
import { FakeUi, memoryStore } from './run/fakeUi';
import { AGENT_URI, json, serve, workspace, type TestServer } from './run/helpers';

const CANARY = 'canary-51c0de-SECRET';

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
      '    parameters: { type: object, properties: { q: { type: string, pattern: "^[a-z]+$" }, mode: { type: string, enum: [ok, deny, slow, big] } }, required: [q, mode] }',
      '',
    ].join('\n'),
  };
}

function memoryState(): KeyValue & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: <T>(k: string) => structuredClone(map.get(k)) as T | undefined,
    update: async (k, v) => {
      map.set(k, structuredClone(v));
    },
  };
}

describe('run panel session', () => {
  let server: TestServer;
  let deps: FlowDeps & { ui: FakeUi };
  let host: PanelHost & {
    posted: ToPanel[];
    copied: string[];
    raw: string[];
    secrets: SecretRef[];
    shapes: RecordShapeArgs[];
    state: ReturnType<typeof memoryState>;
  };
  let session: RunSession;
  let index: WorkspaceIndex;
  const last = <T extends ToPanel['type']>(type: T) => host.posted.filter((m) => m.type === type).at(-1) as Extract<ToPanel, { type: T }>;

  before(async () => {
    server = await serve((req, res) => {
      const mode = new URL(req.url ?? '/', 'http://x').searchParams.get('mode');
      if (mode === 'deny') return json(res, 401, { error: 'bad token' });
      if (mode === 'slow') return void setTimeout(() => json(res, 200, { status: 'late' }), 20_000).unref();
      if (mode === 'big') return json(res, 200, { items: Array.from({ length: 20_000 }, (_, i) => ({ i })) });
      json(res, 200, { status: 'paid', echo: req.headers.authorization });
    });
  });
  after(() => server.close());

  beforeEach(async () => {
    index = workspace(files(server.url));
    const store = memoryStore();
    await store.store(secretKey('development', 'TOKEN'), CANARY);
    await store.store(secretKey('production', 'TOKEN'), CANARY);
    deps = {
      ui: new FakeUi(),
      secrets: new Secrets(store),
      server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p) },
      isTrusted: () => true,
      log: () => undefined,
      send: { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 10_000 } },
    };
    const state = memoryState();
    const h = {
      posted: [] as ToPanel[],
      copied: [] as string[],
      raw: [] as string[],
      secrets: [] as SecretRef[],
      shapes: [] as RecordShapeArgs[],
      state,
      store: state,
      post: (m: ToPanel) => void h.posted.push(structuredClone(m)),
      copy: async (t: string) => void h.copied.push(t),
      showRaw: async (t: string) => void h.raw.push(t),
      updateSecret: async (r: SecretRef) => void h.secrets.push(r),
      recordShape: async (a: RecordShapeArgs) => void h.shapes.push(a),
    };
    host = h;
    const spec = await sessionSpec(deps, { agentUri: AGENT_URI, actionIndex: 0 });
    assert.ok(!('error' in spec), JSON.stringify(spec));
    session = new RunSession(deps, host, spec);
  });

  it('starts with the form, development first, and validates as the user types', async () => {
    await session.handle({ type: 'ready' });
    const init = last('init');
    assert.equal(init.label, 'agent/lookup');
    assert.deepEqual(init.environments, [
      { name: 'development', production: false },
      { name: 'production', production: true },
    ]);
    assert.equal(init.environment, 'development');
    assert.deepEqual(
      init.fields.map((f) => f.id),
      ['parameters.q', 'parameters.mode'],
    );
    assert.deepEqual(Object.keys(init.problems), ['parameters.q', 'parameters.mode']);
    await session.handle({ type: 'input', environment: 'development', texts: { 'parameters.q': 'A1', 'parameters.mode': '"ok"' } });
    assert.deepEqual(last('problems').problems, { 'parameters.q': 'Must match ^[a-z]+$.' });
    await session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'A1', 'parameters.mode': '"ok"' } });
    assert.equal(server.seen.filter((s) => s.url.includes('q=A1')).length, 0, 'an invalid form sends nothing');
  });

  it('sends, shows status, outputs found and missing, remembers the values and keeps a history without the secret', async () => {
    await session.handle({ type: 'ready' });
    await session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"ok"' } });
    assert.ok(host.posted.some((m) => m.type === 'running'));
    const r = last('result');
    assert.ok(r, JSON.stringify(host.posted.at(-1)));
    assert.equal(r.view.status, '200 OK');
    assert.equal(r.view.statusClass, 'success');
    assert.match(r.view.request, /^GET http:\/\/127\.0\.0\.1:\d+\/items\?q=inv&mode=ok$/);
    assert.deepEqual(
      r.view.outputs.map((o) => [o.name, o.found, o.text]),
      [
        ['status', true, '"paid"'],
        ['gone', false, 'nothing found at $.nope'],
      ],
    );
    assert.deepEqual(r.actions, { curl: true, raw: true, recordShape: true, updateSecrets: [] });
    assert.equal(r.history.length, 1);

    await session.handle({ type: 'copyCurl' });
    await session.handle({ type: 'showRaw' });
    await session.handle({ type: 'recordShape' });
    assert.match(host.copied[0], /^curl /);
    assert.match(host.copied[0], /\$STELLAR_SECRET_TOKEN/);
    assert.match(host.raw[0], /"status": "paid"/);
    assert.deepEqual(
      host.shapes.map((s) => [s.fileUri, s.action, s.environment, s.status]),
      [[AGENT_URI, 'lookup', 'development', 200]],
    );
    assert.match(host.shapes[0].body, /"echo": "Bearer \[secret TOKEN\]"/);

    // A new panel on the same action starts from the remembered values.
    const again = new RunSession(deps, host, session.spec);
    await again.handle({ type: 'ready' });
    assert.deepEqual(last('init').texts, { 'parameters.q': 'inv', 'parameters.mode': '"ok"' });
    await again.handle({ type: 'showHistory', index: 0 });
    assert.equal(last('result').fromHistory, true);
    const everything = JSON.stringify([host.posted, host.copied, host.raw, host.shapes, [...host.state.map]]);
    assert.ok(everything.includes('[secret TOKEN]'));
    assert.ok(!everything.includes(CANARY), 'the secret value leaked into the panel, the clipboard or the workspace state');
  });

  it('switching the environment brings back the values last sent there, else keeps the form as it is', async () => {
    const texts = { 'parameters.q': 'inv', 'parameters.mode': '"ok"' };
    await session.handle({ type: 'environment', environment: 'production', texts });
    assert.deepEqual(host.posted.at(-1), { type: 'problems', problems: {} });
    await session.handle({ type: 'send', environment: 'development', texts });
    await session.handle({ type: 'environment', environment: 'development', texts: {} });
    assert.deepEqual(last('texts'), { type: 'texts', environment: 'development', texts, problems: {} });
  });

  it('a 401 offers to update the secret the auth connector used', async () => {
    await session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"deny"' } });
    const r = last('result');
    assert.equal(r.view.statusClass, 'client-error');
    assert.deepEqual(r.actions.updateSecrets, [{ name: 'TOKEN', environment: 'development' }]);
    assert.equal(r.actions.recordShape, false, 'no response shape from a failure');
    await session.handle({ type: 'updateSecret', name: 'TOKEN', environment: 'development' });
    await session.handle({ type: 'updateSecret', name: 'OTHER', environment: 'development' });
    assert.deepEqual(host.secrets, [{ name: 'TOKEN', environment: 'development' }], 'only the offered secret');
  });

  it('production asks every time; declining sends nothing', async () => {
    deps.ui.confirmAnswer = false;
    const before = server.seen.length;
    const texts = { 'parameters.q': 'prod', 'parameters.mode': '"ok"' };
    await session.handle({ type: 'send', environment: 'production', texts });
    assert.equal(last('idle').type, 'idle');
    assert.equal(server.seen.length, before);
    deps.ui.confirmAnswer = true;
    await session.handle({ type: 'send', environment: 'production', texts });
    await session.handle({ type: 'send', environment: 'production', texts });
    assert.equal(deps.ui.confirms.length, 3);
    assert.match(deps.ui.confirms[0], /to PRODUCTION\?$/);
    assert.equal(server.seen.length, before + 2);
  });

  it('Cancel stops a running request', async () => {
    const sending = session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"slow"' } });
    // Cancel once the request reached the server.
    while (!server.seen.some((s) => s.url.includes('mode=slow'))) await new Promise((r) => setTimeout(r, 10));
    await session.handle({ type: 'cancel' });
    await sending;
    assert.match(last('idle').message, /cancelled by the user/);
    assert.equal(host.posted.filter((m) => m.type === 'result').length, 0);
  });

  it('a large body is capped in the panel, whole in the raw document', async () => {
    await session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"big"' } });
    const r = last('result');
    assert.equal(r.view.body.kind, 'json');
    assert.ok(r.view.body.kind === 'json' && r.view.body.capped);
    assert.ok(JSON.stringify(r.view).length < 400_000, 'the message stays small');
    await session.handle({ type: 'showRaw' });
    assert.equal(JSON.parse(host.raw[0]).items.length, 20_000);
    const stored = JSON.stringify([...host.state.map]);
    assert.ok(stored.length < 100_000, `history entry of ${stored.length} characters`);
  });

  it('the schema check (ajv) is the authority before sending: what the live checks pass it may refuse', async () => {
    const spec = { ...session.spec, schema: { type: 'object', properties: { tags: { type: 'array', maxItems: 1 } } } };
    const s = new RunSession(deps, host, spec);
    const before = server.seen.length;
    await s.handle({ type: 'input', environment: 'development', texts: { 'parameters.tags': '["a", "b"]' } });
    assert.deepEqual(last('problems').problems, {}, 'JSON is all the live check asks of an array');
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.tags': '["a", "b"]' } });
    assert.match(last('problems').problems._form, /tags/);
    assert.equal(server.seen.length, before, 'nothing sent');
  });

  it('a webview that reloads (hidden, then shown) gets the form and the last result again', async () => {
    await session.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"ok"' } });
    host.posted.length = 0;
    await session.handle({ type: 'ready' });
    assert.deepEqual(
      host.posted.map((m) => m.type),
      ['init', 'result'],
    );
  });

  it('starts in the environment a code lens names, and sends nothing in an untrusted workspace', async () => {
    const spec = await sessionSpec(deps, { agentUri: AGENT_URI, actionIndex: 0 }, 'production');
    assert.ok(!('error' in spec));
    const s = new RunSession({ ...deps, isTrusted: () => false }, host, spec);
    await s.handle({ type: 'ready' });
    assert.equal(last('init').environment, 'production');
    const before = server.seen.length;
    await s.handle({ type: 'send', environment: 'production', texts: { 'parameters.q': 'inv', 'parameters.mode': '"ok"' } });
    assert.match(last('unavailable').message, /trusted workspace/);
    assert.equal(server.seen.length, before);
    assert.deepEqual(deps.ui.confirms, [], 'not even asked');
  });

  it('after a 2xx JSON response, shows how it drifted from the recorded response shape (the core answers)', async () => {
    // A shape recorded from an older body: status was a number and there was no echo.
    const recorded = responseShapeFile(
      index,
      { fileUri: AGENT_URI, action: 'lookup', environment: 'development', status: 200, body: '{"status": 1}' },
      new Date('2026-12-01T10:00:00Z'),
    );
    assert.ok(recorded.ok, JSON.stringify(recorded));
    index.setFile(recorded.uri, recorded.text);
    const s = new RunSession(deps, { ...host, drift: async (a) => responseDriftOf(index, a) }, session.spec);
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"ok"' } });
    const d = last('drift');
    assert.ok(d, JSON.stringify(host.posted.map((m) => m.type)));
    assert.equal(d.environment, 'development');
    assert.deepEqual(d.lines.sort(), ['+ $.echo (string)', '~ $.status: integer → string']);
    assert.ok(host.posted.findIndex((m) => m.type === 'drift') > host.posted.findIndex((m) => m.type === 'result'), 'after its result');
    // A failure (401) shows no drift.
    host.posted.length = 0;
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"deny"' } });
    assert.equal(host.posted.filter((m) => m.type === 'drift').length, 0);
  });

  it('hides Record Response Shape when the command is not registered', async () => {
    const spec = session.spec;
    const s = new RunSession(deps, { ...host, recordShape: undefined }, spec);
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.q': 'inv', 'parameters.mode': '"ok"' } });
    assert.equal(last('result').actions.recordShape, false);
  });
});
