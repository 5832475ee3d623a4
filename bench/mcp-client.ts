// Our hand-written MCP client (server/src/runner/mcp.ts) against the official SDK's Client +
// StreamableHTTPClientTransport: bundle size (esbuild, in memory) and behaviour against the reference server
// (@modelcontextprotocol/server-everything on 127.0.0.1), plus one limit the runner must keep (a 20 MB answer).
// Prints figures; asserts nothing.   node --import tsx bench/mcp-client.ts [--runs 5]
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { callTool, discoverTools } from '../server/src/runner/mcp';
import { EnvSecretSource } from '../server/src/runner/secrets';
import { startEverything } from '../test/run/everything';
import { arg, ms } from './common';

const root = path.join(__dirname, '..');
const runs = Number(arg('runs', '5'));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

async function bundleSize(
  label: string,
  contents: string,
  external: string[] = [],
): Promise<{ label: string; raw: number; min: number; gz: number; top: [string, number][] }> {
  const common = {
    stdin: { contents, resolveDir: root, loader: 'ts' as const },
    bundle: true,
    platform: 'node' as const,
    target: 'node20',
    format: 'cjs' as const,
    write: false,
    external,
    logLevel: 'silent' as const,
  };
  const raw = await build({ ...common, metafile: true });
  const min = await build({ ...common, minify: true });
  const byPackage = new Map<string, number>();
  for (const [file, input] of Object.entries((raw.metafile as Metafile).inputs)) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const pkg = m ? m[1] : 'stellar-kit';
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + input.bytes);
  }
  const top = [...byPackage.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6);
  const rawOut = raw.outputFiles![0].contents;
  const minOut = min.outputFiles![0].contents;
  return { label, raw: rawOut.length, min: minOut.length, gz: gzipSync(minOut).length, top };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function ours(url: string) {
  const plan = { integration: 'everything', environment: 'development', url };
  const o = { secrets: new EnvSecretSource({}) };
  const t0 = performance.now();
  const d = await discoverTools(plan, o);
  const t1 = performance.now();
  const c = await callTool({ label: 'a/echo', link: 'everything/echo', tool: 'echo', arguments: { message: 'hi' }, server: plan }, o);
  const t2 = performance.now();
  return {
    discoverMs: t1 - t0,
    callMs: t2 - t1,
    tools: d.ok ? d.tools.length : d.error,
    taskTools: d.ok ? d.tools.filter((t) => t.execution?.taskSupport === 'required').map((t) => t.name) : [],
    echo: c.ok ? (c.result.content[0] as { text?: string }).text : c.error,
  };
}

async function sdk(url: string) {
  const t0 = performance.now();
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  const tools: { name: string; execution?: { taskSupport?: string } }[] = [];
  let cursor: string | undefined;
  do {
    const r = await client.listTools(cursor ? { cursor } : {});
    tools.push(...r.tools);
    cursor = r.nextCursor;
  } while (cursor);
  await transport.terminateSession().catch(() => undefined);
  await client.close();
  const t1 = performance.now();
  const c2 = new Client({ name: 'bench', version: '0.0.0' });
  const t2 = new StreamableHTTPClientTransport(new URL(url));
  await c2.connect(t2);
  const r = await c2.callTool({ name: 'echo', arguments: { message: 'hi' } });
  await t2.terminateSession().catch(() => undefined);
  await c2.close();
  const tEnd = performance.now();
  return {
    discoverMs: t1 - t0,
    callMs: tEnd - t1,
    tools: tools.length,
    taskTools: tools.filter((t) => t.execution?.taskSupport === 'required').map((t) => t.name),
    echo: (r.content as { text?: string }[])[0]?.text,
  };
}

/** What each client does with a task-only tool called plainly. */
async function taskTool(url: string) {
  const plan = { integration: 'everything', environment: 'development', url };
  const mine = await callTool(
    { label: 'a/t', link: 'everything/simulate-research-query', tool: 'simulate-research-query', arguments: { topic: 'x' }, server: plan },
    { secrets: new EnvSecretSource({}), limits: { totalTimeoutMs: 5000 } },
  );
  let theirs: string;
  const client = new Client({ name: 'bench', version: '0.0.0' });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  try {
    await client.connect(transport);
    const r = await Promise.race([
      client.callTool({ name: 'simulate-research-query', arguments: { topic: 'x' } }),
      new Promise((_r, rej) => setTimeout(() => rej(new Error('no answer in 5 s')), 5000)),
    ]);
    theirs = `answered: ${JSON.stringify(r).slice(0, 160)}`;
  } catch (e) {
    theirs = `error: ${(e as Error).message.slice(0, 200)}`;
  }
  await transport.terminateSession().catch(() => undefined);
  await client.close().catch(() => undefined);
  return { ours: mine.ok ? `answered: ${JSON.stringify(mine.result.content).slice(0, 160)}` : `error: ${mine.error.slice(0, 200)}`, sdk: theirs };
}

/** A JSON-RPC endpoint whose tools/list answer is 20 MB: does the client stop at its cap? */
async function bigAnswer() {
  const big = JSON.stringify({
    jsonrpc: '2.0',
    id: 2,
    result: { tools: [{ name: 'x', description: 'y'.repeat(20 * 1024 * 1024), inputSchema: { type: 'object' } }] },
  });
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => {
      const m = JSON.parse(body || '{}') as { id?: number; method?: string };
      if (m.id === undefined) {
        res.writeHead(202);
        res.end();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      if (m.method === 'initialize')
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: m.id,
            result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'big', version: '1' } },
          }),
        );
      else res.end(big.replace('"id":2', `"id":${m.id}`));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
  const mine = await discoverTools({ integration: 'big', environment: 'development', url }, { secrets: new EnvSecretSource({}) });
  const client = new Client({ name: 'bench', version: '0.0.0' });
  let theirs: string;
  try {
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const r = await client.listTools();
    theirs = `read it all: ${r.tools.length} tool, description ${kb(r.tools[0].description?.length ?? 0)}`;
  } catch (e) {
    theirs = `error: ${(e as Error).message.slice(0, 160)}`;
  }
  await client.close().catch(() => undefined);
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
  return { ours: mine.ok ? `read it all (${mine.tools.length} tools)` : mine.error, sdk: theirs };
}

const SDK_ENTRY = `export { Client } from '@modelcontextprotocol/sdk/client/index.js'; export { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';`;

async function main() {
  console.log('Bundle size (esbuild, node20, cjs; min = minified; gz = gzip of min)');
  const sizes = [
    await bundleSize('ours: runner/mcp.ts (with undici)', `export { discoverTools, callTool } from './server/src/runner/mcp';`),
    await bundleSize('ours: runner/mcp.ts (undici external: the CLI ships it anyway)', `export { discoverTools, callTool } from './server/src/runner/mcp';`, [
      'undici',
    ]),
    await bundleSize('SDK: Client + StreamableHTTPClientTransport', SDK_ENTRY),
    await bundleSize('SDK, with ajv and ajv-formats external (the CLI ships them anyway)', SDK_ENTRY, ['ajv', 'ajv-formats', 'ajv/*']),
  ];
  for (const s of sizes) {
    console.log(`  ${s.label}: ${kb(s.raw)} raw, ${kb(s.min)} min, ${kb(s.gz)} gz`);
    console.log(`    largest inputs: ${s.top.map(([p, n]) => `${p} ${kb(n)}`).join(', ')}`);
  }

  const everything = await startEverything('streamableHttp');
  try {
    console.log(
      `\nAgainst server-everything (${everything.url}), ${runs} runs each, median (discover = connect + tools/list + end; call = connect + tools/call echo + end)`,
    );
    const a: Awaited<ReturnType<typeof ours>>[] = [];
    const b: Awaited<ReturnType<typeof sdk>>[] = [];
    await ours(everything.url);
    await sdk(everything.url); // warm-up
    for (let i = 0; i < runs; i++) {
      a.push(await ours(everything.url));
      b.push(await sdk(everything.url));
    }
    for (const [label, r] of [
      ['ours', a],
      ['SDK ', b],
    ] as const) {
      console.log(
        `  ${label}: discover ${ms(median(r.map((x) => x.discoverMs)))}, call ${ms(median(r.map((x) => x.callMs)))}; tools ${r[0].tools}; taskSupport required: ${r[0].taskTools.join(', ') || 'none'}; echo -> ${JSON.stringify(r[0].echo)}`,
      );
    }
    const t = await taskTool(everything.url);
    console.log(`\nA task-only tool (simulate-research-query) called with a plain tools/call:\n  ours: ${t.ours}\n  SDK : ${t.sdk}`);
  } finally {
    await everything.stop();
  }

  const big = await bigAnswer();
  console.log(`\nA 20 MB tools/list answer (our cap: 10 MB):\n  ours: ${big.ours}\n  SDK : ${big.sdk}`);
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
