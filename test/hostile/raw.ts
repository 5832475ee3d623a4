// The built server over stdio with nothing in between: the test writes the bytes of each frame itself
// (well-formed or not) and reads the server's frames back, to check what a real client sees.
import { spawn, type ChildProcess } from 'node:child_process';
import { serverJs } from '../lsp/client';

export interface Received {
  jsonrpc: string;
  id?: number | string | null;
  method?: string;
  params?: { type?: number; message?: string };
  result?: unknown;
  error?: { code: number; message: string };
}

/** The bytes of one frame: a Content-Length header and the body (a message, or a string sent as is). */
export function frame(body: unknown): Buffer {
  const bytes = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${bytes.length}\r\n\r\n`, 'ascii'), bytes]);
}

export const initialize = (id = 1) => ({ jsonrpc: '2.0', id, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
/** initialize and initialized (requests wait for initialized, which starts the first scan). */
export const initializeFrames = (id = 1) => Buffer.concat([frame(initialize(id)), frame({ jsonrpc: '2.0', method: 'initialized', params: {} })]);

export class RawServer {
  readonly proc: ChildProcess;
  readonly received: Received[] = [];
  stderr = '';
  private pending = Buffer.alloc(0);
  private exit: Promise<number | null>;
  private readonly waiters = new Set<() => void>();

  constructor(args: string[] = ['--stdio']) {
    this.proc = spawn(process.execPath, [serverJs, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.proc.stderr!.on('data', (d) => {
      this.stderr += d;
    });
    this.proc.stdout!.on('data', (d: Buffer) => this.onData(d));
    this.proc.stdin!.on('error', () => {
      /* the server may exit first */
    });
    this.exit = new Promise((resolve) =>
      this.proc.once('exit', (code) => {
        resolve(code);
        this.notify();
      }),
    );
  }

  write(...chunks: (Buffer | string)[]): void {
    for (const c of chunks) this.proc.stdin!.write(c);
  }

  /** The first received message satisfying `accept`, or a rejection after timeoutMs (or when the server exits). */
  next(accept: (m: Received) => boolean, what: string, timeoutMs = 5_000): Promise<Received> {
    return new Promise((resolve, reject) => {
      const attempt = () => {
        const m = this.received.find(accept);
        if (m) {
          done();
          resolve(m);
        } else if (this.proc.exitCode !== null || this.proc.signalCode !== null) {
          done();
          reject(new Error(`server exited while waiting for ${what}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  response(id: number | string | null, timeoutMs?: number): Promise<Received> {
    return this.next((m) => m.id === id && m.method === undefined, `the response to ${String(id)}`, timeoutMs);
  }

  /** The exit code, or a rejection if the server is still alive after timeoutMs. */
  exited(timeoutMs = 5_000): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error(`the server is still running after ${timeoutMs} ms`)), timeoutMs);
      void this.exit.then((code) => {
        clearTimeout(t);
        resolve(code);
      });
    });
  }

  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }

  private onData(d: Buffer): void {
    this.pending = Buffer.concat([this.pending, d]);
    for (;;) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/Content-Length: (\d+)/i.exec(this.pending.subarray(0, end).toString('ascii'))?.[1]);
      if (this.pending.length < end + 4 + length) return;
      this.received.push(JSON.parse(this.pending.subarray(end + 4, end + 4 + length).toString('utf8')) as Received);
      this.pending = this.pending.subarray(end + 4 + length);
      this.notify();
    }
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}
