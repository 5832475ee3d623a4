import { spawn } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSync } from 'esbuild';
import { WorkspaceIndex } from '../../server/src/service/workspace';

export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface TestServer {
  url: string;
  port: number;
  seen: Seen[];
  connections: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 and an ephemeral port; records every request it gets. */
export async function serve(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, res, body);
    });
  });
  const t: TestServer = {
    url: '',
    port: 0,
    seen,
    connections: 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  server.on('connection', () => {
    t.connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.port = (server.address() as AddressInfo).port;
  t.url = `http://127.0.0.1:${t.port}`;
  return t;
}

export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(value));
}

/** An in-memory workspace from file name → text. */
export function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex('file:///ws');
  for (const [name, text] of Object.entries(files)) index.setFile(`file:///ws/${name}`, text);
  return index;
}

export const AGENT_URI = 'file:///ws/agent.agent.yaml';

/** A secret source from a plain map. */
export function secrets(values: Record<string, string>) {
  return {
    get: async (name: string, env: string) => values[`${name}_${env.toUpperCase()}`] ?? values[name],
    hint: (name: string, env: string) => `set STELLAR_SECRET_${name}_${env.toUpperCase()}`,
  };
}

/** Bundles `entry` into `outfile` once, like dist/cli.js, so each child process starts in milliseconds. */
export function bundle(entry: string, outfile: string): string {
  buildSync({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', outfile, logLevel: 'warning' });
  return outfile;
}

/** Runs a bundled script in a child process with real stdout and stderr and the given environment. */
export async function runChild(script: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [script, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => {
    out += c;
  });
  child.stderr.on('data', (c) => {
    err += c;
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, out, err };
}

/** Runs a CLI command in this process with its output captured: what `stellar-kit <command>` would print. */
export async function captured<Io extends { out: (s: string) => void; err: (s: string) => void }>(
  command: (args: string[], io: Io) => Promise<number>,
  args: string[],
  io: Omit<Io, 'out' | 'err'>,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await command(args, {
    ...(io as Io),
    out: (s: string) => {
      out += s;
    },
    err: (s: string) => {
      err += s;
    },
  });
  return { code, out, err };
}
