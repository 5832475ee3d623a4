// A small LSP client for the replay benchmark: spawns a server over stdio, answers its requests like an
// editor, timestamps every publishDiagnostics on arrival and waits for them with bounded timeouts.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node';

export interface Publication extends PublishDiagnosticsParams { at: number }

export interface BenchClientOptions {
  /** Answer to workspace/configuration items, by section (undefined section → the whole object). */
  settings: Record<string, unknown>;
}

export class BenchClient {
  readonly conn: ProtocolConnection;
  readonly proc: ChildProcess;
  readonly spawnedAt: number;
  readonly publications: Publication[] = [];
  readonly latest = new Map<string, Publication>();
  progressEndAt: number | undefined;
  stderr = '';
  private readonly waiters = new Set<() => void>();
  private exited = false;

  constructor(command: string, args: string[], readonly options: BenchClientOptions) {
    this.spawnedAt = performance.now();
    this.proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.conn = createProtocolConnection(new StreamMessageReader(this.proc.stdout!), new StreamMessageWriter(this.proc.stdin!));
    this.proc.stderr!.on('data', (d) => { if (this.stderr.length < 20_000) this.stderr += d; });
    this.proc.on('exit', () => { this.exited = true; this.notify(); });
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      const pub = { ...p, at: performance.now() };
      this.publications.push(pub);
      this.latest.set(p.uri, pub);
      this.notify();
    });
    this.conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end' && this.progressEndAt === undefined) { this.progressEndAt = performance.now(); this.notify(); }
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('window/showMessage', () => undefined);
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === undefined ? this.options.settings : (this.options.settings[i.section] ?? null))));
    this.conn.onUnhandledNotification(() => undefined);
    this.conn.listen();
  }

  get pid(): number { return this.proc.pid!; }

  /** spawn → initialize result → initialized sent; returns the ms from spawn. */
  async initialize(rootUri: string, name: string, timeoutMs = 20_000): Promise<number> {
    await withTimeout(this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name }],
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeWatchedFiles: { dynamicRegistration: true },
          didChangeConfiguration: { dynamicRegistration: true },
          workspaceEdit: { documentChanges: true },
        },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
          // As VS Code declares it: item documentation may come later, from completionItem/resolve.
          completion: { completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          definition: { linkSupport: true },
        },
      },
    }), timeoutMs, 'initialize');
    await this.conn.sendNotification('initialized', {});
    return performance.now() - this.spawnedAt;
  }

  /** Re-checks `check` after every notification until it returns a value, or fails after timeoutMs. */
  waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const attempt = () => {
        const v = check();
        if (v !== undefined) { finish(); resolve(v); }
        else if (this.exited) { finish(); reject(new Error(`server exited while waiting for ${what}\n${this.stderr}`)); }
      };
      const timer = setTimeout(() => { finish(); reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)); }, timeoutMs);
      const finish = () => { clearTimeout(timer); this.waiters.delete(attempt); };
      this.waiters.add(attempt);
      attempt();
    });
  }

  /** The next publication for `uri` (counting from now) satisfying `accept`. */
  nextPublication(uri: string, accept: (p: Publication) => boolean = () => true, timeoutMs = 10_000): Promise<Publication> {
    const from = this.publications.length;
    return this.waitFor(() => {
      for (let i = from; i < this.publications.length; i++) {
        const p = this.publications[i];
        if (p.uri === uri && accept(p)) return p;
      }
      return undefined;
    }, `diagnostics for ${uri}`, timeoutMs);
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  request<R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    return withTimeout(this.conn.sendRequest(method, params) as Promise<R>, timeoutMs, method);
  }

  /** Peak resident set (VmHWM) of the server process, in MB; NaN when unreadable. */
  peakRssMB(): number {
    try {
      const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch { return NaN; }
  }

  /** shutdown + exit with bounded waits, then SIGKILL if still alive. */
  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await withTimeout(this.conn.sendRequest('shutdown'), 3_000, 'shutdown');
        await this.conn.sendNotification('exit');
      } catch { /* killed below */ }
      await withTimeout(new Promise<void>((r) => (this.exited ? r() : this.proc.once('exit', () => r()))), 3_000, 'exit')
        .catch(() => { this.proc.kill('SIGKILL'); });
    }
    this.conn.dispose();
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number, what = 'operation'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    p.then((v) => { clearTimeout(t); resolve(v); }, (e) => { clearTimeout(t); reject(e); });
  });
}
