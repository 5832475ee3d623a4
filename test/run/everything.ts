// The MCP reference server (@modelcontextprotocol/server-everything) as a child process on 127.0.0.1 and a
// chosen port, for the tests: started with its Streamable HTTP (or older SSE) transport, ready when it answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export interface Everything {
  url: string;
  port: number;
  stop(): Promise<void>;
  log(): string;
}

/** A port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

/** Any HTTP answer on the port means the server listens. */
function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'OPTIONS', timeout: 500 }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => {
      req.destroy();
      resolve(false);
    });
    req.on('error', () => resolve(false));
    req.end();
  });
}

export async function startEverything(transport: 'streamableHttp' | 'sse' = 'streamableHttp'): Promise<Everything> {
  const bin = path.join(path.dirname(require.resolve('@modelcontextprotocol/server-everything/package.json')), 'dist', 'index.js');
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--require', path.join(__dirname, 'loopback-preload.cjs'), bin, transport], {
    env: { PATH: process.env.PATH, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (c) => {
    log = (log + c).slice(-20_000);
  });
  child.stderr!.on('data', (c) => {
    log = (log + c).slice(-20_000);
  });
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), 3000);
    await gone;
    clearTimeout(t);
  };
  // Bounded: 150 tries, 100 ms apart.
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server-everything exited with ${child.exitCode}: ${log}`);
    if (await answers(port)) {
      return { url: `http://127.0.0.1:${port}${transport === 'sse' ? '/sse' : '/mcp'}`, port, stop, log: () => log };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new Error(`server-everything did not listen on ${port} within 15 s: ${log}`);
}
