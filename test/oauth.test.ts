// OAuth2 client credentials against a real OAuth2 server from npm (oauth2-mock-server), both token endpoint
// auth methods, through the real `stellar-kit run` against a local API that verifies the JWT it is sent.
import { strict as assert } from 'node:assert';
import { createPublicKey, verify, type JsonWebKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OAuth2Server } from 'oauth2-mock-server';
import { main } from '../server/src/cli/main';
import { runCommand } from '../server/src/cli/run';
import { clientCredentialsToken, clientSecretBasic, formEncode, TokenCache } from '../server/src/runner/oauth';
import { EnvSecretSource } from '../server/src/runner/secrets';
import { newExchange, DEFAULT_LIMITS } from '../server/src/runner/http';
import { doHover } from '../server/src/service/features/hover';
import { bundle, json, runChild, serve, workspace, type TestServer, captured } from './run/helpers';

const CLIENT_ID = 'stellar kit';
// Characters that Basic credentials must form-urlencode first (RFC 6749 2.3.1): ':' would split id and secret.
const SECRET = 'canary:oauth p@ss/é-7f3a';
const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 3000 };

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-oauth-'));
let oauth: OAuth2Server;
let api: TestServer;
let tokenRequests: { authorization?: string; body: Record<string, string> }[] = [];
/** The secret the token server accepts (tests change it to check a new cache entry). */
let accepted = SECRET;
let jwks: JsonWebKey[] = [];

/** Client authentication as a real authorization server does it: the method's credentials, and only those. */
function authenticate(req: IncomingMessage & { body?: Record<string, string> }): { id?: string; secret?: string; method: string } {
  const h = req.headers.authorization;
  if (h?.startsWith('Basic ')) {
    const raw = Buffer.from(h.slice(6), 'base64').toString('utf8');
    const i = raw.indexOf(':');
    const decode = (s: string) => new URLSearchParams(`v=${s}`).get('v') ?? '';
    return { id: decode(raw.slice(0, i)), secret: decode(raw.slice(i + 1)), method: 'client_secret_basic' };
  }
  return { id: req.body?.client_id, secret: req.body?.client_secret, method: 'client_secret_post' };
}

/** A JWT signed by the token server's key: verified with its JWKS, as a resource server would. */
function verifyJwt(token: string): Record<string, unknown> | undefined {
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) return undefined;
  const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { kid?: string; alg?: string };
  const jwk = jwks.find((k) => (k as { kid?: string }).kid === header.kid);
  if (!jwk || header.alg !== 'RS256') return undefined;
  const ok = verify('RSA-SHA256', Buffer.from(`${h}.${p}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(s, 'base64url'));
  return ok ? (JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>) : undefined;
}

before(async () => {
  oauth = new OAuth2Server();
  await oauth.issuer.keys.generate('RS256');
  await oauth.start(0, '127.0.0.1');
  jwks = oauth.issuer.keys.toJSON() as JsonWebKey[];
  oauth.service.on(
    'beforeResponse',
    (response: { body: Record<string, unknown> | string; statusCode: number }, req: IncomingMessage & { body?: Record<string, string> }) => {
      tokenRequests.push({ authorization: req.headers.authorization, body: { ...req.body } });
      const c = authenticate(req);
      if (c.id !== CLIENT_ID || c.secret !== accepted) {
        response.statusCode = 401;
        response.body = { error: 'invalid_client', error_description: `client authentication failed (${c.method})` };
      }
    },
  );
  api = await serve((req, res) => {
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? req.headers.authorization.slice(7) : '';
    const claims = bearer ? verifyJwt(bearer) : undefined;
    if (!claims) return json(res, 401, { error: 'invalid_token' });
    json(res, 200, { invoice: { status: 'paid', scope: claims.scope, iss: claims.iss } });
  });
});

after(async () => {
  await oauth.stop();
  await api.close();
  rmSync(scratch, { recursive: true, force: true });
});

function writeWorkspace(tokenUrl: string, method?: string): string {
  const dir = mkdtempSync(path.join(scratch, 'ws-'));
  const creds = `tokenUrl: "${tokenUrl}", clientId: "${CLIENT_ID}", clientSecret: { secret: BILLING_CLIENT_SECRET }, scopes: [invoices.read, invoices.write]${method ? `, tokenAuthMethod: ${method}` : ''}`;
  const files: Record<string, string> = {
    'stellar.yaml': 'secrets:\n  BILLING_CLIENT_SECRET: OAuth2 client secret of the billing API\n',
    'billing.integration.yaml': `kind: custom-api\nname: Billing\nenvironments:\n  development: { baseUrl: "${api.url}", auth: billing-oauth }\n  production: { baseUrl: "${api.url}", auth: billing-oauth }\n`,
    'billing-oauth.auth.yaml': `type: oauth2\nname: Billing OAuth\nenvironments:\n  development: { ${creds} }\n  production: { ${creds} }\n`,
    'lookup.action.yaml':
      'integration: billing\nname: lookup_invoice\ndescription: Look up an invoice\nmethod: GET\npath: /invoices\noutputVariables:\n  - { name: status, path: $.invoice.status }\n  - { name: scope, path: $.invoice.scope }\n',
    'support.agent.yaml':
      'name: Support\nstatus: active\nactions:\n  - link: billing/lookup\n    parameters: { type: object, properties: { number: { type: string } } }\n',
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

const tokenUrl = () => `${oauth.issuer.url}/token`;

async function run(args: string[], env: Record<string, string> = { STELLAR_SECRET_BILLING_CLIENT_SECRET: SECRET }) {
  const { code, out, err } = await captured(runCommand, args, { secrets: new EnvSecretSource(env), limits: FAST });
  assert.ok(!out.includes(SECRET) && !err.includes(SECRET), `the client secret leaked: ${out}${err}`);
  return { code, out, err };
}

describe('OAuth2 client credentials against oauth2-mock-server', () => {
  it('client_secret_basic form-urlencodes id and secret before Basic (spaces as +)', () => {
    assert.equal(formEncode('stellar kit'), 'stellar+kit');
    assert.equal(formEncode('a:b/é'), 'a%3Ab%2F%C3%A9');
    assert.equal(clientSecretBasic('stellar kit', 'a:b'), `Basic ${Buffer.from('stellar+kit:a%3Ab').toString('base64')}`);
  });

  it('default method (client_secret_basic): a full CLI run in a child process sends the verified JWT to the API', async () => {
    const dir = writeWorkspace(tokenUrl());
    const entry = bundle(path.join(__dirname, '..', 'server', 'src', 'cli', 'main.ts'), path.join(scratch, 'cli.js'));
    tokenRequests = [];
    const before = api.seen.length;
    const r = await runChild(entry, ['run', 'support/lookup_invoice', '--env', 'development', '--param', 'number=INV-1', '--folder', dir], {
      ...process.env,
      STELLAR_SECRET_BILLING_CLIENT_SECRET: SECRET,
    });
    assert.equal(r.code, 0, r.err + r.out);
    assert.match(r.out, /status = "?paid"?/);
    assert.match(r.out, /invoices\.read invoices\.write/);
    assert.ok(!r.out.includes(SECRET) && !r.err.includes(SECRET));
    assert.equal(tokenRequests.length, 1);
    const t = tokenRequests[0];
    assert.match(t.authorization ?? '', /^Basic /);
    assert.equal(t.body.client_secret, undefined, 'client_secret_basic must not put the secret in the body');
    assert.equal(t.body.grant_type, 'client_credentials');
    assert.equal(t.body.scope, 'invoices.read invoices.write');
    assert.equal(api.seen.length, before + 1);
    assert.ok(verifyJwt(api.seen[api.seen.length - 1].headers.authorization!.slice(7)));
  });

  it('client_secret_post: id and secret in the form body, no Authorization header; a second run in the process reuses the token', async () => {
    const dir = writeWorkspace(tokenUrl(), 'client_secret_post');
    tokenRequests = [];
    const before = api.seen.length;
    const first = await run(['support/lookup_invoice', '--env', 'development', '--folder', dir]);
    assert.equal(first.code, 0, first.err);
    const second = await run(['support/lookup_invoice', '--env', 'development', '--folder', dir, '--format', 'json']);
    assert.equal(second.code, 0, second.err);
    assert.equal(tokenRequests.length, 1, 'one token request for two runs');
    assert.equal(tokenRequests[0].authorization, undefined);
    assert.equal(tokenRequests[0].body.client_id, CLIENT_ID);
    assert.equal(tokenRequests[0].body.client_secret, SECRET);
    const auths = api.seen.slice(before).map((s) => s.headers.authorization);
    assert.equal(auths.length, 2);
    assert.equal(auths[0], auths[1]);
    assert.ok(verifyJwt(auths[0]!.slice(7)));
    assert.match(JSON.parse(second.out).request.headers.authorization, /^Bearer \[secret oauth2 access token\]$/);
  });

  it('the cache is keyed by environment and secret fingerprint: another environment or a new secret fetches a new token', async () => {
    const cache = new TokenCache();
    const x = newExchange({ ...DEFAULT_LIMITS, ...FAST });
    try {
      tokenRequests = [];
      const c = { tokenUrl: tokenUrl(), clientId: CLIENT_ID, clientSecret: SECRET, scopes: ['b', 'a'], connector: 'billing-oauth', environment: 'development' };
      assert.ok((await clientCredentialsToken(x, c, cache)).ok);
      assert.ok((await clientCredentialsToken(x, { ...c, scopes: ['a', 'b'] }, cache)).ok, 'scopes in another order: same entry');
      assert.equal(tokenRequests.length, 1);
      assert.ok((await clientCredentialsToken(x, { ...c, environment: 'production' }, cache)).ok);
      assert.equal(tokenRequests.length, 2);
      accepted = 'rotated-secret';
      const rotated = await clientCredentialsToken(x, { ...c, clientSecret: 'rotated-secret' }, cache);
      assert.ok(rotated.ok);
      assert.equal(tokenRequests.length, 3, 'a new secret is a new cache entry');
      assert.equal(cache.size, 3);
      assert.ok(!TokenCache.key(c).includes(SECRET), 'the key holds no secret');
    } finally {
      accepted = SECRET;
      await x.close();
    }
  });

  it('a refused client names the token URL, the auth connector, the environment and the OAuth error; the API is not called', async () => {
    const dir = writeWorkspace(tokenUrl());
    const before = api.seen.length;
    const r = await run(['support/lookup_invoice', '--env', 'production', '--yes', '--folder', dir], { STELLAR_SECRET_BILLING_CLIENT_SECRET: 'wrong-secret' });
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      new RegExp(
        `OAuth2 token request for auth connector 'billing-oauth' \\(production\\) to ${tokenUrl().replace(/[.]/g, '\\.')} failed: 401 Unauthorized, OAuth error invalid_client \\(client authentication failed \\(client_secret_basic\\)\\)`,
      ),
    );
    assert.match(r.err, /The API itself was not called\./);
    assert.ok(!r.err.includes('wrong-secret'));
    assert.equal(api.seen.length, before);
  });

  it('an unreachable token endpoint is reported as the token request, not as the API being down', async () => {
    const closed = await serve(() => undefined);
    const deadUrl = `${closed.url}/token`;
    await closed.close();
    const dir = writeWorkspace(deadUrl);
    const before = api.seen.length;
    const r = await run(['support/lookup_invoice', '--env', 'development', '--folder', dir]);
    assert.equal(r.code, 2);
    assert.ok(r.err.includes(`OAuth2 token request for auth connector 'billing-oauth' (development) to ${deadUrl} failed: connection refused`), r.err);
    assert.ok(!r.err.includes(api.url), `the API's URL is not the one blamed: ${r.err}`);
    assert.equal(api.seen.length, before);
  });

  it('a token answer without access_token, and one that never comes, are located the same way', async () => {
    const odd = await serve((req, res) => {
      if (req.url === '/silent') return; // never answers
      json(res, 200, { token_type: 'Bearer' });
    });
    try {
      for (const [p, why] of [
        ['/empty', /failed: the 200 answer has no access_token\. The API itself was not called\./],
        ['/silent', /failed: no complete response within 3 s \(timed out\)\. The API itself was not called\./],
      ] as const) {
        const dir = writeWorkspace(`${odd.url}${p}`, 'client_secret_post');
        const r = await run(['support/lookup_invoice', '--env', 'development', '--folder', dir]);
        assert.equal(r.code, 2);
        assert.match(r.err, /OAuth2 token request for auth connector 'billing-oauth' \(development\)/);
        assert.match(r.err, why);
      }
    } finally {
      await odd.close();
    }
  });

  it('hover on tokenAuthMethod explains both methods and the default', () => {
    const text =
      'type: oauth2\nname: O\nenvironments:\n  development:\n    tokenUrl: https://auth.example/token\n    clientId: id\n    clientSecret: { secret: S }\n    tokenAuthMethod: client_secret_post\n';
    const index = workspace({ 'stellar.yaml': 'secrets:\n  S: s\n', 'o.auth.yaml': text });
    const h = doHover(index, 'file:///ws/o.auth.yaml', { line: 7, character: 8 });
    const md = JSON.stringify(h?.contents ?? '');
    assert.match(md, /client_secret_basic/);
    assert.match(md, /the default/);
    assert.match(md, /client_secret_post/);
  });

  it('a bad tokenAuthMethod is SK002 at the value', async () => {
    const dir = writeWorkspace(tokenUrl(), 'client_secret_jwt');
    let out = '';
    await main(['check', dir, '--format', 'json', '--fail-on', 'none'], {
      out: (s) => {
        out += s;
      },
      err: () => undefined,
      color: false,
    });
    const f = (JSON.parse(out) as { code: string; file: string; message: string; range: { start: { line: number } } }[]).filter(
      (x) => x.file === 'billing-oauth.auth.yaml' && x.code === 'SK002',
    );
    assert.equal(f.length, 2, JSON.stringify(f));
    assert.match(f[0].message, /tokenAuthMethod/);
    assert.match(f[0].message, /client_secret_basic/);
  });
});
