// Hostile input on the network side of runs: the destination policy (every spelling of metadata, link-local
// and unspecified addresses; names resolving to them; redirect hops; https to http), client-owned headers and
// unsafe characters, redaction of every encoding of a secret, deep JSON, and credentials bound to origins
// (the CLI names them, the editor asks). Real HTTP(S) servers on 127.0.0.1; name resolution is a lookup the
// test injects (no real DNS).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, LookupFunction } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { discoverToolsFlow, type DiscoverDeps } from '../../client/src/run/discover';
import { runActionFlow, type FlowDeps } from '../../client/src/run/flow';
import { CredentialOrigins, memoryMemento, ORIGINS_KEY } from '../../client/src/run/origins';
import { Secrets, secretKey } from '../../client/src/secrets';
import { runCommand } from '../../server/src/cli/run';
import { runLimits } from '../../server/src/cli/runIo';
import { addressKind, DestinationRefused, urlRefusal, type DestinationPolicy } from '../../server/src/runner/destination';
import { DEFAULT_LIMITS, exchange, newExchange } from '../../server/src/runner/http';
import { discoverTools } from '../../server/src/runner/mcp';
import { EnvSecretSource } from '../../server/src/runner/secrets';
import { MAX_JSON_DEPTH, sendPlan, type SendResult } from '../../server/src/runner/send';
import { planRequest, type RequestPlan } from '../../server/src/service/run/plan';
import { mcpIntegrationInfo } from '../../server/src/service/run/mcpPlan';
import { runPlanInfo } from '../../server/src/service/runInfo';
import { toolsLockAnswer } from '../../server/src/service/toolsLock';
import { agentsTree, integrationsTree } from '../../server/src/service/trees';
import { FakeUi, memoryStore } from '../run/fakeUi';
import { AGENT_URI, json, secrets, serve, workspace, type TestServer, captured } from '../run/helpers';
import { startMcpServer } from '../run/mcpServer';
import { copyWorkspace, removeDir, TestClient } from '../lsp/client';
import { simplifyDiagnostic } from '../lsp/expected';

const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 3000 };
const servers: { close(): Promise<void> }[] = [];
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-hostile-net-'));
after(async () => {
  for (const s of servers) await s.close();
  rmSync(scratch, { recursive: true, force: true });
});
const track = async (s: Promise<TestServer>): Promise<TestServer> => {
  const t = await s;
  servers.push(t);
  return t;
};

function files(baseUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  TOKEN: t\n  CLIENT_SECRET: c\n  PASS: p\n',
    'api.integration.yaml': `kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "${baseUrl}", auth: cred }\n  production: { baseUrl: "${baseUrl}", auth: cred }\n`,
    'cred.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TOKEN } }\n  production: { token: { secret: TOKEN } }\n',
    'lookup.action.yaml':
      'integration: api\nname: lookup\ndescription: Look up\nmethod: GET\npath: /items\noutputVariables:\n  - { name: status, path: $.status }\n',
    'agent.agent.yaml': 'name: Agent\nstatus: active\nactions:\n  - link: api/lookup\n',
    ...extra,
  };
}

function planFor(baseUrl: string, extra: Record<string, string> = {}, env = 'development'): RequestPlan {
  const r = planRequest(workspace(files(baseUrl, extra)), { agentUri: AGENT_URI, actionIndex: 0 }, env, {});
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.plan;
}

/** A lookup from a fixed table that counts its calls; unknown names fail as DNS would. */
function fakeDns(table: Record<string, string[]>): { lookup: LookupFunction; calls: string[] } {
  const calls: string[] = [];
  const lookup = ((hostname: string, options: { all?: boolean }, cb: (err: Error | null, a: unknown, f?: number) => void) => {
    calls.push(hostname);
    const list = table[hostname];
    if (!list) return cb(Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
    const addrs = list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    if (options.all) cb(null, addrs);
    else cb(null, addrs[0].address, addrs[0].family);
  }) as unknown as LookupFunction;
  return { lookup, calls };
}

const send = (plan: RequestPlan, values: Record<string, string>, destination: DestinationPolicy = {}): Promise<SendResult> =>
  sendPlan(plan, { secrets: secrets(values), limits: { ...FAST, destination } });

function refusedError(r: SendResult): string {
  assert.ok(!r.ok, `expected a refusal, got ${JSON.stringify(r).slice(0, 300)}`);
  return r.error;
}

describe('destination policy', () => {
  const SPELLINGS: [string, RegExp, RegExp][] = [
    ['http://2852039166/', /169\.254\.169\.254/, /cloud metadata/],
    ['http://0251.0376.0251.0376/', /169\.254\.169\.254/, /cloud metadata/],
    ['http://0xa9.254.169.254/', /169\.254\.169\.254/, /cloud metadata/],
    ['http://169.254.169.254/latest/meta-data/', /169\.254\.169\.254/, /cloud metadata/],
    ['http://[::ffff:169.254.169.254]/', /::ffff:a9fe:a9fe \(169\.254\.169\.254\)/, /cloud metadata/],
    ['http://[::ffff:a9fe:a9fe]/', /::ffff:a9fe:a9fe \(169\.254\.169\.254\)/, /cloud metadata/],
    ['http://[fd00:ec2::254]/', /fd00:ec2::254/, /cloud metadata/],
    ['http://100.100.100.200/', /100\.100\.100\.200/, /cloud metadata/],
    ['http://metadata.google.internal/computeMetadata/v1/', /metadata\.google\.internal/, /cloud metadata/],
    ['http://METADATA.google.internal./', /metadata\.google\.internal/, /cloud metadata/],
    ['http://169.254.10.20:8080/', /169\.254\.10\.20/, /link-local/],
    ['http://[fe80::1]/', /fe80::1/, /link-local/],
    ['http://0.0.0.0:4010/', /0\.0\.0\.0/, /unspecified/],
    ['http://0/', /0\.0\.0\.0/, /unspecified/],
    ['http://[::]/', /::/, /unspecified/],
    ['http://10.1.2.3/', /10\.1\.2\.3/, /private network/],
    ['http://[fd12:3456::1]/', /fd12:3456::1/, /private network/],
  ];

  it('refuses every spelling before connecting, naming the address, why and the slot; nothing resolves or connects', async () => {
    const dns = fakeDns({});
    const witness = await track(serve((_q, res) => json(res, 200, {})));
    for (const [url, address, why] of SPELLINGS) {
      const error = refusedError(await send(planFor(url), { TOKEN: 'tok-never-read' }, { lookup: dns.lookup }));
      assert.match(error, address, `${url}: ${error}`);
      assert.match(error, why, `${url}: ${error}`);
      assert.match(error, /integration 'api', slot 'development'/, `${url}: ${error}`);
    }
    assert.deepEqual(dns.calls, [], 'no name was resolved');
    assert.equal(witness.connections, 0);
    // The rewritten spellings are named as written too.
    assert.match(refusedError(await send(planFor('http://2852039166/'), {})), /written '2852039166'/);
  });

  it('the connector refuses the same literals itself, whatever reached it (defense in depth)', async () => {
    const x = newExchange({ ...DEFAULT_LIMITS, ...FAST });
    try {
      for (const [url] of SPELLINGS) {
        await assert.rejects(exchange(x, url, { method: 'GET', headers: {} }), (e: unknown) => e instanceof DestinationRefused, url);
      }
    } finally {
      await x.close();
    }
  });

  it('private addresses only when the environment allows them; metadata, link-local and unspecified never; loopback always', () => {
    const allow = { allowPrivateNetwork: true };
    assert.equal(urlRefusal('http://10.1.2.3/', allow), undefined);
    assert.equal(urlRefusal('http://192.168.1.10/', allow), undefined);
    assert.equal(urlRefusal('http://[fd12::1]/', allow), undefined);
    for (const u of ['http://169.254.169.254/', 'http://[fe80::1]/', 'http://0.0.0.0/', 'http://[::ffff:a9fe:a9fe]/', 'http://metadata.google.internal/']) {
      assert.ok(urlRefusal(u, allow), u);
    }
    for (const u of ['http://127.0.0.1:4010/', 'http://127.1/', 'http://[::1]/', 'http://localhost/', 'http://[::ffff:127.0.0.1]/'])
      assert.equal(urlRefusal(u), undefined, u);
    assert.equal(addressKind('64:ff9b::a9fe:a9fe'), 'cloud metadata');
    assert.equal(addressKind('8.8.8.8'), 'public');
  });

  it('after DNS: a name resolving to a forbidden address is refused before connecting; one resolving to loopback is used', async () => {
    const target = await track(serve((_q, res) => json(res, 200, { status: 'ok' })));
    const dns = fakeDns({
      'metadata.evil.test': ['169.254.169.254'],
      'mapped.evil.test': ['::ffff:169.254.169.254'],
      'mixed.evil.test': ['127.0.0.1', '169.254.169.254'],
      'intranet.test': ['10.20.30.40'],
      'local.test': ['127.0.0.1'],
    });
    for (const [host, shown] of [
      ['metadata.evil.test', '169.254.169.254'],
      ['mapped.evil.test', '169.254.169.254'],
      ['mixed.evil.test', '169.254.169.254'],
      ['intranet.test', '10.20.30.40'],
    ]) {
      const error = refusedError(await send(planFor(`http://${host}:${target.port}`), { TOKEN: 'tok' }, { lookup: dns.lookup }));
      assert.match(error, new RegExp(`'${host.replace(/\./g, '\\.')}' resolves to [^ ]*${shown.replace(/\./g, '\\.')}`), error);
      assert.match(error, /integration 'api', slot 'development'/, error);
      assert.match(error, /refused before connecting/, error);
    }
    assert.equal(target.connections, 0, 'nothing connected');
    const ok = await send(planFor(`http://local.test:${target.port}`), { TOKEN: 'tok' }, { lookup: dns.lookup });
    assert.ok(ok.ok, ok.ok ? '' : ok.error);
    assert.equal(target.seen.length, 1);
    assert.ok(dns.calls.includes('metadata.evil.test') && dns.calls.includes('local.test'));
  });

  it('redirect hops: to http://169.254.169.254/ and to http://[::ffff:169.254.169.254]/ refused at the hop; to a name resolving there too', async () => {
    const dns = fakeDns({ 'evil.test': ['169.254.169.254'] });
    const targets = ['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://2852039166/', 'http://evil.test/'];
    let n = 0;
    const s = await track(
      serve((_q, res) => {
        res.writeHead(302, { location: targets[n++ % targets.length] });
        res.end();
      }),
    );
    for (const to of targets) {
      const error = refusedError(await send(planFor(s.url), { TOKEN: 'tok' }, { lookup: dns.lookup }));
      assert.match(error, /integration 'api', slot 'development', redirect hop 1/, `${to}: ${error}`);
      assert.match(error, /169\.254\.169\.254/, error);
      assert.match(error, /cloud metadata/, error);
    }
    assert.equal(s.seen.length, 4, 'only the first hop was sent');
  });

  it('an https to http redirect is refused; https to https is followed (self-signed certificate made by openssl)', async (t) => {
    const dir = mkdtempSync(path.join(scratch, 'tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'ec',
          '-pkeyopt',
          'ec_paramgen_curve:prime256v1',
          '-nodes',
          '-days',
          '1',
          '-subj',
          '/CN=127.0.0.1',
          '-addext',
          'subjectAltName=IP:127.0.0.1',
          '-keyout',
          path.join(dir, 'key.pem'),
          '-out',
          path.join(dir, 'cert.pem'),
        ],
        { stdio: 'ignore' },
      );
    } catch {
      t.diagnostic('openssl is not installed: the hop check is covered by redirectTarget in the next test only');
      return;
    }
    const cert = readFileSync(path.join(dir, 'cert.pem'), 'utf8');
    const plain = await track(serve((_q, res) => json(res, 200, { status: 'clear text' })));
    const https = createHttpsServer({ key: readFileSync(path.join(dir, 'key.pem')), cert }, (req, res) => {
      if (req.url?.startsWith('/items')) {
        res.writeHead(302, { location: `${plain.url}/clear` });
        return res.end();
      }
      if (req.url?.startsWith('/secure')) {
        res.writeHead(307, { location: '/done' });
        return res.end();
      }
      json(res, 200, { status: 'secure' });
    });
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    servers.push({
      close: () =>
        new Promise((r) => {
          https.closeAllConnections();
          https.close(() => r());
        }),
    });
    const origin = `https://127.0.0.1:${(https.address() as AddressInfo).port}`;
    const error = refusedError(await send(planFor(origin), { TOKEN: 'tok' }, { ca: cert }));
    assert.match(error, /redirect from https to http \(http:\/\/127\.0\.0\.1:\d+\) refused/, error);
    assert.match(error, /integration 'api', slot 'development', redirect hop 1/);
    assert.equal(plain.connections, 0, 'nothing went out in clear text');
    const secure = await send({ ...planFor(origin), url: `${origin}/secure` }, { TOKEN: 'tok' }, { ca: cert });
    assert.ok(secure.ok, secure.ok ? '' : secure.error);
    assert.equal(secure.result.body.includes('secure'), true);
  });

  it('OAuth2 token URLs, MCP servers and Telnyx go through the same policy', async () => {
    const auth =
      'type: oauth2\nname: O\nenvironments:\n  development: { tokenUrl: "http://[::ffff:a9fe:a9fe]/token", clientId: cid, clientSecret: { secret: CLIENT_SECRET } }\n';
    const error = refusedError(await send(planFor('http://127.0.0.1:9', { 'cred.auth.yaml': auth }), { CLIENT_SECRET: 'cs' }));
    assert.match(error, /tokenUrl of auth connector 'cred' \(development\)/, error);
    assert.match(error, /169\.254\.169\.254.*cloud metadata/, error);
    const dns = fakeDns({ 'token.evil.test': ['0.0.0.0'] });
    const viaDns = refusedError(
      await send(
        planFor('http://127.0.0.1:9', { 'cred.auth.yaml': auth.replace('[::ffff:a9fe:a9fe]', 'token.evil.test') }),
        { CLIENT_SECRET: 'cs' },
        { lookup: dns.lookup },
      ),
    );
    assert.match(viaDns, /auth connector 'cred' \(development\).*'token\.evil\.test' resolves to 0\.0\.0\.0, an unspecified address/, viaDns);
    const mcp = await discoverTools({ integration: 'docs', environment: 'development', url: 'http://[fe80::1]/mcp' }, { secrets: secrets({}), limits: FAST });
    assert.ok(!mcp.ok && /MCP server 'docs'/.test(mcp.error) && /fe80::1 is a link-local address/.test(mcp.error), JSON.stringify(mcp));

    // Telnyx: a base URL pointing at metadata is refused naming the messaging channel's slot.
    const sms = workspace({
      'stellar.yaml': 'secrets:\n  TELNYX_API_KEY: k\n',
      'sms.integration.yaml':
        'kind: messaging-channel\nname: SMS\nprovider: telnyx\nenvironments:\n  development: { fromNumber: "+14155550100", messagingProfileId: prof, auth: telnyx }\n',
      'telnyx.auth.yaml': 'type: api-key\nname: Telnyx\nenvironments:\n  development: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n',
      'agent.agent.yaml':
        'name: Agent\nstatus: active\nactions:\n  - type: send-text-message\n    name: notify\n    description: d\n    channel: sms\n    recipient: "+31612345678"\n    message: hello\n',
    });
    const planned = planRequest(sms, { agentUri: AGENT_URI, actionIndex: 0 }, 'development', {}, {}, { telnyxBaseUrl: 'http://0xa9.254.169.254' });
    assert.ok(planned.ok, planned.ok ? '' : planned.error);
    const telnyx = refusedError(await send(planned.plan, { TELNYX_API_KEY: 'key-never-sent' }));
    assert.match(telnyx, /messaging channel 'sms', slot 'development' \(Telnyx\): 169\.254\.169\.254 is a cloud metadata address/, telnyx);
  });
});

describe('headers and characters refused at run time', () => {
  it('Host, Content-Length, Transfer-Encoding and Connection from YAML are refused, nothing sent', async () => {
    const s = await track(serve((_q, res) => json(res, 200, {})));
    for (const h of ['Host', 'content-length', 'Transfer-Encoding', 'Connection']) {
      const integration = `kind: custom-api\nname: API\nheaders:\n  ${h}: "x"\nenvironments:\n  development: { baseUrl: "${s.url}", auth: cred }\n`;
      const error = refusedError(await send(planFor(s.url, { 'api.integration.yaml': integration }), { TOKEN: 'tok' }));
      assert.match(error, new RegExp(`header '${h}' is set by the HTTP client itself`), error);
    }
    const agent = `name: Agent\nstatus: active\nactions:\n  - type: api-call\n    name: direct\n    description: d\n    method: GET\n    url: ${s.url}/d\n    headers: { Connection: close }\n`;
    const r = planRequest(workspace(files(s.url, { 'agent.agent.yaml': agent })), { agentUri: AGENT_URI, actionIndex: 0 }, 'development', {});
    assert.ok(r.ok);
    assert.match(refusedError(await send(r.plan, {})), /\(api-call 'agent\/direct' \(development\)\): header 'Connection' is set by the HTTP client itself/);
    assert.equal(s.connections, 0);
  });

  it('tabs, U+0085, U+2028/2029 and non-Latin-1 in header values, paths, URLs and secrets are refused, naming the character', async () => {
    const s = await track(serve((_q, res) => json(res, 200, {})));
    const p = planFor(s.url);
    const cases: [RequestPlan, Record<string, string>, RegExp][] = [
      [{ ...p, headers: { 'X-A': 'a\tb' } }, { TOKEN: 'tok' }, /the value of header 'X-A' contains a tab/],
      [{ ...p, headers: { 'X-A': 'next\u0085line' } }, { TOKEN: 'tok' }, /U\+0085 \(next line\)/],
      [{ ...p, headers: { 'X-A': 'a\u2028b' } }, { TOKEN: 'tok' }, /U\+2028 \(line separator\)/],
      [{ ...p, headers: { 'X-A': 'a\u2029b' } }, { TOKEN: 'tok' }, /U\+2029 \(paragraph separator\)/],
      [{ ...p, headers: { 'X-A': 'ok ✓' } }, { TOKEN: 'tok' }, /'✓' \(U\+2713, outside Latin-1\)/],
      [{ ...p, url: `${s.url}/items→x` }, { TOKEN: 'tok' }, /the URL contains '→'/],
      [{ ...p, url: `${s.url}/items\u001b[2J` }, { TOKEN: 'tok' }, /the URL contains ESC/],
      [p, { TOKEN: 'tok\tX-Evil: 1' }, /secret TOKEN \(development\) contains a tab/],
      [p, { TOKEN: 'tök\u2028' }, /secret TOKEN \(development\) contains U\+2028/],
    ];
    for (const [plan, values, want] of cases) {
      const error = refusedError(await send(plan, values));
      assert.match(error, want, error);
      assert.ok(!error.includes('tok\t') && !error.includes('tök'), 'the secret value is not in the message');
    }
    assert.equal(s.connections, 0);
    // Latin-1 is fine in a header value.
    const ok = await send({ ...p, headers: { 'X-Name': 'Grüße' } }, { TOKEN: 'tok' });
    assert.ok(ok.ok, ok.ok ? '' : ok.error);
  });
});

describe('redaction of every encoding', () => {
  const CANARY = 'c4n&ry<9f>"3e\' +/x?=Zq8';
  const USER = 'bot';
  const PASS = 'pa55-Canary+/Kq&7';

  it('masks the raw, base64 (standard, url-safe, inside longer base64), basic user:password, percent-, form- and HTML-encoded forms', async () => {
    const forms = (v: string) => [
      v,
      Buffer.from(v).toString('base64'),
      Buffer.from(v).toString('base64url'),
      Buffer.from(`{"token":"${v}","n":1}`).toString('base64'),
      Buffer.from(`x${v}yz`).toString('base64url'),
      encodeURIComponent(v),
      new URLSearchParams({ q: v }).toString().slice(2),
      v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
      [...v].map((c) => `&#${c.codePointAt(0)};`).join(''),
      JSON.stringify(v).slice(1, -1),
    ];
    const s = await track(
      serve((_q, res) => {
        const body = { token: forms(CANARY), password: forms(PASS), basic: Buffer.from(`${USER}:${PASS}`).toString('base64'), status: 'ok' };
        res.writeHead(200, {
          'content-type': 'application/json',
          'set-cookie': 'sid=abc123; HttpOnly',
          'x-session-token': 'st-998877',
          'x-echo': Buffer.from(CANARY).toString('base64'),
          'x-request-id': 'req-1',
        });
        res.end(JSON.stringify(body));
      }),
    );
    const extra = {
      'stellar.yaml': 'secrets:\n  TOKEN: t\n  PASS: p\n',
      'api.integration.yaml': `kind: custom-api\nname: API\nheaders:\n  X-Token: { secret: TOKEN }\nenvironments:\n  development: { baseUrl: "${s.url}", auth: cred }\n`,
      'cred.auth.yaml': `type: basic\nname: B\nenvironments:\n  development: { username: ${USER}, password: { secret: PASS } }\n`,
    };
    const r = await send(planFor(s.url, extra), { TOKEN: CANARY, PASS });
    assert.ok(r.ok, r.ok ? '' : r.error);
    const shown = JSON.stringify(r.result);
    for (const f of [...forms(CANARY), ...forms(PASS), Buffer.from(`${USER}:${PASS}`).toString('base64')]) {
      assert.ok(!shown.includes(f), `leaked: ${f}`);
    }
    assert.match(r.result.body, /\[secret TOKEN\]/);
    assert.match(r.result.body, /\[secret PASS\]/);
    assert.equal(r.result.headers['set-cookie'], '[masked]');
    assert.equal(r.result.headers['x-session-token'], '[masked]');
    assert.equal(r.result.headers['x-request-id'], 'req-1');
    assert.equal(r.result.headers['x-echo'], '[secret TOKEN]');
    assert.equal(r.result.outputVariables[0].value, 'ok');
  });
});

describe('deep JSON', () => {
  it('100,000 levels of [ are reported as nested too deep with the raw body, not a network error; no stack overflow', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const s = await track(
      serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(deep);
      }),
    );
    const r = await send(planFor(s.url), { TOKEN: 'tok' });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.result.bodyProblem, `response JSON is nested deeper than ${MAX_JSON_DEPTH} levels; output variables not extracted`);
    assert.equal(r.result.body, deep);
    assert.equal(r.result.json, undefined);
    assert.deepEqual(r.result.outputVariables, [{ name: 'status', path: '$.status', found: false, error: r.result.bodyProblem }]);
    // Just under the bound is parsed as usual; brackets inside strings do not count.
    const fine = `{"status":"[[[[","x":${'['.repeat(MAX_JSON_DEPTH - 1)}${']'.repeat(MAX_JSON_DEPTH - 1)}}`;
    const s2 = await track(
      serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(fine);
      }),
    );
    const r2 = await send(planFor(s2.url), { TOKEN: 'tok' });
    assert.ok(r2.ok && r2.result.bodyProblem === undefined && r2.result.outputVariables[0].value === '[[[[', JSON.stringify(r2).slice(0, 200));
  });

  it('the CLI shows the note and the body and exits 1 (an output variable found nothing), not 2', async () => {
    const deep = '{"a":'.repeat(5000) + '1' + '}'.repeat(5000);
    const s = await track(
      serve((_q, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(deep);
      }),
    );
    const dir = writeWorkspace(files(s.url));
    const r = await cli(['agent/lookup', '--env', 'development', '--folder', dir], { STELLAR_SECRET_TOKEN: 'tok-cli' });
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /response JSON is nested deeper than 1000 levels; output variables not extracted: the body is shown as received/);
    assert.ok(r.out.includes(deep));
  });
});

function writeWorkspace(fs: Record<string, string>): string {
  const dir = mkdtempSync(path.join(scratch, 'ws-'));
  for (const [name, text] of Object.entries(fs)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

async function cli(args: string[], env: Record<string, string>, destination: DestinationPolicy = {}) {
  return captured(runCommand, args, { secrets: new EnvSecretSource(env), limits: { ...FAST, destination } });
}

describe('credentials bound to origins', () => {
  it('the CLI prints, before sending, each credential and the origin it goes to, never the value', async () => {
    let sawToken = false;
    const s = await track(
      serve((req, res, body) => {
        if (req.url === '/token') {
          // client_secret_basic (the default): the client credentials travel in the Authorization header.
          sawToken =
            Buffer.from(String(req.headers.authorization).replace(/^Basic /, ''), 'base64').toString() === 'cid:cs-canary-1' && !body.includes('cs-canary-1');
          return json(res, 200, { access_token: 'at-canary-2', expires_in: 3600 });
        }
        json(res, 200, { status: 'ok' });
      }),
    );
    const tokenHost = `http://localhost:${s.port}`;
    const dns = fakeDns({ localhost: ['127.0.0.1'] });
    const auth = `type: oauth2\nname: O\nenvironments:\n  development: { tokenUrl: "${tokenHost}/token", clientId: cid, clientSecret: { secret: CLIENT_SECRET } }\n`;
    const integration = `kind: custom-api\nname: API\nheaders:\n  X-Token: { secret: TOKEN }\nenvironments:\n  development: { baseUrl: "${s.url}", auth: cred }\n`;
    const dir = writeWorkspace(files(s.url, { 'cred.auth.yaml': auth, 'api.integration.yaml': integration }));
    const r = await cli(
      ['agent/lookup', '--env', 'development', '--folder', dir],
      { STELLAR_SECRET_TOKEN: 'tok-canary-3', STELLAR_SECRET_CLIENT_SECRET: 'cs-canary-1' },
      { lookup: dns.lookup },
    );
    assert.equal(r.code, 0, r.err);
    assert.ok(sawToken);
    const lines = r.err.trim().split('\n');
    assert.deepEqual(lines, [`credential TOKEN (development) -> ${s.url}`, `credential CLIENT_SECRET (development) -> ${tokenHost}`]);
    for (const v of ['tok-canary-3', 'cs-canary-1', 'at-canary-2']) assert.ok(!r.out.includes(v) && !r.err.includes(v), v);
  });

  it('the CLI refuses private addresses unless --allow-private-network, and never metadata ones', async () => {
    const dir = writeWorkspace(files('http://10.255.255.1:9'));
    const refused = await cli(['agent/lookup', '--env', 'development', '--folder', dir], { STELLAR_SECRET_TOKEN: 'tok' });
    assert.equal(refused.code, 2);
    assert.match(refused.err, /10\.255\.255\.1 is a private network address/);
    // Allowed, the run would connect to 10.255.255.1: tests stay on loopback, so the flag is checked where it lands.
    assert.deepEqual(runLimits({ out: () => undefined, err: () => undefined, limits: FAST }, true), { ...FAST, destination: { allowPrivateNetwork: true } });
    assert.equal(urlRefusal('http://10.255.255.1:9', runLimits({ out: () => undefined, err: () => undefined }, true).destination), undefined);
    const meta = writeWorkspace(files('http://169.254.169.254'));
    const never = await cli(['agent/lookup', '--env', 'development', '--folder', meta, '--allow-private-network'], { STELLAR_SECRET_TOKEN: 'tok' });
    assert.match(never.err, /169\.254\.169\.254 is a cloud metadata address/);
  });

  describe('editor', () => {
    const CANARY = 'canary-origin-41c7';

    function deps(baseUrl: string, store: ReturnType<typeof memoryStore>, origins: CredentialOrigins): FlowDeps & { ui: FakeUi } {
      const index = workspace(files(baseUrl));
      return {
        ui: new FakeUi(),
        secrets: new Secrets(store),
        origins,
        server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p) },
        isTrusted: () => true,
        log: () => undefined,
        send: { limits: FAST },
      };
    }

    it('asks once per secret, environment and origin, remembers Send, and asks again for another origin or environment', async () => {
      const a = await track(serve((_q, res) => json(res, 200, { status: 'a' })));
      const b = await track(serve((_q, res) => json(res, 200, { status: 'b' })));
      const store = memoryStore();
      await store.store(secretKey('development', 'TOKEN'), CANARY);
      await store.store(secretKey('production', 'TOKEN'), CANARY);
      const memento = memoryMemento();
      const origins = new CredentialOrigins(memento);
      const target = { agentUri: AGENT_URI, actionIndex: 0 };
      const originPrompts = (d: { ui: FakeUi }) => d.ui.confirms.filter((m) => m.startsWith('Send secret'));

      const first = deps(a.url, store, origins);
      assert.equal((await runActionFlow(first, { ...target, environment: 'development' })).kind, 'sent');
      assert.equal(originPrompts(first).length, 1);
      assert.match(originPrompts(first)[0], new RegExp(`^Send secret TOKEN \\(development\\) to ${a.url.replace(/\./g, '\\.')}\\? It was never sent anywhere`));
      assert.equal((await runActionFlow(first, { ...target, environment: 'development' })).kind, 'sent');
      assert.equal(originPrompts(first).length, 1, 'remembered');

      // The baseUrl changed (a pull request): a new origin for the same secret is asked about, naming the old one.
      const moved = deps(b.url, store, origins);
      moved.ui.confirmAnswer = false;
      assert.equal((await runActionFlow(moved, { ...target, environment: 'development' })).kind, 'declined');
      assert.match(
        originPrompts(moved)[0],
        new RegExp(`to ${b.url.replace(/\./g, '\\.')}\\? In development it was only sent to ${a.url.replace(/\./g, '\\.')}`),
      );
      assert.equal(b.seen.length, 0, 'declined: nothing sent to the new origin');
      moved.ui.confirmAnswer = true;
      assert.equal((await runActionFlow(moved, { ...target, environment: 'development' })).kind, 'sent');
      assert.equal(b.seen.length, 1);

      // Another environment: asked again (after the production confirmation).
      const prod = deps(a.url, store, origins);
      assert.equal((await runActionFlow(prod, { ...target, environment: 'production' })).kind, 'sent');
      assert.deepEqual(
        prod.ui.confirms.map((m) => m.split(' ').slice(0, 4).join(' ')),
        [`Send GET ${a.url}/items (agent/lookup)`, 'Send secret TOKEN (production)'],
      );

      assert.deepEqual(origins.known('development', 'TOKEN'), [a.url, b.url].sort());
      assert.deepEqual(origins.known('production', 'TOKEN'), [a.url]);
      const kept = JSON.stringify(memento.map.get(ORIGINS_KEY));
      assert.ok(!kept.includes(CANARY), 'only names and origins are kept');
      await origins.forget('development', 'TOKEN');
      assert.deepEqual(origins.known('development', 'TOKEN'), []);
    });

    it('Discover Tools asks too before the MCP server gets a secret for the first time', async () => {
      const mcp = await startMcpServer({ token: CANARY });
      servers.push(mcp);
      const index = workspace({
        'stellar.yaml': 'secrets:\n  DOCS_TOKEN: t\n',
        'docs.integration.yaml': `kind: mcp-server\nname: Docs\nurl: ${mcp.url}\nauth: docs-token\n`,
        'docs-token.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: DOCS_TOKEN } }\n',
      });
      const store = memoryStore();
      await store.store(secretKey('development', 'DOCS_TOKEN'), CANARY);
      const ui = new FakeUi();
      const discoverDeps: DiscoverDeps = {
        ui,
        secrets: new Secrets(store),
        isTrusted: () => true,
        log: () => undefined,
        send: { limits: FAST },
        origins: new CredentialOrigins(memoryMemento()),
        server: {
          integrations: async () => integrationsTree(index),
          mcpServer: async (p) => mcpIntegrationInfo(index, p.integrationUri, p.environment)!,
          toolsLockEdit: async (p) => toolsLockAnswer(index, p.integrationUri, p.tools, new Date('2026-11-20T10:00:00.000Z'))!,
        },
        writeLock: async (w) => {
          index.setFile(w.uri, w.text);
          return true;
        },
        refresh: () => undefined,
      };
      const args = { integrationUri: 'file:///ws/docs.integration.yaml', environment: 'development' };
      ui.confirmAnswer = false;
      assert.equal((await discoverToolsFlow(discoverDeps, args)).kind, 'cancelled');
      assert.equal(mcp.seen.length, 0, 'cancelled: nothing sent');
      assert.match(ui.confirms[0], new RegExp(`^Send secret DOCS_TOKEN \\(development\\) to ${new URL(mcp.url).origin.replace(/\./g, '\\.')}\\?`));
      ui.confirmAnswer = true;
      assert.equal((await discoverToolsFlow(discoverDeps, args)).kind, 'discovered');
      assert.equal((await discoverToolsFlow(discoverDeps, args)).kind, 'discovered');
      assert.equal(ui.confirms.length, 2, 'asked again after Cancel, then remembered');
    });
  });
});

describe('SK081 in the editor', () => {
  it('the language server over stdio publishes the golden SK081 findings of the hostile-characters fixture', async () => {
    const fixture = path.join(__dirname, '..', 'fixtures', 'rules', 'SK081-hostile-characters');
    const c = new TestClient(copyWorkspace(fixture, 'stellar-sk081-'));
    try {
      await c.initialize();
      await c.indexed();
      await c.request('workspace/symbol', { query: '' });
      const golden = JSON.parse(readFileSync(path.join(fixture, 'expected.json'), 'utf8')) as {
        file: string;
        range: { start: { line: number; character: number }; end: { line: number; character: number } };
        code: string;
        message: string;
      }[];
      for (const g of golden) {
        const published = c.diagnostics.get(c.uri(g.file))?.diagnostics.map(simplifyDiagnostic) ?? [];
        const range = `${g.range.start.line}:${g.range.start.character}-${g.range.end.line}:${g.range.end.character}`;
        assert.ok(
          published.some((d) => d.code === g.code && d.message === g.message && d.range === range),
          `${g.file} ${range}: ${g.message}`,
        );
      }
      const sk081 = [...c.diagnostics.values()].flatMap((p) => p.diagnostics).filter((d) => d.code === 'SK081');
      assert.equal(sk081.length, golden.filter((g) => g.code === 'SK081').length);
    } finally {
      await c.stop();
      removeDir(c.root);
    }
  });
});
