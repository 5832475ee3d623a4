// The Run Action flow for send-text-message actions and Copy as curl, without VS Code: a scripted Ui,
// an in-memory secret store and a real local HTTP server standing in for Telnyx (the base-URL setting).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { runActionFlow, type FlowDeps, type RunOutcome } from '../client/src/run/flow';
import { Secrets, secretKey } from '../client/src/secrets';
import type { RunPlanParams } from '../server/src/service/runInfo';
import { runPlanInfo } from '../server/src/service/runInfo';
import { agentsTree } from '../server/src/service/trees';
import { FakeUi, memoryStore } from './run/fakeUi';
import { AGENT_URI, json, serve, workspace, type TestServer } from './run/helpers';

const CANARY = 'canary-flow-sms-91b0-SECRET';

function files(apiBase: string): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  TELNYX_API_KEY: k\n  TOKEN: t\n',
    'sms.integration.yaml':
      'kind: messaging-channel\nname: SMS\nprovider: telnyx\nenvironments:\n  development: { fromNumber: "+14155550100", messagingProfileId: prof-dev, auth: telnyx }\n  production: { fromNumber: "+18005550199", messagingProfileId: prof-prod, auth: telnyx }\n',
    'telnyx.auth.yaml':
      'type: api-key\nname: Telnyx\nenvironments:\n  development: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n  production: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n',
    'api.integration.yaml': `kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "${apiBase}", auth: cred }\n`,
    'cred.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TOKEN } }\n',
    'lookup.action.yaml': 'integration: api\nname: lookup\ndescription: Look up\nmethod: GET\npath: /items\n',
    'agent.agent.yaml': [
      'name: Agent',
      'status: active',
      'actions:',
      '  - type: send-text-message',
      '    name: to_caller',
      '    description: d',
      '    channel: sms',
      '    recipient: caller',
      '    message: "Invoice {{ .parameters.invoice }} is due"',
      '    parameters: { type: object, properties: { invoice: { type: string } }, required: [invoice] }',
      '  - type: send-text-message',
      '    name: to_mobile',
      '    description: d',
      '    channel: sms',
      '    recipient: "{{ .variables.customer.mobile }}"',
      '  - link: api/lookup',
      '',
    ].join('\n'),
  };
}

describe('run action flow: send-text-message and Copy as curl', () => {
  let telnyx: TestServer;
  let deps: FlowDeps & { ui: FakeUi };
  let store: ReturnType<typeof memoryStore>;
  let logs: string[];
  let baseUrl: string | undefined;
  let settingAskedFor: string[];
  let planRequests: RunPlanParams[];

  before(async () => {
    telnyx = await serve((req, res) => {
      if (req.url === '/items') return json(res, 200, { echo: req.headers.authorization });
      json(res, 200, { data: { id: 'msg-flow-1', record_type: 'message' } }, { 'x-echo-auth': String(req.headers.authorization) });
    });
  });
  after(() => telnyx.close());

  function fresh(): void {
    const index = workspace(files(telnyx.url));
    store = memoryStore();
    logs = [];
    settingAskedFor = [];
    planRequests = [];
    baseUrl = telnyx.url;
    deps = {
      ui: new FakeUi(),
      secrets: new Secrets(store),
      server: {
        agents: async () => agentsTree(index),
        runPlan: async (p) => {
          planRequests.push(p);
          return runPlanInfo(index, p);
        },
      },
      isTrusted: () => true,
      log: (l) => logs.push(l),
      send: { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000 } },
      telnyxBaseUrl: (uri) => {
        settingAskedFor.push(uri);
        return baseUrl;
      },
    };
  }

  function assertNoCanary(r: RunOutcome): void {
    const everything = [JSON.stringify(r), ...deps.ui.shown.map((s) => s.text), ...logs, ...deps.ui.errors, ...deps.ui.infos].join('\n');
    assert.ok(!everything.includes(CANARY), 'the secret value leaked');
  }

  it('offers send-text-message actions, asks the caller number (recipient: caller) and posts to the base URL of the setting', async () => {
    fresh();
    const before = telnyx.seen.length;
    deps.ui.picks = ['agent/to_caller', 'development'];
    deps.ui.inputs = ['INV-7', 'not a number'];
    // An invalid caller number is not accepted (the input box would keep asking): the run is cancelled.
    const cancelled = await runActionFlow(deps);
    assert.equal(cancelled.kind, 'cancelled');
    assert.equal(telnyx.seen.length, before);

    deps.ui.picks = ['agent/to_caller', 'development'];
    deps.ui.inputs = ['INV-7', '+31612345678', CANARY];
    const r = await runActionFlow(deps);
    assert.equal(r.kind, 'sent', JSON.stringify(r));
    assert.ok(deps.ui.asked.includes('input agent/to_caller: call.from'), deps.ui.asked.join('\n'));
    assert.deepEqual(settingAskedFor.at(-1), AGENT_URI);
    assert.equal(planRequests.at(-1)?.telnyxBaseUrl, telnyx.url);
    const seen = telnyx.seen[before];
    assert.equal(seen.url, '/v2/messages');
    assert.equal(seen.headers.authorization, `Bearer ${CANARY}`);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen.body), { from: '+14155550100', to: '+31612345678', text: 'Invoice INV-7 is due', messaging_profile_id: 'prof-dev' });
    const text = deps.ui.shown.at(-1)!.text;
    assert.match(text, /Status: 200 OK/);
    assert.match(text, /message_id = "msg-flow-1"/);
    assert.match(text, /x-echo-auth: Bearer \[secret TELNYX_API_KEY\]/);
    assert.equal(store.map.get(secretKey('development', 'TELNYX_API_KEY')), CANARY);
    assertNoCanary(r);
  });

  it('a stored API key that already starts with "Bearer " is refused before sending, without showing it', async () => {
    fresh();
    const before = telnyx.seen.length;
    await deps.secrets.set('development', 'TELNYX_API_KEY', `Bearer ${CANARY}`);
    deps.ui.inputs = ['INV-7', '+31612345678'];
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'development' });
    assert.equal(r.kind, 'error', JSON.stringify(r));
    assert.match(deps.ui.errors.at(-1)!, /agent\/to_caller in development: secret TELNYX_API_KEY \(development\) already starts with "Bearer "/);
    assert.equal(telnyx.seen.length, before, 'nothing was sent');
    assertNoCanary(r);
  });

  it('the agent writes the text: the flow asks for it (and for the variables the recipient reads)', async () => {
    fresh();
    await store.store(secretKey('development', 'TELNYX_API_KEY'), CANARY);
    const before = telnyx.seen.length;
    deps.ui.inputs = ['+447700900123', 'Your parcel ships today.'];
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 1, environment: 'development' });
    assert.equal(r.kind, 'sent', JSON.stringify(r));
    assert.deepEqual(deps.ui.asked, ['input agent/to_mobile: customer.mobile', 'input agent/to_mobile: message text']);
    assert.deepEqual(JSON.parse(telnyx.seen[before].body), {
      from: '+14155550100',
      to: '+447700900123',
      text: 'Your parcel ships today.',
      messaging_profile_id: 'prof-dev',
    });
    assertNoCanary(r);

    deps.ui.inputs = ['+447700900123', '   '];
    assert.equal(
      (await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 1, environment: 'development' })).kind,
      'cancelled',
      'an empty text is not sent',
    );
    assert.equal(telnyx.seen.length, before + 1);
  });

  it('without an override the plan names api.telnyx.com, and production still asks first (declined: nothing sent)', async () => {
    fresh();
    baseUrl = undefined;
    deps.ui.inputs = ['INV-1', '+31612345678'];
    deps.ui.confirmAnswer = false;
    const before = telnyx.seen.length;
    const r = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 0, environment: 'production' });
    assert.equal(r.kind, 'declined');
    assert.equal(deps.ui.confirms.length, 1);
    assert.match(deps.ui.confirms[0], /^Send POST https:\/\/api\.telnyx\.com\/v2\/messages \(agent\/to_caller\) to PRODUCTION\?/);
    assert.equal(telnyx.seen.length, before);
    assert.equal(deps.ui.asked.filter((a) => a.startsWith('password')).length, 0, 'no secret is asked before the confirmation');
  });

  it('Copy as curl: the run\'s request with secrets as "$STELLAR_SECRET_NAME", never a value (even one typed into the text)', async () => {
    fresh();
    await store.store(secretKey('development', 'TELNYX_API_KEY'), CANARY);
    await store.store(secretKey('development', 'TOKEN'), `${CANARY}-token`);
    deps.ui.inputs = ['+447700900123', `pasted by mistake: ${CANARY}`];
    const sms = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 1, environment: 'development' });
    assert.ok(sms.kind === 'sent');
    assert.match(sms.curl, new RegExp(`^curl -sS -X POST '${telnyx.url.replace(/\./g, '\\.')}/v2/messages'`));
    assert.match(sms.curl, /-H 'Authorization: Bearer '"\$STELLAR_SECRET_TELNYX_API_KEY"/);
    assert.match(sms.curl, /pasted by mistake: \[secret TELNYX_API_KEY\]/);
    assert.ok(!sms.curl.includes(CANARY));

    const lookup = await runActionFlow(deps, { agentUri: AGENT_URI, actionIndex: 2, environment: 'development' });
    assert.ok(lookup.kind === 'sent', JSON.stringify(lookup));
    assert.equal(lookup.label, 'agent/lookup');
    assert.match(lookup.curl, /-H 'Authorization: Bearer '"\$STELLAR_SECRET_TOKEN"/);
    assert.ok(!lookup.curl.includes(CANARY));
    assertNoCanary(lookup);
  });
});
