// MCP against the reference server, @modelcontextprotocol/server-everything, run as a child process on
// 127.0.0.1: discover writes its tools lock (tools requiring task execution kept and flagged), discover
// --format json, tool runs, and its older HTTP+SSE transport named as such.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { discoverCommand } from '../server/src/cli/discover';
import { main } from '../server/src/cli/main';
import { runCommand } from '../server/src/cli/run';
import { EnvSecretSource } from '../server/src/runner/secrets';
import { discoverToolsFlow } from '../client/src/run/discover';
import { runActionFlow } from '../client/src/run/flow';
import { Secrets } from '../client/src/secrets';
import { mcpIntegrationInfo, toolCallInfo } from '../server/src/service/run/mcpPlan';
import { runPlanInfo } from '../server/src/service/runInfo';
import { toolsLockAnswer } from '../server/src/service/toolsLock';
import { agentsTree, integrationsTree } from '../server/src/service/trees';
import { startEverything, type Everything } from './run/everything';
import { FakeUi, memoryStore } from './run/fakeUi';
import { workspace, captured } from './run/helpers';

const LIMITS = { connectTimeoutMs: 2000, totalTimeoutMs: 10_000 };
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-everything-'));
let http: Everything;
let sse: Everything;

before(async () => {
  [http, sse] = await Promise.all([startEverything('streamableHttp'), startEverything('sse')]);
});
after(async () => {
  await Promise.all([http?.stop(), sse?.stop()]);
  rmSync(scratch, { recursive: true, force: true });
});

function writeWorkspace(url: string): string {
  const dir = mkdtempSync(path.join(scratch, 'ws-'));
  writeFileSync(path.join(dir, 'everything.integration.yaml'), `kind: mcp-server\nname: Everything\nurl: ${url}\n`);
  writeFileSync(
    path.join(dir, 'assistant.agent.yaml'),
    [
      'name: Assistant',
      'status: active',
      'actions:',
      '  - link: everything/echo',
      '  - link: everything/get-sum',
      '  - link: everything/simulate-research-query',
      '',
    ].join('\n'),
  );
  return dir;
}

interface Ran {
  code: number;
  out: string;
  err: string;
}
async function cli(command: typeof discoverCommand | typeof runCommand, args: string[]): Promise<Ran> {
  return captured(command as typeof runCommand, args, { secrets: new EnvSecretSource({}), limits: LIMITS });
}

describe('MCP against server-everything (Streamable HTTP)', () => {
  let dir: string;
  before(() => {
    dir = writeWorkspace(http.url);
  });

  it('discover writes the tools lock with the real tools; one requiring task execution is kept with its taskSupport', async () => {
    const r = await cli(discoverCommand, ['everything', '--folder', dir]);
    assert.equal(r.code, 0, r.err + http.log());
    assert.match(r.out, /tools? from mcp-servers\/everything/);
    assert.match(r.out, /simulate-research-query {2}\[requires task execution: Stellar Kit cannot run it\]/);
    const lock = parse(readFileSync(path.join(dir, 'everything.tools.lock.yaml'), 'utf8')) as {
      integration: string;
      tools: { name: string; inputSchema?: { properties?: Record<string, unknown> }; execution?: { taskSupport: string } }[];
    };
    assert.equal(lock.integration, 'everything');
    const names = lock.tools.map((t) => t.name);
    for (const n of ['echo', 'get-sum', 'get-tiny-image', 'simulate-research-query']) assert.ok(names.includes(n), `${n} in ${names.join(', ')}`);
    assert.deepEqual(Object.keys(lock.tools.find((t) => t.name === 'get-sum')!.inputSchema!.properties!).sort(), ['a', 'b']);
    assert.deepEqual(lock.tools.find((t) => t.name === 'simulate-research-query')!.execution, { taskSupport: 'required' });
    assert.equal(lock.tools.find((t) => t.name === 'echo')!.execution, undefined, 'taskSupport forbidden (the default) is not written');
  });

  it('check: the tools lock is valid, and only the binding to the task-only tool gets SK061 with the task message', async () => {
    let out = '';
    await main(['check', dir, '--format', 'json', '--fail-on', 'none'], {
      out: (s) => {
        out += s;
      },
      err: () => undefined,
      color: false,
    });
    const findings = JSON.parse(out) as { code: string; severity: string; file: string; message: string; range: { start: { line: number } } }[];
    assert.deepEqual(
      findings.filter((f) => f.file === 'everything.tools.lock.yaml'),
      [],
      'the written lock passes its schema',
    );
    const sk061 = findings.filter((f) => f.code === 'SK061');
    assert.equal(sk061.length, 1, JSON.stringify(sk061));
    assert.equal(sk061[0].severity, 'warning');
    assert.equal(sk061[0].range.start.line, 5);
    assert.match(
      sk061[0].message,
      /tool 'simulate-research-query' of MCP server 'everything' requires task execution \(execution\.taskSupport: required\)\. Stellar Kit cannot run tools that require task execution/,
    );
  });

  it('discover --format json prints the integration, url, server and each tool with its input schema', async () => {
    const r = await cli(discoverCommand, ['everything', '--folder', dir, '--format', 'json']);
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out) as Record<string, unknown> & {
      tools: { name: string; description?: string; inputSchema?: object; execution?: object }[];
      server: Record<string, unknown>;
    };
    assert.equal(j.integration, 'everything');
    assert.equal(j.url, http.url);
    assert.equal(j.environment, 'development');
    assert.equal(j.lockFile, 'everything.tools.lock.yaml');
    assert.equal(j.server.name, 'mcp-servers/everything');
    assert.equal(typeof j.server.protocolVersion, 'string');
    assert.match(String(j.discoveredAt), /^\d{4}-\d\d-\d\dT/);
    const echo = j.tools.find((t) => t.name === 'echo')!;
    assert.equal(typeof echo.description, 'string');
    assert.equal((echo.inputSchema as { type?: string }).type, 'object');
    assert.deepEqual(j.notRunnable, ['simulate-research-query']);
    assert.deepEqual(j.unoffered, []);
  });

  it("run calls tools/call and prints the server's result (echo, get-sum with typed numbers, JSON format)", async () => {
    const echo = await cli(runCommand, ['assistant/echo', '--env', 'development', '--param', 'message=hello from stellar', '--folder', dir]);
    assert.equal(echo.code, 0, echo.err);
    assert.match(echo.out, /Echo: hello from stellar/);
    const sum = await cli(runCommand, ['assistant/get-sum', '--env', 'development', '--param', 'a=2', '--param', 'b=40', '--folder', dir, '--format', 'json']);
    assert.equal(sum.code, 0, sum.err);
    const j = JSON.parse(sum.out) as { arguments: unknown; isError: boolean; content: { type: string; text?: string }[] };
    assert.deepEqual(j.arguments, { a: 2, b: 40 });
    assert.equal(j.isError, false);
    assert.match(j.content[0].text ?? '', /The sum of 2 and 40 is 42\./);
  });

  it('run refuses the tool that requires task execution, with the same reason, before connecting', async () => {
    const r = await cli(runCommand, ['assistant/simulate-research-query', '--env', 'development', '--param', 'topic=stars', '--folder', dir]);
    assert.equal(r.code, 2);
    assert.match(r.err, /requires task execution \(execution\.taskSupport: required\)\. Stellar Kit cannot run tools that require task execution/);
    assert.equal(r.out, '');
  });
});

describe('MCP against server-everything (older HTTP+SSE transport)', () => {
  it('discover names the older transport instead of calling the URL "not MCP"', async () => {
    const dir = writeWorkspace(sse.url);
    const r = await cli(discoverCommand, ['everything', '--folder', dir]);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /initialize to http:\/\/127\.0\.0\.1:\d+\/sse: this server speaks the older HTTP\+SSE transport \(MCP 2024-11-05\), which Stellar Kit does not support; use its Streamable HTTP endpoint/,
    );
  });
});

describe('MCP against server-everything from the editor (flows without VS Code)', () => {
  it('Discover Tools names the task-only tool; Run Action calls echo and refuses the task-only tool', async () => {
    const index = workspace({
      'everything.integration.yaml': `kind: mcp-server\nname: Everything\nurl: ${http.url}\n`,
      'assistant.agent.yaml': 'name: Assistant\nstatus: active\nactions:\n  - link: everything/echo\n  - link: everything/simulate-research-query\n',
    });
    const ui = new FakeUi();
    const base = { ui, secrets: new Secrets(memoryStore()), isTrusted: () => true, log: () => undefined, send: { limits: LIMITS } };
    const found = await discoverToolsFlow(
      {
        ...base,
        server: {
          integrations: async () => integrationsTree(index),
          mcpServer: async (p) => mcpIntegrationInfo(index, p.integrationUri, p.environment)!,
          toolsLockEdit: async (p) => toolsLockAnswer(index, p.integrationUri, p.tools, new Date())!,
        },
        writeLock: async (w) => {
          index.setFile(w.uri, w.text);
          return true;
        },
        refresh: () => undefined,
      },
      { integrationUri: 'file:///ws/everything.integration.yaml' },
    );
    assert.equal(found.kind, 'discovered', ui.messages.join('\n'));
    assert.match(ui.infos[0], /simulate-research-query requires task execution, which Stellar Kit cannot run \(kept in the lock\)\./);

    const runDeps = {
      ...base,
      server: {
        agents: async () => agentsTree(index),
        runPlan: async (p: Parameters<typeof runPlanInfo>[1]) => runPlanInfo(index, p),
        toolCallPlan: async (p: Parameters<typeof toolCallInfo>[1]) => toolCallInfo(index, p),
      },
    };
    ui.inputs = ['from the editor'];
    const echo = await runActionFlow(runDeps, { agentUri: 'file:///ws/assistant.agent.yaml', actionIndex: 0, environment: 'development' });
    assert.equal(echo.kind, 'called', ui.messages.join('\n'));
    assert.match(ui.shown[ui.shown.length - 1].text, /Echo: from the editor/);
    const task = await runActionFlow(runDeps, { agentUri: 'file:///ws/assistant.agent.yaml', actionIndex: 1, environment: 'development' });
    assert.equal(task.kind, 'error');
    assert.match(ui.errors[ui.errors.length - 1], /Stellar Kit cannot run tools that require task execution/);
  });
});
