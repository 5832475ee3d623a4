import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { currentSettings, LANGUAGE_ID, SECTION, STELLAR_PATTERNS } from './config';
import { withLockSaving } from './locks';

/**
 * The language client: starts dist/server.js over node IPC, for Stellar files of the `file` scheme.
 * `onDiagnostics` sees the number of findings of every diagnostics notification (timing.ts).
 */
export function createClient(context: vscode.ExtensionContext, output: vscode.OutputChannel, onDiagnostics?: (count: number) => void): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      ...STELLAR_PATTERNS.map((pattern) => ({ scheme: 'file', language: 'yaml', pattern })),
    ],
    outputChannel: output,
    initializationOptions: { settings: currentSettings() },
    middleware: {
      provideCodeActions: async (document, range, context, token, next) => withLockSaving(await next(document, range, context, token)),
      handleDiagnostics: (uri, diagnostics, next) => {
        onDiagnostics?.(diagnostics.length);
        next(uri, diagnostics);
      },
    },
  };
  // The id makes the client honour `stellarKit.trace.server`.
  return new LanguageClient(SECTION, 'Stellar Kit', serverOptions, clientOptions);
}
