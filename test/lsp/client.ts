// A minimal LSP client over real stdio for tests: spawns the built server, answers the server's
// requests the way an editor does, records diagnostics and waits for them with bounded timeouts.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import type { Writable } from 'node:stream';
import {
  CancellationTokenSource,
  createProtocolConnection,
  Emitter,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  type Message,
  type MessageWriter,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export const repo = path.resolve(__dirname, '..', '..');
export const serverJs = path.join(repo, 'dist', 'server.js');
export const example = path.join(repo, 'examples', 'acme-support');

/** A fresh copy of a folder under the OS temp dir (removed by the caller). */
export function copyWorkspace(from = example, prefix = 'stellar-lsp-'): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(from, dir, { recursive: true });
  return dir;
}

export function fileUri(p: string): string {
  return URI.file(p).toString();
}

export interface ClientOptions {
  settings?: Record<string, unknown>;
  /** What the client answers to window/showMessageRequest: the title of an action, or null. */
  messageAnswer?: string | null;
  /** Sent as `initializationOptions` (the VS Code client sends its settings and whether the workspace is trusted). */
  initializationOptions?: unknown;
  /** stdio (default) or node IPC, the transport the VS Code client uses. */
  transport?: 'stdio' | 'ipc';
}

export interface Publication extends PublishDiagnosticsParams {
  /** performance.now() when the notification arrived. */
  at: number;
}

/**
 * A language server in a child process and the connection to it: records every publishDiagnostics with its
 * arrival time and waits for conditions, re-checked after every notification, with bounded timeouts. The
 * tests' TestClient and the LSP benchmark's BenchClient (bench/lsp/client.ts) add the editor's side.
 */
export class ServerProcess {
  /** Latest publication per uri. */
  readonly diagnostics = new Map<string, Publication>();
  readonly publications: Publication[] = [];
  stderr = '';
  protected exited = false;
  private readonly waiters = new Set<() => void>();

  constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    stderrLimit = Infinity,
  ) {
    proc.stderr!.on('data', (d) => {
      if (this.stderr.length < stderrLimit) this.stderr += d;
    });
    proc.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const pub = { ...p, at: performance.now() };
      this.diagnostics.set(p.uri, pub);
      this.publications.push(pub);
      this.notify();
    });
  }

  /** Re-checks `check` after every notification until it returns a value, or fails after timeoutMs. */
  waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 5_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        let v: T | undefined;
        try {
          v = check();
        } catch (e) {
          finish();
          reject(e);
          return;
        }
        if (v !== undefined) {
          finish();
          resolve(v);
        } else if (this.exited) {
          finish();
          reject(new Error(`server exited while waiting for ${what}\n${this.stderr}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const finish = () => {
        clearTimeout(timer);
        this.waiters.delete(attempt);
      };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The next publication for `uri` satisfying `accept` (counting from now). */
  nextDiagnostics(uri: string, accept: (p: Publication) => boolean = () => true, timeoutMs = 5_000): Promise<Publication> {
    const from = this.publications.length;
    return this.waitFor(
      () => {
        for (let i = from; i < this.publications.length; i++) {
          const p = this.publications[i];
          if (p.uri === uri && accept(p)) return p;
        }
        return undefined;
      },
      `diagnostics for ${uri}`,
      timeoutMs,
    );
  }

  open(uri: string, text: string, version = 1, languageId = 'stellar-yaml'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  /** shutdown + exit, each wait bounded by `timeoutMs`, then SIGKILL if the server is still alive. */
  async stop(timeoutMs = 2_000): Promise<void> {
    if (!this.exited) {
      try {
        await withTimeout(this.conn.sendRequest('shutdown'), timeoutMs, 'shutdown');
        await this.conn.sendNotification('exit');
      } catch {
        /* killed below */
      }
      await withTimeout(new Promise<void>((r) => (this.exited ? r() : this.proc.once('exit', () => r()))), timeoutMs, 'exit').catch(() => {
        this.proc.kill('SIGKILL');
      });
    }
    this.conn.dispose();
  }

  protected notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export class TestClient extends ServerProcess {
  readonly messages: { type: number; message: string }[] = [];
  readonly logs: string[] = [];
  /** Kinds of the $/progress notifications, in order (begin, report..., end). */
  readonly progress: string[] = [];
  /** Methods of the requests the server sent us, in order. */
  readonly serverRequests: string[] = [];
  settings: Record<string, unknown>;
  messageAnswer: string | null;
  private readonly initializationOptions: unknown;
  private progressEnds = 0;

  constructor(
    readonly root: string,
    options: ClientOptions = {},
  ) {
    super(...serverOver(options.transport ?? 'stdio'));
    this.settings = options.settings ?? {};
    this.messageAnswer = options.messageAnswer ?? null;
    this.initializationOptions = options.initializationOptions;
    this.conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      this.progress.push(String(p.value?.kind));
      if (p.value?.kind === 'end') {
        this.progressEnds++;
        this.notify();
      }
    });
    this.conn.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.notify();
    });
    this.conn.onRequest('window/workDoneProgress/create', () => {
      this.serverRequests.push('window/workDoneProgress/create');
      return null;
    });
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      this.serverRequests.push(...p.registrations.map((r) => `register ${r.method}`));
      return null;
    });
    this.conn.onRequest('workspace/configuration', (p: { items: unknown[] }) => {
      this.serverRequests.push('workspace/configuration');
      this.notify();
      return p.items.map(() => this.settings);
    });
    this.conn.onRequest('window/showMessageRequest', (p: { type: number; message: string; actions?: { title: string }[] }) => {
      this.messages.push(p);
      const a = p.actions?.find((x) => x.title === this.messageAnswer);
      return a ?? null;
    });
    this.conn.listen();
  }

  uri(rel: string): string {
    return fileUri(path.join(this.root, rel));
  }

  async initialize(): Promise<void> {
    await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: fileUri(this.root),
      workspaceFolders: [{ uri: fileUri(this.root), name: path.basename(this.root) }],
      ...(this.initializationOptions === undefined ? {} : { initializationOptions: this.initializationOptions }),
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
          fileOperations: { willDelete: true, willRename: true },
        },
        window: { workDoneProgress: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          rename: { prepareSupport: true },
          // As VS Code: documentation of completion items comes from completionItem/resolve.
          completion: { completionItem: { resolveSupport: { properties: ['documentation', 'detail'] } } },
        },
      },
    });
    await this.conn.sendNotification('initialized', {});
  }

  /** Resolves when the server has ended its startup progress (every file indexed and published). */
  async indexed(timeoutMs = 10_000): Promise<void> {
    await this.waitFor(() => this.progressEnds > 0 || undefined, 'the startup progress to end', timeoutMs);
  }

  codes(uri: string): string[] {
    return (this.diagnostics.get(uri)?.diagnostics ?? []).map((d: Diagnostic) => String(d.code));
  }

  /** Every uri with at least one diagnostic, relative to the root, with its codes. */
  nonEmpty(): Record<string, string[]> {
    const out: Record<string, string[]> = {};
    for (const [uri, p] of this.diagnostics) {
      if (p.diagnostics.length > 0) out[path.relative(this.root, URI.parse(uri).fsPath).split(path.sep).join('/')] = p.diagnostics.map((d) => String(d.code));
    }
    return out;
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  request<R>(method: string, params: unknown, token?: CancellationTokenSource): Promise<R> {
    // An undefined third argument would be sent as a positional parameter.
    return (token ? this.conn.sendRequest(method, params, token.token) : this.conn.sendRequest(method, params)) as Promise<R>;
  }

  /**
   * Sends a request and its $/cancelRequest in one write, so the server reads both before it
   * dispatches the request: cancellation is then deterministic, not a race with a fast answer.
   */
  requestCancelled<R>(method: string, params: unknown): Promise<R> {
    const source = new CancellationTokenSource();
    const stdin = this.proc.stdin!;
    stdin.cork();
    const pending = this.request<R>(method, params, source);
    source.cancel();
    setImmediate(() => stdin.uncork());
    return pending;
  }
}

/** The stdio (default) or node IPC transport to a fresh dist/server.js. */
function serverOver(transport: 'stdio' | 'ipc'): [ChildProcess, ProtocolConnection] {
  if (transport === 'ipc') {
    const proc = fork(serverJs, ['--node-ipc'], { stdio: ['pipe', 'pipe', 'pipe', 'ipc'] });
    return [proc, createProtocolConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc))];
  }
  const proc = spawn(process.execPath, [serverJs, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  return [proc, createProtocolConnection(new StreamMessageReader(proc.stdout!), new SyncWriter(proc.stdin!))];
}

export function withTimeout<T>(p: Promise<T>, ms: number, what?: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms${what ? `: ${what}` : ''}`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Writes each message synchronously (vscode-jsonrpc's own writer waits for every write callback),
 * so several messages sent in one tick can be corked into one write.
 */
class SyncWriter implements MessageWriter {
  private readonly errors = new Emitter<[Error, Message | undefined, number | undefined]>();
  private readonly closes = new Emitter<void>();
  readonly onError = this.errors.event;
  readonly onClose = this.closes.event;

  constructor(private readonly stream: Writable) {
    stream.on('error', (e: Error) => this.errors.fire([e, undefined, undefined]));
    stream.on('close', () => this.closes.fire());
  }

  write(msg: Message): Promise<void> {
    const body = Buffer.from(JSON.stringify(msg), 'utf8');
    if (this.stream.destroyed || !this.stream.writable) return Promise.reject(new Error("the server's stdin is closed"));
    this.stream.write(`Content-Length: ${body.length}\r\n\r\n`, 'ascii');
    this.stream.write(body);
    return Promise.resolve();
  }

  end(): void {
    this.stream.end();
  }
  dispose(): void {
    this.errors.dispose();
    this.closes.dispose();
  }
}
