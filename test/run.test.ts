import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { runCommand } from '../server/src/cli/run';
import { queryJsonPath } from '../server/src/runner/jsonpath';
import { TokenCache } from '../server/src/runner/oauth';
import { EnvSecretSource, redact } from '../server/src/runner/secrets';
import { sendPlan } from '../server/src/runner/send';
import { toCurl } from '../server/src/service/run/curl';
import { coerceParameters, findAgentAction, planRequest, type RequestPlan } from '../server/src/service/run/plan';
import { goFloat, renderTemplate } from '../server/src/service/run/render';
import { AGENT_URI, bundle, json, runChild, secrets, serve, workspace, captured } from './run/helpers';

const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 2000 };

function files(baseUrl: string, auth: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  TOKEN: t\n  PASS: p\n  KEY: k\n  CLIENT_SECRET: c\n',
    'api.integration.yaml': `kind: custom-api\nname: API\nheaders:\n  X-Client: stellar\n  accept: text/plain\nenvironments:\n  development: { baseUrl: "${baseUrl}/v1/", auth: cred }\n`,
    'cred.auth.yaml': auth,
    'lookup.action.yaml':
      'integration: api\nname: lookup\ndescription: Look up\nmethod: GET\npath: /items\nheaders:\n  Accept: application/json\noutputVariables:\n  - { name: status, path: $.item.status }\n  - { name: missing, path: $.item.nope }\n',
    'create.action.yaml': 'integration: api\nname: create\ndescription: Create\nmethod: POST\npath: /items\noutputVariables:\n  - { name: id, path: "$.id" }\n',
    'agent.agent.yaml': [
      'name: Agent',
      'status: active',
      'actions:',
      '  - link: api/lookup',
      '    parameters: { type: object, properties: { q: { type: string, pattern: "^[a-z]+$" }, limit: { type: integer }, since: { type: string, format: date-time } }, required: [q] }',
      '  - link: api/create',
      '    parameters: { type: object, properties: { name: { type: string }, amount: { type: number }, vip: { type: boolean } } }',
      '    bodyTemplate: |',
      '      {"name": "{{ .parameters.name }}", "amount": {{ .parameters.amount }}, "vip": {{ .parameters.vip }}, "line": "{{ if eq .variables.call.to "+3120" }}nl{{ else }}other{{ end }}"}',
      '  - link: api/create',
      '  - type: api-call',
      '    name: direct',
      '    description: d',
      '    method: GET',
      `    url: ${baseUrl}/direct`,
      '    auth: cred',
      '    headers: { X-Direct: "1" }',
      '    outputVariables: [{ name: ok, path: $.ok }]',
      '',
    ].join('\n'),
    ...extra,
  };
}

const BEARER = 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TOKEN } }\n';

function plan(index: ReturnType<typeof workspace>, actionIndex: number, params: Record<string, unknown> = {}, vars: Record<string, unknown> = {}): RequestPlan {
  const r = planRequest(index, { agentUri: AGENT_URI, actionIndex }, 'development', params, vars);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

describe('request plan', () => {
  it('GET: slot baseUrl without trailing slash + path, parameters as query, headers merged case-insensitively, secrets symbolic', () => {
    const p = plan(workspace(files('http://h', BEARER)), 0, { q: 'abc', limit: 3 });
    assert.equal(p.method, 'GET');
    assert.equal(p.url, 'http://h/v1/items?q=abc&limit=3');
    assert.deepEqual(p.headers, { 'X-Client': 'stellar', Accept: 'application/json' });
    assert.deepEqual(p.auth, { type: 'bearer', token: { secret: 'TOKEN' } });
    assert.deepEqual(
      p.outputVariables.map((o) => o.name),
      ['status', 'missing'],
    );
    assert.equal(p.body, undefined);
  });

  it('POST: the body template is rendered with raw values, as Go does; Content-Type is JSON', () => {
    const p = plan(workspace(files('http://h', BEARER)), 1, { name: 'Ann "A"', amount: 12.5, vip: true }, { call: { to: '+3120' } });
    assert.equal(p.body, '{"name": "Ann "A"", "amount": 12.5, "vip": true, "line": "nl"}\n');
    assert.equal(p.headers['Content-Type'], 'application/json');
    const p2 = plan(workspace(files('http://h', BEARER)), 1, { name: 'B', amount: 1000000 });
    assert.match(p2.body!, /"amount": 1e\+06, "vip": <no value>, "line": "other"/);
  });

  it('POST without a bodyTemplate sends the parameters as JSON; an api-call uses its own url', () => {
    assert.equal(plan(workspace(files('http://h', BEARER)), 2).body, '{}');
    const d = plan(workspace(files('http://h', BEARER)), 3);
    assert.equal(d.url, 'http://h/direct');
    assert.deepEqual(d.headers, { 'X-Direct': '1' });
  });

  it('refuses: no slot for the environment, parameters that fail the schema (pattern, required, date-time)', () => {
    const index = workspace(files('http://h', BEARER));
    const staging = planRequest(index, { agentUri: AGENT_URI, actionIndex: 0 }, 'staging', { q: 'a' });
    assert.ok(!staging.ok && /no staging slot/.test(staging.error), JSON.stringify(staging));
    const bad = planRequest(index, { agentUri: AGENT_URI, actionIndex: 0 }, 'development', { q: 'A1', since: 'yesterday' });
    assert.ok(!bad.ok && /must match pattern/.test(bad.error) && /date-time/.test(bad.error), JSON.stringify(bad));
    const none = planRequest(index, { agentUri: AGENT_URI, actionIndex: 0 }, 'development', {});
    assert.ok(!none.ok && /required property 'q'/.test(none.error));
    const good = planRequest(index, { agentUri: AGENT_URI, link: 'api/lookup' }, 'development', { q: 'a', since: '2026-11-20T10:00:00Z' });
    assert.ok(good.ok);
  });

  it('finds actions by name and coerces --param values to the schema type', () => {
    const index = workspace(files('http://h', BEARER));
    const f = findAgentAction(index, 'agent', 'create');
    assert.ok(f.ok && 'actionIndex' in f.target && f.target.actionIndex === 1);
    const missing = findAgentAction(index, 'agent', 'nope');
    assert.ok(!missing.ok && /lookup, create, create, direct/.test(missing.error));
    assert.deepEqual(
      coerceParameters({ properties: { n: { type: 'integer' }, s: { type: 'string' }, b: { type: 'boolean' } } }, { n: '3', s: '007', b: 'true', x: '5' }),
      { n: 3, s: '007', b: true, x: '5' },
    );
  });

  it('toCurl shows secrets as $STELLAR_SECRET_NAME', () => {
    const p = plan(workspace(files('http://h', BEARER)), 0, { q: 'a' });
    const c = toCurl(p);
    assert.match(c, /Authorization: Bearer '"\$STELLAR_SECRET_TOKEN"/);
  });
});

describe('template rendering and JSONPath', () => {
  it('renders if/else with and/or/not/ne and prints like Go', () => {
    const r = renderTemplate(
      '{{ if and (ne .parameters.a "x") (not .parameters.b) }}yes{{ else }}no{{ end }}-{{ or .parameters.c "dflt" }}-{{ .parameters.list }}',
      { parameters: { a: 'y', b: false, list: [1, 'a'] } },
    );
    assert.deepEqual(r, { ok: true, text: 'yes-dflt-[1 a]' });
    assert.equal(goFloat(123456), '123456');
    assert.equal(goFloat(1234567), '1.234567e+06');
    assert.equal(goFloat(0.00001), '1e-05');
  });

  it('renders template variables: $x := and =, range $i, $v :=, with $v :=, block scope', () => {
    const src =
      '{{ $sep := "" }}{{ range $i, $o := .parameters.offers }}{{ if $i }}, {{ end }}{{ $i }}={{ $o.id }}{{ end }}' +
      '|{{ range $k, $v := .parameters.m }}{{ $k }}:{{ $v }} {{ end }}|{{ with $n := .parameters.n }}n={{ $n }}{{ end }}' +
      '|{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ $y := 3 }}{{ end }}{{ $x }}';
    const r = renderTemplate(src, { parameters: { offers: [{ id: 'a' }, { id: 'b' }], m: { z: 1, a: 2 }, n: 5 } });
    assert.deepEqual(r, { ok: true, text: '0=a, 1=b|a:2 z:1 |n=5|2' });
    assert.deepEqual(renderTemplate('{{ if true }}{{ $y := 3 }}{{ end }}{{ $y }}', {}), { ok: false, error: 'template error: undefined variable: $y' });
  });

  it("selects $, .name, ['name'], [n], [*], ..name", () => {
    const doc = { a: { 'b c': [1, { d: 2 }] }, d: 0 };
    const q = (p: string) => queryJsonPath(doc, p);
    assert.deepEqual(q('$'), { values: [doc] });
    assert.deepEqual(q("$.a['b c'][1].d"), { values: [2] });
    assert.deepEqual(q("$.a['b c'][-2]"), { values: [1] });
    assert.deepEqual(q("$.a['b c'][*]"), { values: [1, { d: 2 }] });
    assert.deepEqual(q('$..d'), { values: [0, 2] });
    assert.deepEqual(q('$.x.y'), { values: [] });
    assert.ok('error' in q('$[?(@.a)]'));
  });
});

describe('sending', () => {
  const servers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const s of servers) await s.close();
  });
  const echo = async () => {
    const s = await serve((req, res, body) =>
      json(res, 200, { item: { status: 'open' }, ok: true, id: 7, method: req.method, url: req.url, headers: req.headers, body }),
    );
    servers.push(s);
    return s;
  };

  it('bearer: status, headers, pretty body, output variables with the missing one marked', async () => {
    const s = await echo();
    const p = plan(workspace(files(s.url, BEARER)), 0, { q: 'abc' });
    const r = await sendPlan(p, { secrets: secrets({ TOKEN: 'tok-1' }), limits: FAST });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.result.status, 200);
    assert.equal(s.seen[0].headers.authorization, 'Bearer tok-1');
    assert.equal(s.seen[0].url, '/v1/items?q=abc');
    assert.equal(s.seen[0].headers['x-client'], 'stellar');
    assert.match(r.result.body, /^\{\n {2}"item"/);
    assert.ok(!r.result.body.includes('tok-1'), 'the echoed token is masked');
    assert.equal(r.result.request.headers.authorization, 'Bearer [secret TOKEN]');
    assert.deepEqual(r.result.outputVariables, [
      { name: 'status', path: '$.item.status', found: true, value: 'open' },
      { name: 'missing', path: '$.item.nope', found: false },
    ]);
  });

  it('bearer: a token that already starts with "Bearer " (secret or literal) is refused, unsent and unprinted; an api-key value is sent as written', async () => {
    const s = await echo();
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), { secrets: secrets({ TOKEN: 'Bearer tok-canary-77' }), limits: FAST });
    assert.ok(!r.ok && /^secret TOKEN \(development\) already starts with "Bearer ": /.test(r.error), JSON.stringify(r));
    assert.ok(!r.error.includes('tok-canary-77'));
    const literal = 'type: bearer\nname: T\nenvironments:\n  development: { token: "BEARER tok-canary-77" }\n';
    const l = await sendPlan(plan(workspace(files(s.url, literal)), 0, { q: 'a' }), { secrets: secrets({}), limits: FAST });
    assert.ok(
      !l.ok && /^the literal credential \(development\) already starts with "Bearer "/.test(l.error) && !l.error.includes('tok-canary-77'),
      JSON.stringify(l),
    );
    assert.equal(s.seen.length, 0, 'nothing was sent');
    // An api-key connector's value is the whole header: "Bearer …" there is what the API wants.
    const header = 'type: api-key\nname: K\nenvironments:\n  development: { in: header, name: Authorization, value: { secret: KEY } }\n';
    assert.ok((await sendPlan(plan(workspace(files(s.url, header)), 0, { q: 'a' }), { secrets: secrets({ KEY: 'Bearer k-1' }), limits: FAST })).ok);
    assert.equal(s.seen[0].headers.authorization, 'Bearer k-1');
  });

  it('api-key in a header and in the query; basic', async () => {
    const s = await echo();
    const header = 'type: api-key\nname: K\nenvironments:\n  development: { in: header, name: X-Api-Key, value: { secret: KEY } }\n';
    const query = 'type: api-key\nname: K\nenvironments:\n  development: { in: query, name: api_key, value: { secret: KEY } }\n';
    const basic = 'type: basic\nname: B\nenvironments:\n  development: { username: bot, password: { secret: PASS } }\n';
    const src = secrets({ KEY: 'k&y', PASS: 'pw' });
    assert.ok((await sendPlan(plan(workspace(files(s.url, header)), 0, { q: 'a' }), { secrets: src, limits: FAST })).ok);
    assert.equal(s.seen[0].headers['x-api-key'], 'k&y');
    assert.ok((await sendPlan(plan(workspace(files(s.url, query)), 0, { q: 'a' }), { secrets: src, limits: FAST })).ok);
    assert.equal(s.seen[1].url, '/v1/items?q=a&api_key=k%26y');
    const r = await sendPlan(plan(workspace(files(s.url, basic)), 0, { q: 'a' }), { secrets: src, limits: FAST });
    assert.ok(r.ok);
    assert.equal(s.seen[2].headers.authorization, `Basic ${Buffer.from('bot:pw').toString('base64')}`);
    assert.ok(!JSON.stringify(r.result).includes(Buffer.from('bot:pw').toString('base64')));
  });

  it('a missing secret names the secret and the variable to set', async () => {
    const s = await echo();
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), { secrets: new EnvSecretSource({}), limits: FAST });
    assert.ok(!r.ok && /secret TOKEN has no value for development: set STELLAR_SECRET_TOKEN_DEVELOPMENT/.test(r.error), JSON.stringify(r));
    assert.equal(s.seen.length, 0);
    const env = new EnvSecretSource({ STELLAR_SECRET_TOKEN: 'all', STELLAR_SECRET_TOKEN_DEVELOPMENT: 'dev' });
    assert.equal(await env.get('TOKEN', 'development'), 'dev');
    assert.equal(await env.get('TOKEN', 'staging'), 'all');
  });

  it('oauth2: fetches a client-credentials token, reuses it, fetches again after expiry minus 30 s', async () => {
    let issued = 0;
    const s = await serve((req, res, body) => {
      if (req.url === '/token') {
        const form = new URLSearchParams(body);
        assert.equal(form.get('grant_type'), 'client_credentials');
        assert.equal(form.get('client_secret'), 'cs');
        assert.equal(form.get('scope'), 'a b');
        return json(res, 200, { access_token: `at-${++issued}`, expires_in: 31, token_type: 'Bearer' });
      }
      json(res, 200, { item: { status: 'x' } });
    });
    servers.push(s);
    const auth = `type: oauth2\nname: O\nenvironments:\n  development: { tokenUrl: "${s.url}/token", clientId: cid, clientSecret: { secret: CLIENT_SECRET }, scopes: [a, b], tokenAuthMethod: client_secret_post }\n`;
    let now = 1_000_000;
    const cache = new TokenCache(() => now);
    const p = plan(workspace(files(s.url, auth)), 0, { q: 'a' });
    const o = { secrets: secrets({ CLIENT_SECRET: 'cs' }), limits: FAST, tokenCache: cache };
    assert.ok((await sendPlan(p, o)).ok);
    now += 500;
    assert.ok((await sendPlan(p, o)).ok);
    now += 600; // 1.1 s later: past 31 - 30 s
    const third = await sendPlan(p, o);
    assert.ok(third.ok);
    const auths = s.seen.filter((x) => x.url !== '/token').map((x) => x.headers.authorization);
    assert.deepEqual(auths, ['Bearer at-1', 'Bearer at-1', 'Bearer at-2']);
    assert.equal(issued, 2);
    assert.equal(third.result.request.headers.authorization, 'Bearer [secret oauth2 access token]');
  });

  it('times out when the server never answers', async () => {
    const s = await serve(() => {
      /* never answers */
    });
    servers.push(s);
    const t0 = Date.now();
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), {
      secrets: secrets({ TOKEN: 'token-value' }),
      limits: { totalTimeoutMs: 300 },
    });
    assert.ok(!r.ok && /timed out/.test(r.error), JSON.stringify(r));
    assert.ok(Date.now() - t0 < 2000);
  });

  it('stops reading an endless body at the cap', async () => {
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 97);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    servers.push(s);
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), {
      secrets: secrets({ TOKEN: 'token-value' }),
      limits: { ...FAST, maxBodyBytes: 100_000 },
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.result.truncated, 'truncated at 97.7 KB');
    assert.equal(r.result.body.length, 100_000);
  });

  it('caps the decoded size of a gzip bomb', async () => {
    const bomb = gzipSync(Buffer.alloc(50 * 1024 * 1024));
    assert.ok(bomb.length < 100_000);
    const s = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    servers.push(s);
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), {
      secrets: secrets({ TOKEN: 'token-value' }),
      limits: { ...FAST, maxBodyBytes: 1024 * 1024 },
    });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.result.truncated, 'truncated at 1 MB');
    assert.ok(r.result.body.length <= 1024 * 1024);
    assert.equal(r.result.outputVariables[0].found, false);
  });

  it('redirects: same origin keeps credentials, another origin drops Authorization and the api-key header', async () => {
    const other = await echo();
    const s = await serve((req, res) => {
      if (req.url?.startsWith('/v1/items')) {
        res.writeHead(302, { location: '/same' });
        return res.end();
      }
      if (req.url === '/same') {
        res.writeHead(307, { location: `${other.url}/away` });
        return res.end();
      }
      json(res, 404, {});
    });
    servers.push(s);
    const auth = 'type: api-key\nname: K\nenvironments:\n  development: { in: header, name: X-Api-Key, value: { secret: KEY } }\n';
    for (const [a, header] of [
      [BEARER, 'authorization'],
      [auth, 'x-api-key'],
    ] as const) {
      const before = other.seen.length;
      const r = await sendPlan(plan(workspace(files(s.url, a)), 0, { q: 'a' }), { secrets: secrets({ TOKEN: 'tk', KEY: 'ky' }), limits: FAST });
      assert.ok(r.ok, r.ok ? '' : r.error);
      assert.deepEqual(r.result.redirects, [`${s.url}/same`, `${other.url}/away`]);
      assert.ok(s.seen[s.seen.length - 1].headers[header], `same origin keeps ${header}`);
      assert.equal(other.seen[before].headers[header], undefined, `cross origin drops ${header}`);
      assert.equal(other.seen[before].headers['x-client'], 'stellar');
    }
  });

  it('refuses more than 5 redirects', async () => {
    let n = 0;
    const s = await serve((_req, res) => {
      res.writeHead(302, { location: `/r${++n}` });
      res.end();
    });
    servers.push(s);
    const r = await sendPlan(plan(workspace(files(s.url, BEARER)), 0, { q: 'a' }), { secrets: secrets({ TOKEN: 'token-value' }), limits: FAST });
    assert.ok(!r.ok && /more than 5 redirects/.test(r.error), JSON.stringify(r));
    assert.equal(s.seen.length, 6);
  });

  it('refuses CR/LF in a header value or the path before connecting', async () => {
    const s = await echo();
    const p = plan(workspace(files(s.url, BEARER)), 0, { q: 'a' });
    const r1 = await sendPlan({ ...p, headers: { ...p.headers, 'X-Evil': 'a\r\nInjected: 1' } }, { secrets: secrets({ TOKEN: 'token-value' }), limits: FAST });
    assert.ok(!r1.ok && /X-Evil/.test(r1.error) && /CR, LF or NUL/.test(r1.error));
    const r2 = await sendPlan({ ...p, url: `${s.url}/a\r\nb` }, { secrets: secrets({ TOKEN: 'token-value' }), limits: FAST });
    assert.ok(!r2.ok && /the URL/.test(r2.error));
    const r3 = await sendPlan(p, { secrets: secrets({ TOKEN: 'a\nb' }), limits: FAST });
    assert.ok(!r3.ok && /contains a line break/.test(r3.error) && !r3.error.includes('a\nb'));
    assert.equal(s.connections, 0);
  });

  it('redact masks every occurrence', () => {
    assert.equal(redact('x=abc y=abc', { S: 'abc' }), 'x=[secret S] y=[secret S]');
  });
});

describe('stellar-kit run', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-run-'));
  const servers: { close(): Promise<void> }[] = [];
  after(async () => {
    for (const s of servers) await s.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  async function example() {
    const s = await serve((req, res) => {
      if (req.url?.startsWith('/invoices/lookup')) {
        const due = req.url.includes('INV-000001') ? { due_date: '2026-12-01' } : {};
        return json(res, 200, { invoice: { status: 'open', amount_due: 42.5, currency: 'EUR', ...due }, echo: { headers: req.headers, url: req.url } });
      }
      if (req.url?.startsWith('/orders')) return json(res, 500, { error: 'boom', auth: req.headers.authorization });
      json(res, 404, {});
    });
    servers.push(s);
    const dir = mkdtempSync(path.join(scratch, 'ws-'));
    cpSync(path.resolve(__dirname, '..', 'examples', 'acme-support'), dir, { recursive: true });
    const f = path.join(dir, 'integrations', 'billing-api', 'billing-api.integration.yaml');
    writeFileSync(f, readFileSync(f, 'utf8').replace('http://127.0.0.1:4010', s.url));
    return { s, dir };
  }

  async function run(args: string[], env: Record<string, string> = {}) {
    return captured(runCommand, args, { secrets: new EnvSecretSource(env), limits: FAST });
  }

  const CANARY = 'canary-9f3e1d7c5b';

  it('runs a binding of the example end to end, in text and json; the canary secret appears nowhere', async () => {
    const { s, dir } = await example();
    const env = { STELLAR_SECRET_BILLING_API_TOKEN_DEVELOPMENT: CANARY };
    const text = await run(['billing-support/lookup_invoice', '--env', 'development', '--param', 'invoice_number=INV-204518', '--folder', dir], env);
    assert.equal(text.code, 1, text.err); // due_date is not in the response
    assert.equal(s.seen[0].headers.authorization, `Bearer ${CANARY}`);
    assert.match(text.out, new RegExp(`^GET ${s.url}/invoices/lookup\\?invoice_number=INV-204518\n`));
    assert.match(text.out, /200 OK \(\d+ ms\)/);
    assert.match(text.out, /amount_due = 42.5/);
    assert.match(text.out, /due_date: \(nothing at \$\.invoice\.due_date\)/);
    assert.match(text.out, /Bearer \[secret BILLING_API_TOKEN\]/);
    const js = await run(
      ['billing-support/lookup_invoice', '--env=development', '--param=invoice_number=INV-204518', '--format', 'json', '--folder', dir],
      env,
    );
    const o = JSON.parse(js.out);
    assert.equal(o.status, 200);
    assert.equal(o.request.method, 'GET');
    assert.equal(o.body.invoice.currency, 'EUR');
    assert.deepEqual(
      o.outputVariables.find((v: { name: string }) => v.name === 'currency'),
      { name: 'currency', path: '$.invoice.currency', found: true, value: 'EUR' },
    );
    const failing = await run(['billing-support/list_orders', '--env', 'development', '--param', 'customer_id=c1', '--param', 'limit=3', '--folder', dir], env);
    assert.equal(failing.code, 1);
    assert.equal(s.seen[s.seen.length - 1].url, '/orders?customer_id=c1&limit=3');
    const failingJson = await run(
      ['billing-support/list_orders', '--env', 'development', '--param', 'customer_id=c1', '--format', 'json', '--folder', dir],
      env,
    );
    for (const r of [text, js, failing, failingJson]) {
      assert.ok(!r.out.includes(CANARY) && !r.err.includes(CANARY), `canary leaked: ${r.out}${r.err}`);
    }
  });

  it('in a child process with the secret in the environment: the canary is in neither stdout nor stderr', async () => {
    const { s, dir } = await example();
    // Bundled once, like dist/cli.js, so each child starts in milliseconds.
    const entry = bundle(path.join(__dirname, 'run', 'cli-entry.ts'), path.join(scratch, 'cli-entry.js'));
    for (const [format, action] of [
      ['text', 'lookup_invoice'],
      ['json', 'list_orders'],
    ]) {
      const { code, out, err } = await runChild(
        entry,
        [
          `billing-support/${action}`,
          '--env',
          'development',
          '--param',
          action === 'list_orders' ? 'customer_id=c1' : 'invoice_number=INV-204518',
          '--format',
          format,
          '--folder',
          dir,
        ],
        { ...process.env, STELLAR_SECRET_BILLING_API_TOKEN: CANARY },
      );
      assert.equal(code, 1, err);
      assert.ok(out.includes('[secret BILLING_API_TOKEN]'), out);
      assert.ok(!out.includes(CANARY) && !err.includes(CANARY), `canary leaked (${format}, ${action})`);
    }
    assert.ok(s.seen.every((r) => r.headers.authorization === `Bearer ${CANARY}`));
  });

  it('exits 0 when every output variable is found, 2 on plan errors, refuses production without --yes', async () => {
    const { s, dir } = await example();
    const env = { STELLAR_SECRET_BILLING_API_TOKEN: CANARY };
    const good = await run(['billing-support/lookup_invoice', '--env', 'development', '--param', 'invoice_number=INV-000001', '--folder', dir], env);
    assert.equal(good.code, 0, good.err);
    // Only the credential's destination, named before sending.
    assert.equal(good.err, `credential BILLING_API_TOKEN (development) -> ${s.url}\n`);
    assert.match(good.out, /due_date = 2026-12-01/);
    const bad = await run(['billing-support/lookup_invoice', '--env', 'development', '--param', 'invoice_number=nope', '--folder', dir], env);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /must match pattern/);
    const prod = await run(['billing-support/lookup_invoice', '--env', 'production', '--param', 'invoice_number=INV-204518', '--folder', dir], env);
    assert.equal(prod.code, 2);
    assert.match(prod.err, /production .*--yes/);
    const noSecret = await run(['billing-support/lookup_invoice', '--env', 'development', '--param', 'invoice_number=INV-204518', '--folder', dir], {});
    assert.equal(noSecret.code, 2);
    assert.match(noSecret.err, /STELLAR_SECRET_BILLING_API_TOKEN_DEVELOPMENT/);
    const usage = await run(['billing-support/lookup_invoice', '--folder', dir]);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /missing --env/);
  });
});
