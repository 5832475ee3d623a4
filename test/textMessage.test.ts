// send-text-message runs through Telnyx: the plan (pure), the curl text, and `stellar-kit run` against a
// real local HTTP server standing in for Telnyx (selected by the base-URL override).
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCommand } from '../server/src/cli/run';
import { MASKED, toCurl } from '../server/src/service/run/curl';
import { TELNYX_BASE_URL, textMessageInputs } from '../server/src/service/run/messagePlan';
import { planRequest, type RequestPlan } from '../server/src/service/run/plan';
import { runPlanInfo } from '../server/src/service/runInfo';
import { bundle, json, runChild, secrets, serve, workspace, type TestServer } from './run/helpers';

const CANARY = 'canary-telnyx-5e1d77-SECRET';
const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 2000 };
const AGENT = 'file:///ws/agent.agent.yaml';
const example = path.resolve(__dirname, '..', 'examples', 'acme-support');
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-sms-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const KEY_HEADER =
  'type: api-key\nname: Telnyx\nenvironments:\n  development: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n  production: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n';

function files(auth = KEY_HEADER): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  TELNYX_API_KEY: k\n',
    'sms.integration.yaml':
      'kind: messaging-channel\nname: SMS\nprovider: telnyx\nenvironments:\n  development: { fromNumber: "+14155550100", messagingProfileId: prof-dev, auth: telnyx }\n  production: { fromNumber: "+18005550199", messagingProfileId: prof-prod, auth: telnyx }\n',
    'api.integration.yaml': 'kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:1" }\n',
    'telnyx.auth.yaml': auth,
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
      '    parameters: { type: object, properties: { invoice: { type: string, pattern: "^INV-" } }, required: [invoice] }',
      '  - type: send-text-message',
      '    name: to_mobile',
      '    description: d',
      '    channel: sms',
      '    recipient: "{{ if .variables.customer.mobile }}{{ .variables.customer.mobile }}{{ else }}{{ .parameters.phone }}{{ end }}"',
      '    parameters: { type: object, properties: { phone: { type: string } } }',
      '  - type: send-text-message',
      '    name: wrong_channel',
      '    description: d',
      '    channel: api',
      '    recipient: caller',
      '',
    ].join('\n'),
  };
}

function plan(
  index: ReturnType<typeof workspace>,
  actionIndex: number,
  env: string,
  params: Record<string, unknown>,
  vars: Record<string, unknown>,
  options = {},
): RequestPlan {
  const r = planRequest(index, { agentUri: AGENT, actionIndex }, env, params, vars, options);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

function planError(
  index: ReturnType<typeof workspace>,
  actionIndex: number,
  env: string,
  params: Record<string, unknown>,
  vars: Record<string, unknown>,
  options = {},
): string {
  const r = planRequest(index, { agentUri: AGENT, actionIndex }, env, params, vars, options);
  assert.ok(!r.ok, 'expected a refusal');
  return r.error;
}

describe('send-text-message plan', () => {
  it('posts to Telnyx with the slot: from, to (recipient caller = call.from), rendered text, profile; the key stays symbolic', () => {
    const p = plan(workspace(files()), 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } });
    assert.equal(p.method, 'POST');
    assert.equal(p.url, `${TELNYX_BASE_URL}/v2/messages`);
    assert.deepEqual(p.headers, { 'Content-Type': 'application/json' });
    assert.deepEqual(JSON.parse(p.body!), { from: '+14155550100', to: '+31612345678', text: 'Invoice INV-1 is due', messaging_profile_id: 'prof-dev' });
    assert.deepEqual(Object.keys(JSON.parse(p.body!)), ['from', 'to', 'text', 'messaging_profile_id']);
    assert.deepEqual(p.auth, { type: 'bearer', token: { secret: 'TELNYX_API_KEY' } });
    assert.deepEqual(p.outputVariables, [{ name: 'message_id', path: '$.data.id' }]);
    assert.equal(p.label, 'agent/to_caller');
    assert.equal(JSON.parse(plan(workspace(files()), 0, 'production', { invoice: 'INV-2' }, { call: { from: '+31612345678' } }).body!).from, '+18005550199');
  });

  it("a recipient template reads variables or parameters; the message without a template is the user's text", () => {
    const index = workspace(files());
    const a = plan(index, 1, 'development', {}, { customer: { mobile: '+447700900123' } }, { message: 'Your parcel "42" ships today' });
    assert.deepEqual(JSON.parse(a.body!), {
      from: '+14155550100',
      to: '+447700900123',
      text: 'Your parcel "42" ships today',
      messaging_profile_id: 'prof-dev',
    });
    const b = plan(index, 1, 'development', { phone: '+15551234567' }, { customer: { mobile: '' } }, { message: 'hi' });
    assert.equal(JSON.parse(b.body!).to, '+15551234567');
  });

  it('refuses with clear messages: no slot, missing caller number, missing or extra text, bad recipient, bad parameters, wrong channel', () => {
    const index = workspace(files());
    assert.match(
      planError(index, 0, 'staging', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }),
      /^Messaging channel 'sms' has no staging slot, so 'agent\/to_caller' cannot run in staging\. It has: development, production\. Add environments\.staging/,
    );
    assert.match(
      planError(index, 0, 'development', { invoice: 'INV-1' }, {}),
      /'agent\/to_caller' reads the conversation variable call\.from \(recipient: caller is the number the caller calls from\), which was not given/,
    );
    assert.match(
      planError(index, 1, 'development', { phone: '+15551234567' }, { customer: { mobile: '' } }),
      /has no message template: on a call the agent writes the text\. Give the text to send/,
    );
    assert.match(planError(index, 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }, { message: 'x' }), /has a message template/);
    assert.match(
      planError(index, 0, 'development', { invoice: 'INV-1' }, { call: { from: '0612345678' } }),
      /the recipient is '0612345678', which is not an E\.164 number/,
    );
    assert.match(
      planError(index, 0, 'development', { invoice: 'X' }, { call: { from: '+31612345678' } }),
      /'agent\/to_caller': parameter 'invoice' must match pattern/,
    );
    assert.match(
      planError(index, 2, 'development', {}, { call: { from: '+31612345678' } }),
      /channel 'api' is a custom-api integration, not a messaging channel/,
    );
  });

  it('Telnyx takes the key only as Authorization: Bearer; another api-key placement is refused', () => {
    const query = KEY_HEADER.replace(/in: header, name: Authorization/g, 'in: query, name: api_key');
    assert.match(
      planError(workspace(files(query)), 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }),
      /Telnyx takes the API key only as the Authorization header/,
    );
    const bearer = 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TELNYX_API_KEY } }\n';
    assert.match(
      planError(workspace(files(bearer)), 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }),
      /Telnyx needs an api-key connector/,
    );
  });

  it('the base URL override replaces api.telnyx.com; a bad one is refused', () => {
    const index = workspace(files());
    const p = plan(index, 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }, { telnyxBaseUrl: 'http://127.0.0.1:9/telnyx/' });
    assert.equal(p.url, 'http://127.0.0.1:9/telnyx/v2/messages');
    assert.match(
      planError(index, 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } }, { telnyxBaseUrl: 'ftp://x' }),
      /Telnyx base URL 'ftp:\/\/x' is not an absolute http\(s\) URL/,
    );
  });

  it("run info: the channel's slots as environments, and what the user must give", () => {
    const index = workspace(files());
    const info = runPlanInfo(index, { agentUri: AGENT, actionIndex: 0 });
    assert.deepEqual(info.environments, ['development', 'production']);
    assert.deepEqual(info.textMessage, { variables: ['call.from'], agentWritesMessage: false });
    assert.deepEqual(textMessageInputs(index, { agentUri: AGENT, actionIndex: 1 }), { variables: ['customer.mobile'], agentWritesMessage: true });
    assert.deepEqual(runPlanInfo(index, { agentUri: AGENT, actionIndex: 2 }).environments, []);
    const planned = runPlanInfo(index, {
      agentUri: AGENT,
      actionIndex: 1,
      environment: 'development',
      parameters: {},
      variables: { customer: { mobile: '+15551234567' } },
      message: 'hello',
      telnyxBaseUrl: 'http://127.0.0.1:9',
    }).plan;
    assert.ok(planned?.ok && planned.plan.url === 'http://127.0.0.1:9/v2/messages', JSON.stringify(planned));
  });

  it('curl: the API key is "$STELLAR_SECRET_TELNYX_API_KEY", literal credentials are ***', () => {
    const p = plan(workspace(files()), 0, 'development', { invoice: 'INV-1' }, { call: { from: '+31612345678' } });
    const c = toCurl(p);
    assert.match(c, /^curl -sS -X POST 'https:\/\/api\.telnyx\.com\/v2\/messages'/);
    assert.match(c, /-H 'Authorization: Bearer '"\$STELLAR_SECRET_TELNYX_API_KEY"/);
    assert.match(c, /--data-raw '\{"from":"\+14155550100","to":"\+31612345678"/);
    const literal = plan(
      workspace(files(KEY_HEADER.replace(/\{ secret: TELNYX_API_KEY \}/g, CANARY))),
      0,
      'development',
      { invoice: 'INV-1' },
      { call: { from: '+31612345678' } },
    );
    const masked = toCurl(literal);
    assert.ok(!masked.includes(CANARY), 'a literal credential leaked into curl');
    assert.ok(masked.includes(`'Authorization: Bearer ${MASKED}'`), masked);
  });
});

describe('stellar-kit run: send-text-message against a local Telnyx', () => {
  let telnyx: TestServer;
  let dir: string;
  let status = 200;

  before(async () => {
    telnyx = await serve((req, res, body) => {
      let to = '';
      try {
        to = JSON.parse(body).to;
      } catch {
        /* not JSON */
      }
      if (status !== 200) return json(res, status, { errors: [{ code: '40310', title: 'Invalid destination', detail: `echo ${req.headers.authorization}` }] });
      json(
        res,
        200,
        { data: { id: 'msg-4000-abc', record_type: 'message', to: [{ phone_number: to, status: 'queued' }] } },
        { 'x-echo-auth': String(req.headers.authorization) },
      );
    });
    dir = path.join(scratch, 'acme');
    cpSync(example, dir, { recursive: true });
  });
  after(() => telnyx.close());

  async function run(args: string[], env: Record<string, string> = {}) {
    const o = { out: '', err: '' };
    const code = await runCommand([...args, '--folder', dir], {
      out: (s) => {
        o.out += s;
      },
      err: (s) => {
        o.err += s;
      },
      secrets: secrets({ TELNYX_API_KEY: CANARY }),
      limits: FAST,
      env,
    });
    assert.ok(!o.out.includes(CANARY) && !o.err.includes(CANARY), 'the API key leaked');
    return { code, ...o };
  }

  it('recipient caller + message template: posts the expected JSON and headers, shows the message id', async () => {
    const before = telnyx.seen.length;
    const r = await run([
      'billing-support/send_invoice_link',
      '--env',
      'development',
      '--param',
      'invoice_number=INV-204518',
      '--var',
      'call.from=+31612345678',
      '--telnyx-base-url',
      telnyx.url,
    ]);
    assert.equal(r.code, 0, r.err);
    assert.equal(telnyx.seen.length, before + 1);
    const seen = telnyx.seen[before];
    assert.equal(seen.method, 'POST');
    assert.equal(seen.url, '/v2/messages');
    assert.equal(seen.headers.authorization, `Bearer ${CANARY}`);
    assert.equal(seen.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(seen.body), {
      from: '+14155550100',
      to: '+31612345678',
      text: 'Acme: pay invoice INV-204518 at https://pay.acme.example/i/INV-204518 - reply STOP to opt out.',
      messaging_profile_id: '40017a3c-5d8e-4c1b-9f0e-7a2b6c3d1e01',
    });
    assert.match(r.out, /^POST http:\/\/127\.0\.0\.1:\d+\/v2\/messages$/m);
    assert.match(r.out, /^200 OK/m);
    assert.match(r.out, /message_id = msg-4000-abc/);
    assert.match(r.out, /x-echo-auth: Bearer \[secret TELNYX_API_KEY\]/);
  });

  it('recipient template + no message template: the text comes from --message; STELLAR_TELNYX_BASE_URL selects the server; json output', async () => {
    const before = telnyx.seen.length;
    const r = await run(
      ['order-desk/text_tracking_link', '--env', 'staging', '--var', 'call.from=+447700900123', '--message', 'Your order ships today.', '--format', 'json'],
      { STELLAR_TELNYX_BASE_URL: telnyx.url },
    );
    assert.equal(r.code, 0, r.err);
    const seen = telnyx.seen[before];
    assert.deepEqual(JSON.parse(seen.body), {
      from: '+14155550101',
      to: '+447700900123',
      text: 'Your order ships today.',
      messaging_profile_id: '40017a3c-5d8e-4c1b-9f0e-7a2b6c3d1e02',
    });
    const j = JSON.parse(r.out);
    assert.equal(j.status, 200);
    assert.deepEqual(j.outputVariables, [{ name: 'message_id', path: '$.data.id', found: true, value: 'msg-4000-abc' }]);
  });

  it('refuses before sending: missing caller number, missing --message, --message with a template, no slot, production without --yes', async () => {
    const before = telnyx.seen.length;
    const base = ['--telnyx-base-url', telnyx.url];
    let r = await run(['billing-support/send_invoice_link', '--env', 'development', '--param', 'invoice_number=INV-204518', ...base]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /'billing-support\/send_invoice_link' reads conversation variables that were not given: pass --var call\.from=<E\.164 number, e\.g\. \+31612345678> \(the number the caller calls from\)\./,
    );
    r = await run(['order-desk/text_tracking_link', '--env', 'development', '--var', 'call.from=+31612345678', ...base]);
    assert.equal(r.code, 2);
    assert.match(r.err, /has no message template \(on a call the agent writes the text\): pass --message <text>/);
    r = await run([
      'billing-support/send_invoice_link',
      '--env',
      'development',
      '--param',
      'invoice_number=INV-204518',
      '--var',
      'call.from=+31612345678',
      '--message',
      'x',
      ...base,
    ]);
    assert.equal(r.code, 2);
    assert.match(r.err, /has a message template; --message is only for send-text-message actions without one/);
    r = await run(['billing-support/lookup_invoice', '--env', 'development', '--param', 'invoice_number=INV-204518', '--message', 'x', ...base]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--message is only for send-text-message actions/);
    r = await run(['winback-offers/text_offer_summary', '--env', 'production', '--param', 'discount_percent=10', '--var', 'call.from=+31612345678', ...base]);
    assert.equal(r.code, 2);
    assert.match(r.err, /--yes/);
    assert.equal(telnyx.seen.length, before, 'nothing was sent');

    const noSlot = path.join(scratch, 'no-slot');
    cpSync(dir, noSlot, { recursive: true });
    const sms = path.join(noSlot, 'integrations/sms/sms.integration.yaml');
    writeFileSync(sms, readFileSync(sms, 'utf8').replace(/ {2}staging:\n( {4}.*\n){3}/, ''));
    const o = { out: '', err: '' };
    const code = await runCommand(
      ['order-desk/text_tracking_link', '--env', 'staging', '--var', 'call.from=+31612345678', '--message', 'hi', '--folder', noSlot, ...base],
      {
        out: (s) => {
          o.out += s;
        },
        err: (s) => {
          o.err += s;
        },
        secrets: secrets({ TELNYX_API_KEY: CANARY }),
        limits: FAST,
      },
    );
    assert.equal(code, 2);
    assert.match(
      o.err,
      /Messaging channel 'sms' has no staging slot, so 'order-desk\/text_tracking_link' cannot run in staging\. It has: development, production\./,
    );
    assert.equal(telnyx.seen.length, before, 'nothing was sent');
  });

  it('a key secret that already starts with "Bearer " is refused before sending, naming the secret, never its value', async () => {
    const before = telnyx.seen.length;
    for (const key of [`Bearer ${CANARY}`, `bearer  ${CANARY}`]) {
      const o = { out: '', err: '' };
      const code = await runCommand(
        [
          'billing-support/send_invoice_link',
          '--env',
          'development',
          '--param',
          'invoice_number=INV-204518',
          '--var',
          'call.from=+31612345678',
          '--telnyx-base-url',
          telnyx.url,
          '--folder',
          dir,
        ],
        {
          out: (s) => {
            o.out += s;
          },
          err: (s) => {
            o.err += s;
          },
          secrets: secrets({ TELNYX_API_KEY: key }),
          limits: FAST,
        },
      );
      assert.equal(code, 2, o.out + o.err);
      assert.match(o.err, /secret TELNYX_API_KEY \(development\) already starts with "Bearer ": Stellar Kit sends "Authorization: Bearer <value>" itself/);
      assert.match(o.err, /Store the bare key or token, without "Bearer "/);
      assert.ok(!o.out.includes(CANARY) && !o.err.includes(CANARY), 'the API key leaked');
    }
    assert.equal(telnyx.seen.length, before, 'nothing was sent');
  });

  it('a Telnyx error is shown like any response, with exit 1 and the key masked', async () => {
    status = 422;
    try {
      const r = await run([
        'billing-support/send_invoice_link',
        '--env',
        'development',
        '--param',
        'invoice_number=INV-204518',
        '--var',
        'call.from=+31612345678',
        '--telnyx-base-url',
        telnyx.url,
      ]);
      assert.equal(r.code, 1);
      assert.match(r.out, /^422 Unprocessable Entity/m);
      assert.match(r.out, /Invalid destination/);
      assert.match(r.out, /echo Bearer \[secret TELNYX_API_KEY\]/);
      assert.match(r.err, /422 Unprocessable Entity from 'billing-support\/send_invoice_link'/);
    } finally {
      status = 200;
    }
  });

  it('in a child process (real stdout/stderr, STELLAR_SECRET_* and STELLAR_TELNYX_BASE_URL from the environment), the key never shows', async () => {
    const entry = bundle(path.join(__dirname, 'run', 'cli-entry.ts'), path.join(scratch, 'cli-entry.js'));
    const before = telnyx.seen.length;
    const { code, out, err } = await runChild(
      entry,
      ['winback-offers/text_offer_summary', '--env', 'development', '--param', 'discount_percent=15', '--var', 'call.from=+31612345678', '--folder', dir],
      { ...process.env, STELLAR_SECRET_TELNYX_API_KEY: CANARY, STELLAR_TELNYX_BASE_URL: telnyx.url },
    );
    assert.equal(code, 0, err);
    assert.ok(!out.includes(CANARY) && !err.includes(CANARY), 'the API key leaked');
    assert.equal(telnyx.seen[before].headers.authorization, `Bearer ${CANARY}`);
    assert.match(JSON.parse(telnyx.seen[before].body).text, /your discount of 15% is active/);
    assert.match(out, /message_id = msg-4000-abc/);
  });
});
