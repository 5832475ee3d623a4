import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { currentSettings, LANGUAGE_ID, SECTION, STELLAR_PATTERNS } from './config';
import { CrashPolicy } from './crashes';
import { withLockSaving } from './locks';
import { serverEnv } from './serverEnv';
import { Protocol } from '../../server/src/protocol';

export const RESTART_COMMAND = 'stellarKit.restartServer';

/**
 * The language client: starts dist/server.js over node IPC, for Stellar files of the `file` scheme, without the
 * user's STELLAR_SECRET_* variables; restarts it after a crash, visibly, until it crashes too often.
 * `onDiagnostics` sees the number of findings of every diagnostics notification (timing.ts).
 */
export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, onDiagnostics?: (count: number) => void): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  // Getters: the client reads `options` at every start, so each start scrubs the environment of that moment.
  const serverOptions: ServerOptions = {
    run: {
      module,
      transport: TransportKind.ipc,
      get options() {
        return { env: serverEnv(process.env) };
      },
    },
    debug: {
      module,
      transport: TransportKind.ipc,
      get options() {
        return { env: serverEnv(process.env), execArgv: ['--nolazy', '--inspect=6009'] };
      },
    },
  };
  const crashes = new CrashPolicy();
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ scheme: 'file', language: LANGUAGE_ID }, ...STELLAR_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'yaml', pattern }))],
    outputChannel: output,
    // Read at every start: the server runs git for the review lens only in a trusted workspace.
    initializationOptions: () => ({ settings: currentSettings(), workspaceTrusted: vscode.workspace.isTrusted }),
    errorHandler: crashHandler(crashes, output),
    middleware: {
      provideCodeActions: async (document, range, context, token, next) => withLockSaving(await next(document, range, context, token)),
      handleDiagnostics: (uri, diagnostics, next) => {
        onDiagnostics?.(diagnostics.length);
        next(uri, diagnostics);
      },
    },
  };
  // The id makes the client honour `stellarKit.trace.server`.
  const client = new LanguageClient(SECTION, 'Stellar Kit', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      if (client.isRunning()) void client.sendNotification(Protocol.workspaceTrusted.method, {}).catch(() => undefined);
    }),
    vscode.commands.registerCommand(RESTART_COMMAND, async () => {
      crashes.reset();
      await client.restart();
    }),
  );
  return client;
}

/** Says every crash out loud: a warning while the server is restarted, an error with a way back once it is not. */
function crashHandler(crashes: CrashPolicy, output: vscode.OutputChannel): ErrorHandler {
  return {
    // A failed read or write: as the default handler, carry on a few times; the close that follows decides.
    error: (_error, _message, count) => ({ action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown }),
    closed: () => {
      const verdict = crashes.crashed();
      output.appendLine(verdict.message);
      if (verdict.restart) {
        void vscode.window.showWarningMessage(verdict.message, 'Show Log').then((a) => {
          if (a) output.show(true);
        });
        return { action: CloseAction.Restart, handled: true };
      }
      void vscode.window.showErrorMessage(verdict.message, 'Show Log', 'Restart Server').then((a) => {
        if (a === 'Show Log') output.show(true);
        if (a === 'Restart Server') void vscode.commands.executeCommand(RESTART_COMMAND);
      });
      return { action: CloseAction.DoNotRestart, handled: true };
    },
  };
}
