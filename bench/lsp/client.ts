// The replay benchmark's LSP client: spawns any server over stdio (Stellar Kit's or yaml-language-server) and
// answers its requests like an editor. Waiting and the timestamped publishDiagnostics come from the tests'
// ServerProcess (test/lsp/client.ts); the writer is vscode-jsonrpc's own, as an editor's client uses.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { ServerProcess, withTimeout } from '../../test/lsp/client';

export type { Publication } from '../../test/lsp/client';

export interface BenchClientOptions {
  /** Answer to workspace/configuration items, by section (undefined section → the whole object). */
  settings: Record<string, unknown>;
}

export class BenchClient extends ServerProcess {
  readonly spawnedAt: number;
  progressEndAt: number | undefined;

  constructor(
    command: string,
    args: string[],
    readonly options: BenchClientOptions,
  ) {
    const spawnedAt = performance.now();
    const proc = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    super(proc, createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!)), 20_000);
    this.spawnedAt = spawnedAt;
    this.conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end' && this.progressEndAt === undefined) {
        this.progressEndAt = performance.now();
        this.notify();
      }
    });
    this.conn.onNotification('window/logMessage', () => undefined);
    this.conn.onNotification('window/showMessage', () => undefined);
    this.conn.onNotification('telemetry/event', () => undefined);
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onRequest('client/registerCapability', () => null);
    this.conn.onRequest('client/unregisterCapability', () => null);
    this.conn.onRequest('window/showMessageRequest', () => null);
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) =>
      p.items.map((i) => (i.section === undefined ? this.options.settings : (this.options.settings[i.section] ?? null))),
    );
    this.conn.onUnhandledNotification(() => undefined);
    this.conn.listen();
  }

  /** spawn → initialize result → initialized sent; returns the ms from spawn. */
  async initialize(rootUri: string, name: string, timeoutMs = 20_000): Promise<number> {
    await withTimeout(
      this.conn.sendRequest('initialize', {
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
            completion: {
              completionItem: {
                snippetSupport: true,
                documentationFormat: ['markdown', 'plaintext'],
                resolveSupport: { properties: ['documentation', 'detail', 'additionalTextEdits'] },
              },
            },
            hover: { contentFormat: ['markdown', 'plaintext'] },
            definition: { linkSupport: true },
          },
        },
      }),
      timeoutMs,
      'initialize',
    );
    await this.conn.sendNotification('initialized', {});
    return performance.now() - this.spawnedAt;
  }

  request<R>(method: string, params: unknown, timeoutMs = 10_000): Promise<R> {
    return withTimeout(this.conn.sendRequest(method, params) as Promise<R>, timeoutMs, method);
  }

  /** Peak resident set (VmHWM) of the server process, in MB; NaN when unreadable. */
  peakRssMB(): number {
    try {
      const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${this.proc.pid}/status`, 'utf8'));
      return m ? Number(m[1]) / 1024 : NaN;
    } catch {
      return NaN;
    }
  }

  kill(): void {
    if (!this.exited) this.proc.kill('SIGKILL');
  }
}
