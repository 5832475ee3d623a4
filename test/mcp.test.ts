// MCP tools: discovery writes the tools lock, check reads it, run calls tools/call. Against real servers:
// the SDK's McpServer over Streamable HTTP, and small hand-written JSON-RPC endpoints for odd answers.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { discoverCommand } from '../server/src/cli/discover';
import { main } from '../server/src/cli/main';
import { runCommand } from '../server/src/cli/run';
import { EnvSecretSource } from '../server/src/runner/secrets';
import { SseParser } from '../server/src/runner/sse';
import { normalizeTools } from '../server/src/service/discoveredTools';
import { buildToolsLock, toolsLockEdit } from '../server/src/service/toolsLock';
import { bundle, json, runChild, serve, workspace, captured } from './run/helpers';
import { startMcpServer, startPlainServer, startRpcServer, startSilentServer, type McpTestServer } from './run/mcpServer';

const CANARY = 'canary-mcp-5e2b91d4';
const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 3000 };
const NOW = new Date('2026-11-20T10:00:00.000Z');

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-mcp-'));
const servers: { close(): Promise<void> }[] = [];
after(async () => {
  for (const s of servers) await s.close();
  rmSync(scratch, { recursive: true, force: true });
});
const track = <T extends { close(): Promise<void> }>(s: T): T => {
  servers.push(s);
  return s;
};

/** A small workspace with the MCP integration `docs` at `url` and an agent binding four of its tools and one it lacks. */
function writeWorkspace(url: string, { auth = true } = {}): string {
  const dir = mkdtempSync(path.join(scratch, 'ws-'));
  const files: Record<string, string> = {
    'stellar.yaml': 'secrets:\n  DOCS_TOKEN: Bearer token of the docs MCP server\n',
    'integrations/docs/docs.integration.yaml': `kind: mcp-server\nname: Docs\nurl: ${url}\n${auth ? 'auth: docs-token\n' : ''}`,
    'auth/docs-token.auth.yaml':
      'type: bearer\nname: Docs token\nenvironments:\n  development: { token: { secret: DOCS_TOKEN } }\n  production: { token: { secret: DOCS_TOKEN } }\n',
    'agents/support.agent.yaml': [
      'name: Support',
      'status: active',
      'actions:',
      '  - link: docs/search_docs',
      '    phases: [in-call]',
      '  - link: docs/get_ticket',
      '  - link: docs/broken',
      '  - link: docs/whoami',
      '  - link: docs/retired_tool',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const lockFile = (dir: string) => path.join(dir, 'integrations', 'docs', 'docs.tools.lock.yaml');

interface Ran {
  code: number;
  out: string;
  err: string;
}

async function discover(
  args: string[],
  env: Record<string, string> = { STELLAR_SECRET_DOCS_TOKEN: CANARY },
  extra: { limits?: object; maxPages?: number; now?: Date } = {},
): Promise<Ran> {
  return captured(discoverCommand, args, {
    secrets: new EnvSecretSource(env),
    limits: { ...FAST, ...extra.limits },
    now: () => extra.now ?? NOW,
    maxPages: extra.maxPages,
  });
}

async function run(args: string[], env: Record<string, string> = { STELLAR_SECRET_DOCS_TOKEN: CANARY }): Promise<Ran> {
  let out = '';
  let err = '';
  const code = await runCommand(args, {
    out: (s) => {
      out += s;
    },
    err: (s) => {
      err += s;
    },
    secrets: new EnvSecretSource(env),
    limits: FAST,
  });
  return { code, out, err };
}

async function check(dir: string): Promise<{ code: string; severity: string; file: string; message: string }[]> {
  let out = '';
  await main(['check', dir, '--format', 'json', '--fail-on', 'none'], {
    out: (s) => {
      out += s;
    },
    err: () => undefined,
    color: false,
  });
  return JSON.parse(out);
}

function assertNoCanary(...texts: string[]): void {
  for (const t of texts) assert.ok(!t.includes(CANARY), `the secret leaked: ${t.slice(0, 400)}`);
}

const EXPECTED_LOCK = `# Written by Stellar Kit. Do not edit: run "Discover tools" on docs (or \`stellar-kit discover docs\`).
integration: docs
discoveredAt: "2026-11-20T10:00:00.000Z"
tools:
  - name: broken
    description: Always fails
    inputSchema:
      type: object
      properties: {}
  - name: get_ticket
    description: Get the status of a support ticket
    inputSchema:
      $schema: http://json-schema.org/draft-07/schema#
      type: object
      properties:
        ticket_id:
          type: string
        detail:
          type: string
          enum: [short, full]
      required: [ticket_id, detail]
  - name: search_docs
    description: Search the help center
    inputSchema:
      $schema: http://json-schema.org/draft-07/schema#
      type: object
      properties:
        query:
          type: string
          description: What to look for
        locale:
          type: string
          enum: [en-US, nl-NL]
      required: [query]
  - name: whoami
    description: Echoes the Authorization header it received
    inputSchema:
      type: object
      properties: {}
`;

describe('stellar-kit discover against the SDK server', () => {
  it('writes the tools lock; the bearer token arrives at the server and appears nowhere else', async () => {
    const s = track(await startMcpServer({ token: CANARY }));
    const dir = writeWorkspace(s.url);
    const before = (await check(dir)).filter((f) => f.code === 'SK061');
    assert.deepEqual(
      before.map((f) => f.severity),
      ['information', 'information', 'information', 'information', 'information'],
      'nothing discovered yet: cannot tell',
    );

    const r = await discover(['docs', '--folder', dir]);
    assert.equal(r.code, 1, r.err); // the agent links retired_tool, which the server does not offer
    assert.match(r.out, /docs\.tools\.lock\.yaml: 4 tools from docs-test 1\.4\.0 \(MCP 2025-06-18, development credentials\)/);
    assert.match(r.out, /\n {2}search_docs {2}Search the help center\n/);
    assert.match(r.err, /1 binding links a tool 'docs' does not offer \(SK061\):\n {2}support: docs\/retired_tool\n/);
    const lock = readFileSync(lockFile(dir), 'utf8');
    assert.equal(lock, EXPECTED_LOCK);
    assertNoCanary(r.out, r.err, lock);

    const posts = s.seen.filter((x) => x.method === 'POST').map((x) => (x.body as { method: string }).method);
    assert.deepEqual(posts, ['initialize', 'notifications/initialized', 'tools/list']);
    assert.ok(
      s.seen.every((x) => x.headers.authorization === `Bearer ${CANARY}`),
      'every request carries the token',
    );
    const init = s.seen[0];
    assert.equal((init.body as { params: { protocolVersion: string } }).params.protocolVersion, '2025-06-18');
    assert.match(String(init.headers.accept), /application\/json/);
    assert.match(String(init.headers.accept), /text\/event-stream/);
    assert.equal(init.headers['mcp-session-id'], undefined);
    const sid = s.seen[1].headers['mcp-session-id'];
    assert.ok(typeof sid === 'string' && sid.length > 0, 'the session id is sent back');
    for (const x of s.seen.slice(1)) {
      assert.equal(x.headers['mcp-session-id'], sid);
      assert.equal(x.headers['mcp-protocol-version'], '2025-06-18');
    }
    assert.equal(s.seen[s.seen.length - 1].method, 'DELETE', 'the session is ended');
  });

  it('stellar-kit check then reports SK061 for the binding to the absent tool only', async () => {
    const s = track(await startMcpServer({ token: CANARY }));
    const dir = writeWorkspace(s.url);
    assert.equal((await discover(['docs', '--folder', dir])).code, 1);
    const sk061 = (await check(dir)).filter((f) => f.code === 'SK061');
    assert.equal(sk061.length, 1, JSON.stringify(sk061));
    assert.equal(sk061[0].severity, 'warning');
    assert.equal(sk061[0].file, 'agents/support.agent.yaml');
    assert.match(sk061[0].message, /no tool 'retired_tool' among the 4 discovered at 2026-11-20T10:00:00\.000Z/);
    assert.deepEqual(
      (await check(dir)).filter((f) => f.file.endsWith('.tools.lock.yaml')),
      [],
      'the written lock is valid',
    );
    // Rediscovering the unchanged server keeps the file as it is, discovery time included.
    assert.equal((await discover(['docs', '--folder', dir], undefined, { now: new Date('2027-01-01T00:00:00.000Z') })).code, 1);
    assert.equal(readFileSync(lockFile(dir), 'utf8'), EXPECTED_LOCK);
  });

  it('JSON answers instead of event streams write the same lock; without auth no credentials are sent', async () => {
    const s = track(await startMcpServer({ json: true }));
    const dir = writeWorkspace(s.url, { auth: false });
    const r = await discover(['docs', '--folder', dir], {});
    assert.equal(r.code, 1, r.err);
    assert.equal(readFileSync(lockFile(dir), 'utf8'), EXPECTED_LOCK);
    assert.ok(s.seen.every((x) => x.headers.authorization === undefined));
  });

  it('a wrong token: the 401 names the auth connector and the environment; a missing secret names the variable', async () => {
    const s = track(await startMcpServer({ token: 'the-right-one' }));
    const dir = writeWorkspace(s.url);
    const wrong = await discover(['docs', '--folder', dir, '--env', 'production']);
    assert.equal(wrong.code, 2);
    assert.match(
      wrong.err,
      /initialize to http:\/\/127\.0\.0\.1:\d+\/mcp: 401 Unauthorized: the server refused the production credentials of auth connector 'docs-token'/,
    );
    assertNoCanary(wrong.out, wrong.err);
    const none = await discover(['docs', '--folder', dir], {});
    assert.equal(none.code, 2);
    assert.match(none.err, /secret DOCS_TOKEN has no value for development: set STELLAR_SECRET_DOCS_TOKEN_DEVELOPMENT/);
    const staging = await discover(['docs', '--folder', dir, '--env', 'staging']);
    assert.match(staging.err, /Auth connector 'docs-token' has no staging credentials/);
    assert.equal(existsSync(lockFile(dir)), false, 'nothing written on failure');
  });

  it('an OAuth2 auth connector: the token is fetched with the client secret and sent to the server', async () => {
    const tokens = track(await serve((_req, res) => json(res, 200, { access_token: 'mcp-access-token-1', expires_in: 3600 })));
    const s = track(await startMcpServer({ token: 'mcp-access-token-1' }));
    const dir = writeWorkspace(s.url);
    writeFileSync(
      path.join(dir, 'auth', 'docs-token.auth.yaml'),
      `type: oauth2\nname: Docs OAuth\nenvironments:\n  staging:\n    tokenUrl: ${tokens.url}/token\n    clientId: stellar\n    clientSecret: { secret: DOCS_TOKEN }\n`,
    );
    const r = await discover(['docs', '--folder', dir, '--env', 'staging']);
    assert.equal(r.code, 1, r.err);
    // client_secret_basic, the default: the credentials travel in the Authorization header, not the body.
    assert.equal(tokens.seen[0].body, 'grant_type=client_credentials');
    assert.equal(tokens.seen[0].headers.authorization, `Basic ${Buffer.from(`stellar:${CANARY}`).toString('base64')}`);
    assert.ok(s.seen.every((x) => x.headers.authorization === 'Bearer mcp-access-token-1'));
    assertNoCanary(r.out, r.err, readFileSync(lockFile(dir), 'utf8'));
  });

  it('refuses a secret with a line break before sending anything', async () => {
    const s = track(await startMcpServer());
    const dir = writeWorkspace(s.url);
    const r = await discover(['docs', '--folder', dir], { STELLAR_SECRET_DOCS_TOKEN: `${CANARY}\r\nX-Injected: 1` });
    assert.equal(r.code, 2);
    assert.match(r.err, /secret DOCS_TOKEN \(development\) contains a line break or NUL: refused/);
    assert.equal(s.seen.length, 0);
    assertNoCanary(r.out, r.err);
  });

  it('usage: an unknown id lists the MCP integrations; a custom-api integration has no tools', async () => {
    const dir = writeWorkspace('http://127.0.0.1:9/mcp');
    writeFileSync(
      path.join(dir, 'integrations', 'api.integration.yaml'),
      'kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:9" }\n',
    );
    const unknown = await discover(['nope', '--folder', dir]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no integration 'nope' in this workspace\. MCP server integrations here: docs\./);
    assert.match((await discover(['api', '--folder', dir])).err, /'api' is a custom-api integration, not an MCP server/);
    assert.match((await discover(['--folder', dir])).err, /missing <mcp-integration>/);
    assert.match((await discover(['docs', '--env', 'qa', '--folder', dir])).err, /--env must be one of development, staging, production/);
  });
});

describe('MCP answers the SDK does not give on request', () => {
  function tool(name: string, description = `Tool ${name}`) {
    return { name, description, inputSchema: { type: 'object', properties: {} } };
  }

  it('follows nextCursor across pages (SDK server with a paging tools/list)', async () => {
    const pages: Record<string, { tools: object[]; nextCursor?: string }> = {
      '': { tools: [tool('zeta'), tool('alpha')], nextCursor: 'page-2' },
      'page-2': { tools: [tool('mid'), tool('alpha', 'a second alpha is ignored')], nextCursor: 'page-3' },
      'page-3': { tools: [tool('last')] },
    };
    const build = () => {
      const m = new McpServer({ name: 'pager', version: '2.0.0' }, { capabilities: { tools: {} } });
      m.server.setRequestHandler(ListToolsRequestSchema, (req) => pages[req.params?.cursor ?? '']);
      return m;
    };
    const s = track(await startMcpServer({ build }));
    const dir = writeWorkspace(s.url, { auth: false });
    const r = await discover(['docs', '--folder', dir], {});
    assert.equal(r.code, 1, r.err);
    const cursors = s.seen
      .filter((x) => (x.body as { method?: string })?.method === 'tools/list')
      .map((x) => (x.body as { params?: { cursor?: string } }).params?.cursor);
    assert.deepEqual(cursors, [undefined, 'page-2', 'page-3']);
    const lock = readFileSync(lockFile(dir), 'utf8');
    assert.deepEqual(
      [...lock.matchAll(/- name: (\S+)/g)].map((m) => m[1]),
      ['alpha', 'last', 'mid', 'zeta'],
    );
    assert.match(lock, /description: Tool alpha\n/);
  });

  it('stops a server that pages forever at the page limit', async () => {
    let n = 0;
    const s = track(await startRpcServer(() => ({ tools: [tool(`t${++n}`)], nextCursor: `c${n}` })));
    const dir = writeWorkspace(s.url, { auth: false });
    const r = await discover(['docs', '--folder', dir], {}, { maxPages: 3 });
    assert.equal(r.code, 2);
    assert.match(r.err, /tools\/list to http:\/\/127\.0\.0\.1:\d+\/mcp: more than 3 pages of tools \(the server keeps sending a nextCursor\): stopped/);
    assert.equal(n, 3);
    assert.equal(existsSync(lockFile(dir)), false);
  });

  it('reports a JSON-RPC error with its code and message', async () => {
    const s = track(
      await startRpcServer((m, _req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ jsonrpc: '2.0', id: m.id, error: { code: -32601, message: 'Method not found: tools/list' } }));
        return undefined;
      }),
    );
    const r = await discover(['docs', '--folder', writeWorkspace(s.url, { auth: false })], {});
    assert.equal(r.code, 2);
    assert.match(r.err, /tools\/list to .*: the server answered with JSON-RPC error -32601: Method not found: tools\/list/);
  });

  it('an event stream: skips notifications and other ids, answers a ping, takes its response and leaves the stream open', async () => {
    const s = track(
      await startRpcServer((m, _req, res) => {
        if (m.method !== 'tools/list') return undefined;
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write(': keep-alive\n\n');
        res.write('event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","data":"listing"}}\n\n');
        res.write(`data: {"jsonrpc":"2.0","id":"srv-1","method":"ping"}\n\n`);
        res.write('data: {"jsonrpc":"2.0","id":999,"result":{"tools":[]}}\n\n');
        const answer = JSON.stringify({ jsonrpc: '2.0', id: m.id, result: { tools: [tool('streamed', 'line one\nline two')] } });
        // CRLF line ends, the message split across chunks and two data lines (joined by a newline: JSON whitespace).
        const cut = answer.indexOf('"id"');
        res.write(`id: 7\r\ndata: ${answer.slice(0, cut)}\r`);
        setTimeout(() => res.write(`\ndata: ${answer.slice(cut)}\r\n\r\n`), 20);
        return undefined; // the stream is never closed
      }),
    );
    const dir = writeWorkspace(s.url, { auth: false });
    const r = await discover(['docs', '--folder', dir], {});
    assert.equal(r.code, 1, r.err);
    assert.match(readFileSync(lockFile(dir), 'utf8'), /- name: streamed\n {4}description: \|-\n {6}line one\n {6}line two\n/);
    const ping = s.seen.find((x) => (x.body as { id?: string })?.id === 'srv-1');
    assert.deepEqual(ping?.body, { jsonrpc: '2.0', id: 'srv-1', result: {} });
  });

  it('a server that never answers fails within the total timeout', async () => {
    const s = track(await startSilentServer());
    const r = await discover(['docs', '--folder', writeWorkspace(s.url, { auth: false })], {}, { limits: { totalTimeoutMs: 500 } });
    assert.equal(r.code, 2);
    assert.match(r.err, /initialize to http:\/\/127\.0\.0\.1:\d+\/mcp: no complete response within 0\.5 s \(timed out\)/);
  });

  it('a server that is not MCP gives a clear error', async () => {
    const html = track(await startPlainServer(200, 'text/html', '<html><body>Welcome</body></html>'));
    const a = await discover(['docs', '--folder', writeWorkspace(html.url, { auth: false })], {});
    assert.equal(a.code, 2);
    assert.match(
      a.err,
      /initialize to .*: the server answered 200 with 'text\/html' \(<html><body>Welcome<\/body><\/html>\), not JSON-RPC as JSON or an event stream\. Is url the server's MCP \(Streamable HTTP\) endpoint\?/,
    );
    const json = track(await startPlainServer(200, 'application/json', '{"status":"ok"}'));
    assert.match(
      (await discover(['docs', '--folder', writeWorkspace(json.url, { auth: false })], {})).err,
      /JSON that is not a JSON-RPC response to the request \(\{"status":"ok"\}\)/,
    );
    const missing = track(await startPlainServer(404, 'text/plain', 'Not here'));
    assert.match(
      (await discover(['docs', '--folder', writeWorkspace(missing.url, { auth: false })], {})).err,
      /404 Not Found: nothing at this URL\. Is url the server's MCP endpoint\?: Not here/,
    );
  });
});

describe('stellar-kit run <agent>/<tool>', () => {
  async function discovered(): Promise<{ s: McpTestServer; dir: string }> {
    const s = track(await startMcpServer({ token: CANARY }));
    const dir = writeWorkspace(s.url);
    assert.equal((await discover(['docs', '--folder', dir])).code, 1);
    return { s, dir };
  }
  const calls = (s: McpTestServer) =>
    s.seen.filter((x) => (x.body as { method?: string })?.method === 'tools/call').map((x) => (x.body as { params: unknown }).params);

  it('calls a tool and prints its content, text and json', async () => {
    const { s, dir } = await discovered();
    const text = await run(['support/search_docs', '--env', 'development', '--param', 'query=reset password', '--folder', dir]);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^support\/search_docs in development\n\ntools\/call search_docs at http:\/\/127\.0\.0\.1:\d+\/mcp\n/);
    assert.match(text.out, /Arguments: \{"query":"reset password"\}\nServer: docs-test 1\.4\.0 \(MCP 2025-06-18\)\n/);
    assert.match(text.out, /Result: ok\n\nContent:\n\[1\] text\n2 articles for "reset password"\n\[2\] text\n\{\n {2}"articles": \[/);
    const json = await run(['support/search_docs', '--env=development', '--param=query=reset', '--format', 'json', '--folder', dir]);
    assert.equal(json.code, 0, json.err);
    const o = JSON.parse(json.out);
    assert.equal(o.tool, 'search_docs');
    assert.equal(o.isError, false);
    assert.deepEqual(o.content[0], { type: 'text', text: '2 articles for "reset"' });
    assert.deepEqual(calls(s), [
      { name: 'search_docs', arguments: { query: 'reset password' } },
      { name: 'search_docs', arguments: { query: 'reset' } },
    ]);
  });

  it('checks required and enum arguments against the lock before sending; shows structured content', async () => {
    const { s, dir } = await discovered();
    const missing = await run(['support/get_ticket', '--env', 'development', '--param', 'ticket_id=T-1', '--folder', dir]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /'support\/get_ticket': parameters must have required property 'detail'/);
    const bad = await run(['support/get_ticket', '--env', 'development', '--param', 'ticket_id=T-1', '--param', 'detail=long', '--folder', dir]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /parameter 'detail' must be equal to one of the allowed values \("short", "full"\)/);
    assert.equal(calls(s).length, 0, 'nothing was called');
    const good = await run(['support/get_ticket', '--env', 'development', '--param', 'ticket_id=T-1', '--param', 'detail=full', '--folder', dir]);
    assert.equal(good.code, 0, good.err);
    assert.match(good.out, /Structured content:\n\{\n {2}"ticket_id": "T-1",\n {2}"status": "open",\n {2}"detail": "full"\n\}/);
  });

  it('a tool reporting isError exits 1; the token the server echoes is masked', async () => {
    const { dir } = await discovered();
    const broken = await run(['support/broken', '--env', 'development', '--folder', dir]);
    assert.equal(broken.code, 1);
    assert.match(broken.out, /Result: the tool reported an error \(isError\)\n\nContent:\n\[1\] text\nthe ticket system is down/);
    assert.match(broken.err, /tool 'broken' reported an error \(isError\)/);
    const who = await run(['support/whoami', '--env', 'development', '--folder', dir, '--format', 'json']);
    assert.equal(who.code, 0, who.err);
    assert.equal(JSON.parse(who.out).content[0].text, 'you sent: Bearer [secret DOCS_TOKEN]');
    assertNoCanary(broken.out, broken.err, who.out, who.err);
  });

  it('refuses before connecting: nothing discovered, a tool not offered, production without --yes', async () => {
    const s = track(await startMcpServer({ token: CANARY }));
    const dir = writeWorkspace(s.url);
    const early = await run(['support/search_docs', '--env', 'development', '--param', 'query=x', '--folder', dir]);
    assert.equal(early.code, 2);
    assert.match(
      early.err,
      /No tools have been discovered for MCP server 'docs' yet, so 'support\/search_docs' cannot be checked or run\. Discover tools first \(stellar-kit discover docs/,
    );
    assert.equal(s.seen.length, 0);
    await discover(['docs', '--folder', dir]);
    const retired = await run(['support/retired_tool', '--env', 'development', '--folder', dir]);
    assert.equal(retired.code, 2);
    assert.match(retired.err, /MCP server 'docs' has no tool 'retired_tool' among the tools discovered at 2026-11-20T10:00:00\.000Z/);
    const prod = await run(['support/search_docs', '--env', 'production', '--param', 'query=x', '--folder', dir]);
    assert.equal(prod.code, 2);
    assert.match(prod.err, /production .*--yes/);
    const yes = await run(['support/search_docs', '--env', 'production', '--param', 'query=x', '--folder', dir, '--yes']);
    assert.equal(yes.code, 0, yes.err);
  });

  it('in a child process with the secret in the environment: discover and run print no secret', async () => {
    const s = track(await startMcpServer({ token: CANARY }));
    const dir = writeWorkspace(s.url);
    const entry = bundle(path.join(__dirname, '..', 'server', 'src', 'cli', 'main.ts'), path.join(scratch, 'cli.js'));
    const child = async (args: string[]): Promise<Ran> => {
      const r = await runChild(entry, args, { ...process.env, STELLAR_SECRET_DOCS_TOKEN: CANARY });
      return { ...r, code: r.code ?? -1 };
    };
    const d = await child(['discover', 'docs', '--folder', dir]);
    assert.equal(d.code, 1, d.err);
    const w = await child(['run', 'support/whoami', '--env', 'development', '--folder', dir]);
    assert.equal(w.code, 0, w.err);
    assert.match(w.out, /you sent: Bearer \[secret DOCS_TOKEN\]/);
    assertNoCanary(d.out, d.err, w.out, w.err, readFileSync(lockFile(dir), 'utf8'));
  });
});

describe('tools lock text and event stream parsing', () => {
  it('normalizes: sorted by name, repeated and nameless entries dropped, only name, description and inputSchema kept; same tools keep their time', () => {
    const tools = normalizeTools([
      { name: 'b', description: 'B', inputSchema: { type: 'object' }, title: 'x', annotations: {} },
      { name: 'a', description: '' },
      { description: 'no name' },
      { name: 'b', description: 'second b' },
      'junk',
    ]);
    assert.deepEqual(tools, [{ name: 'a' }, { name: 'b', description: 'B', inputSchema: { type: 'object' } }]);
    const text = buildToolsLock('docs', tools, NOW);
    assert.equal(
      text,
      `# Written by Stellar Kit. Do not edit: run "Discover tools" on docs (or \`stellar-kit discover docs\`).
integration: docs
discoveredAt: "2026-11-20T10:00:00.000Z"
tools:
  - name: a
  - name: b
    description: B
    inputSchema:
      type: object
`,
    );
    const index = workspace({ 'docs.integration.yaml': 'kind: mcp-server\nname: D\nurl: https://d.example/mcp\n', 'docs.tools.lock.yaml': text });
    assert.deepEqual(index.findings('file:///ws/docs.tools.lock.yaml'), []);
    assert.equal(buildToolsLock('docs', [], NOW).endsWith('tools: []\n'), true);
    const later = new Date('2027-01-01T00:00:00.000Z');
    assert.match(
      toolsLockEdit(index, 'file:///ws/docs.integration.yaml', [{ name: 'b', description: 'B', inputSchema: { type: 'object' } }, { name: 'a' }], later)!.text,
      /discoveredAt: "2026-11-20T10:00:00\.000Z"/,
    );
    assert.match(toolsLockEdit(index, 'file:///ws/docs.integration.yaml', [{ name: 'a' }], later)!.text, /discoveredAt: "2027-01-01T00:00:00\.000Z"/);
  });

  it('parses events across chunks: CRLF, CR, multi-line data, comments, event names', () => {
    const p = new SseParser();
    const events = [
      ...p.feed(': hello\r\nevent: message\r\ndata: a\r'),
      ...p.feed('\ndata: b\r\n\r\nevent: other\ndata: c\n\n'),
      ...p.feed('data:d\rid: 4\r\r'), // the last CR may start a CRLF: it ends the event once more text comes
      ...p.feed(': next'),
    ];
    assert.deepEqual(events, [
      { event: 'message', data: 'a\nb' },
      { event: 'other', data: 'c' },
      { event: 'message', data: 'd', id: '4' },
    ]);
  });
});
