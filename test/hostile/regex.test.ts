// User-supplied regular expressions: `pattern` and `patternProperties` in parameters schemas and discovered tool
// input schemas run on RE2 (linear time), so catastrophic patterns cannot hang a run, in the CLI, the language
// server's run planning or the client. With JavaScript's backtracking engine, `^(a+)+$` against 40 `a` and a `b`
// would take longer than the universe has existed; each check below has a timeout to catch such a hang.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { z } from 'zod';
import { collectParameters } from '../../client/src/run/collect';
import { discoverCommand } from '../../server/src/cli/discover';
import { runCommand } from '../../server/src/cli/run';
import { EnvSecretSource } from '../../server/src/runner/secrets';
import { checkParameters } from '../../server/src/service/run/plan';
import { compileUserSchema, patternProblem, validatorCacheSize, VALIDATOR_CACHE_CAPACITY } from '../../server/src/service/userSchema';
import { fileUri, removeDir, TestClient, withTimeout } from '../lsp/client';
import { FakeUi } from '../run/fakeUi';
import { bundle, json, runChild, serve, workspace } from '../run/helpers';
import { startMcpServer } from '../run/mcpServer';

const EVIL = '^(a+)+$';
const HOSTILE = 'a'.repeat(40) + 'b';
const GOOD = 'a'.repeat(40);
const FAST = { connectTimeoutMs: 1000, totalTimeoutMs: 3000 };
const HANG = { timeout: 30_000 };

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-regex-'));
const servers: { close(): Promise<void> }[] = [];
after(async () => {
  for (const s of servers) await s.close();
  rmSync(scratch, { recursive: true, force: true });
});

function writeFiles(dir: string, files: Record<string, string>): string {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** A workspace whose binding `codes/lookup` takes `code` with the catastrophic pattern. */
function codesWorkspace(baseUrl: string): Record<string, string> {
  return {
    'stellar.yaml': 'secrets: {}\n',
    'integrations/codes/codes.integration.yaml': `kind: custom-api\nname: Codes\nenvironments:\n  development: { baseUrl: "${baseUrl}" }\n`,
    'integrations/codes/actions/lookup.action.yaml': 'integration: codes\nname: lookup\ndescription: Look up a code\nmethod: GET\npath: /codes\n',
    'agents/desk.agent.yaml': [
      'name: Desk',
      'status: active',
      'actions:',
      '  - link: codes/lookup',
      `    parameters: { type: object, properties: { code: { type: string, pattern: "${EVIL}" } }, required: [code] }`,
      '',
    ].join('\n'),
  };
}

describe('catastrophic patterns validate in linear time', () => {
  it('checkParameters: pattern and patternProperties reject and accept correctly', HANG, () => {
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: EVIL } } };
    assert.deepEqual(checkParameters(schema, { code: GOOD }), []);
    assert.deepEqual(checkParameters(schema, { code: HOSTILE }), [`parameter 'code' must match pattern "${EVIL}"`]);
    assert.deepEqual(checkParameters(schema, { code: 'a'.repeat(100_000) + 'b' }), [`parameter 'code' must match pattern "${EVIL}"`]);
    const keyed = { type: 'object', patternProperties: { [EVIL]: { type: 'integer' } }, additionalProperties: false };
    assert.deepEqual(checkParameters(keyed, { [GOOD]: 1 }), []);
    assert.equal(checkParameters(keyed, { [HOSTILE]: 1 }).length, 1);
    assert.match(checkParameters(keyed, { [GOOD]: 'x' })[0], /must be integer/);
    // Two patterns in one schema stay two patterns (ajv shares compiled patterns by their text).
    const two = { type: 'object', properties: { a: { type: 'string', pattern: '^a$' }, b: { type: 'string', pattern: '^b$' } } };
    assert.deepEqual(checkParameters(two, { a: 'a', b: 'b' }), []);
    assert.equal(checkParameters(two, { a: 'b', b: 'a' }).length, 2);
  });

  it('a pattern RE2 cannot run is a clear run error, not a crash', () => {
    const problems = checkParameters({ type: 'object', properties: { x: { type: 'string', pattern: '^(?=a)a$' } } }, { x: 'a' });
    assert.equal(problems.length, 1);
    assert.match(problems[0], /parameters schema is invalid: pattern "\^\(\?=a\)a\$" cannot be used: it uses a lookahead .*linear-time engine \(RE2 syntax\)/);
    assert.match(patternProblem('(a)\\1') ?? '', /backreference/);
    assert.match(patternProblem('(?<=a)b') ?? '', /lookbehind/);
    assert.match(patternProblem('(?<n>a)\\k<n>') ?? '', /named backreference/);
    assert.equal(patternProblem('^[(?=]\\(?!x$'), undefined, 'lookaround syntax inside a class or escaped is plain text');
    assert.equal(patternProblem('^(?<year>[0-9]{4})-\\u0041\\/$'), undefined, 'JavaScript named groups and escapes are translated');
  });

  it('stellar-kit run in a child process: the hostile value is refused before sending, the good one is sent', HANG, async () => {
    const s = await serve((_req, res) => json(res, 200, { ok: true }));
    servers.push(s);
    const dir = writeFiles(mkdtempSync(path.join(scratch, 'ws-')), codesWorkspace(s.url));
    const entry = bundle(path.join(__dirname, '..', 'run', 'cli-entry.ts'), path.join(scratch, 'cli-entry.js'));
    const bad = await withTimeout(
      runChild(entry, ['desk/lookup', '--env', 'development', '--param', `code=${HOSTILE}`, '--folder', dir], process.env),
      20_000,
      'run with a hostile value',
    );
    assert.equal(bad.code, 2, bad.err);
    assert.match(bad.err, /parameter 'code' must match pattern/);
    assert.equal(s.seen.length, 0, 'nothing was sent');
    const good = await withTimeout(
      runChild(entry, ['desk/lookup', '--env', 'development', '--param', `code=${GOOD}`, '--folder', dir], process.env),
      20_000,
      'run with a good value',
    );
    assert.equal(good.code, 0, good.err);
    assert.equal(s.seen.length, 1);
    assert.equal(s.seen[0].url, `/codes?code=${GOOD}`);
  });

  it("the language server's run planning answers at once over stdio", HANG, async () => {
    const dir = writeFiles(mkdtempSync(path.join(scratch, 'lsp-')), codesWorkspace('http://127.0.0.1:9'));
    const c = new TestClient(dir);
    try {
      await c.initialize();
      await c.indexed();
      const agentUri = fileUri(path.join(dir, 'agents', 'desk.agent.yaml'));
      type Info = { plan?: { ok: boolean; error?: string; plan?: { url: string } } };
      const bad = await withTimeout(
        c.request<Info>('stellarKit/runPlan', { agentUri, actionIndex: 0, environment: 'development', parameters: { code: HOSTILE } }),
        20_000,
        'runPlan',
      );
      assert.equal(bad.plan?.ok, false);
      assert.match(bad.plan?.error ?? '', /parameter 'code' must match pattern/);
      const good = await withTimeout(
        c.request<Info>('stellarKit/runPlan', { agentUri, actionIndex: 0, environment: 'development', parameters: { code: GOOD } }),
        20_000,
        'runPlan',
      );
      assert.ok(good.plan?.ok, JSON.stringify(good.plan));
      assert.match(good.plan?.plan?.url ?? '', new RegExp(`code=${GOOD}$`));
    } finally {
      await c.stop();
      removeDir(dir);
    }
  });

  it("the client's parameter collection says what is wrong and asks again", HANG, async () => {
    const ui = new FakeUi();
    ui.inputs = [HOSTILE, GOOD];
    const schema = { type: 'object', properties: { code: { type: 'string', pattern: EVIL } }, required: ['code'] };
    const got = await collectParameters(ui, schema, 'desk/lookup');
    assert.deepEqual(got, { code: GOOD });
    assert.equal(ui.errors.length, 1);
    assert.match(ui.errors[0], /desk\/lookup: parameter 'code' must match pattern/);
  });

  it("a discovered tool's input schema: the hostile argument never reaches the MCP server", HANG, async () => {
    const build = () => {
      const m = new McpServer({ name: 'codes-mcp', version: '1.0.0' });
      m.registerTool('check_code', { description: 'Checks a code', inputSchema: { code: z.string().regex(new RegExp(EVIL)) } }, async ({ code }) => ({
        content: [{ type: 'text', text: `checked ${code.length}` }],
      }));
      return m;
    };
    const s = await startMcpServer({ json: true, build });
    servers.push(s);
    const dir = writeFiles(mkdtempSync(path.join(scratch, 'mcp-')), {
      'stellar.yaml': 'secrets: {}\n',
      'integrations/codes/codes.integration.yaml': `kind: mcp-server\nname: Codes\nurl: ${s.url}\n`,
      'agents/desk.agent.yaml': 'name: Desk\nstatus: active\nactions:\n  - link: codes/check_code\n',
    });
    const io = () => {
      const r = { out: '', err: '' };
      return {
        r,
        io: {
          out: (x: string) => {
            r.out += x;
          },
          err: (x: string) => {
            r.err += x;
          },
          secrets: new EnvSecretSource({}),
          limits: FAST,
        },
      };
    };
    const d = io();
    assert.equal(await discoverCommand(['codes', '--folder', dir], { ...d.io, now: () => new Date('2026-11-20T10:00:00Z') }), 0, d.r.err);
    const calls = () => s.seen.filter((m) => (m.body as { method?: string } | undefined)?.method === 'tools/call').length;
    const bad = io();
    assert.equal(await runCommand(['desk/check_code', '--env', 'development', '--param', `code=${HOSTILE}`, '--folder', dir], bad.io), 2, bad.r.out);
    assert.match(bad.r.err, /'desk\/check_code': parameter 'code' must match pattern/);
    assert.equal(calls(), 0, 'no tools/call was sent');
    const good = io();
    assert.equal(await runCommand(['desk/check_code', '--env', 'development', '--param', `code=${GOOD}`, '--folder', dir], good.io), 0, good.r.err);
    assert.equal(calls(), 1);
    assert.match(good.r.out, /checked 40/);
  });
});

describe('check time: SK043 for a pattern the linear-time engine cannot run', () => {
  it('reports a lookahead at the pattern value and a patternProperties key at the key, not data under default', () => {
    const agent = [
      'name: Desk',
      'status: active',
      'actions:',
      '  - type: client-event',
      '    name: note',
      '    description: Notes a code',
      '    parameters:',
      '      type: object',
      '      properties:',
      '        code: { type: string, pattern: "^(?=[A-Z])[A-Z0-9]+$" }',
      '        plain: { type: string, pattern: "^[A-Z]+$" }',
      '      patternProperties:',
      '        "^(a)\\\\1$": { type: string }',
      '      default: { pattern: "(?=only data)" }',
      '',
    ].join('\n');
    const index = workspace({ 'stellar.yaml': 'secrets: {}\n', 'desk.agent.yaml': agent });
    const found = index
      .findings('file:///ws/desk.agent.yaml')
      .map((f) => ({ code: f.code, line: f.range.start.line, ch: f.range.start.character, message: f.message }));
    assert.deepEqual(
      found.map((f) => [f.code, f.line, f.ch]),
      [
        ['SK043', 9, 39],
        ['SK043', 12, 8],
      ],
    );
    assert.match(
      found[0].message,
      /^parameters: pattern "\^\(\?=\[A-Z\]\)\[A-Z0-9\]\+\$" cannot be used: it uses a lookahead \(\(\?=\)\. Parameters are validated with a linear-time engine \(RE2 syntax\)/,
    );
    assert.match(found[0].message, /Rewrite the pattern without them/);
    assert.match(found[1].message, /^parameters: patternProperties key "\^\(a\)\\\\1\$" cannot be used: it uses a backreference/);
  });
});

describe('the validator cache', () => {
  it('compiles the same $id twice with different content: each validator checks its own schema', () => {
    const first = compileUserSchema({ $id: 'https://example.com/params.json', type: 'object', properties: { n: { type: 'string' } } });
    const second = compileUserSchema({ $id: 'https://example.com/params.json', type: 'object', properties: { n: { type: 'integer' } } });
    assert.ok(first.ok && second.ok, JSON.stringify([first, second].map((r) => !r.ok && r.error)));
    assert.equal(first.validate({ n: 'x' }), true);
    assert.equal(first.validate({ n: 1 }), false);
    assert.equal(second.validate({ n: 1 }), true);
    assert.equal(second.validate({ n: 'x' }), false);
    // Nested $id too, through checkParameters as a run does.
    const nested = (type: string) => ({ type: 'object', definitions: { v: { $id: 'value', type } }, properties: { n: { $ref: 'value' } } });
    assert.deepEqual(checkParameters(nested('string'), { n: 'x' }), []);
    assert.deepEqual(checkParameters(nested('integer'), { n: 2 }), []);
    assert.match(checkParameters(nested('integer'), { n: 'x' })[0], /must be integer/);
  });

  it('stays bounded over 5,000 distinct schemas, and an evicted schema compiles again', () => {
    const schemaOf = (i: number) => ({
      $id: `https://example.com/p${i % 7}.json`,
      type: 'object',
      properties: { [`p${i}`]: { type: 'string', pattern: `^${i}-(x+)+$` } },
    });
    for (let i = 0; i < 5000; i++) {
      const r = compileUserSchema(schemaOf(i));
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.ok(validatorCacheSize() <= VALIDATOR_CACHE_CAPACITY, `cache size ${validatorCacheSize()} after ${i + 1} schemas`);
    }
    assert.equal(validatorCacheSize(), VALIDATOR_CACHE_CAPACITY);
    const again = compileUserSchema(schemaOf(0));
    assert.ok(again.ok);
    assert.equal(again.validate({ p0: '0-xxx' }), true);
    assert.equal(again.validate({ p0: '0-xxxy' }), false);
    const cached = compileUserSchema(schemaOf(0));
    assert.ok(cached.ok);
    assert.equal(cached.validate, again.validate, 'a cached schema is not compiled again');
  });
});
