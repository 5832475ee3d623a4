// The Stellar Kit language server. The transport comes from argv: --stdio or --node-ipc (or --socket=N).
import {
  createConnection,
  ProposedFeatures,
  type ConnectionStrategy,
  type InitializeParams,
  type InitializeResult,
  type Message,
  type RequestMessage,
  type ResponseMessage,
} from 'vscode-languageserver/node';
import { clientSupport, serverCapabilities } from './lsp/capabilities';
import { Configuration } from './lsp/configuration';
import { registerCustomRequests } from './lsp/custom';
import { registerDocumentSync } from './lsp/documentSync';
import { registerFeatures } from './lsp/features';
import { cancellationStrategy, cancelled, guardNotification } from './lsp/guard';
import { scanFolders } from './lsp/indexing';
import { Lifecycle, superviseTransport } from './lsp/lifecycle';
import { Session } from './lsp/session';
import { serverTransport } from './lsp/transport';
import { FileWatcher, registerWatchers } from './lsp/watcher';
import { changeFolders, initialFolders } from './lsp/workspaceFolders';
import { tuneHeap } from './node/heap';

tuneHeap();

/** A request cancelled before it was dispatched is answered at once. */
const strategy: ConnectionStrategy = {
  cancelUndispatched: (message: Message): ResponseMessage => ({ jsonrpc: '2.0', id: (message as RequestMessage).id ?? null, error: cancelled().toJson() }),
};

const transport = serverTransport();
const lifecycle = new Lifecycle(transport.writer, (m) => connection.console.error(m));
const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer, {
  connectionStrategy: strategy,
  cancellationStrategy,
  messageStrategy: lifecycle.strategy,
});
const log = {
  info: (m: string) => connection.console.info(m),
  warn: (m: string) => connection.console.warn(m),
  error: (m: string) => connection.console.error(m),
};

superviseTransport(transport, lifecycle, connection);
let session: Session | undefined;
let config: Configuration | undefined;
/** Requests that arrive before `initialized` wait for the first scan like any other. */
let initialized!: () => void;
const initializedReceived = new Promise<void>((resolve) => (initialized = resolve));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  session = new Session(connection, clientSupport(params.capabilities), log);
  config = new Configuration(session, params.initializationOptions);
  session.workspaceTrusted = (params.initializationOptions as { workspaceTrusted?: unknown } | undefined)?.workspaceTrusted !== false;
  for (const f of initialFolders(params)) session.folders.add(f.uri, f.name);
  registerDocumentSync(session);
  registerFeatures(session);
  registerCustomRequests(session);
  const watcher = new FileWatcher(session);
  connection.onDidChangeWatchedFiles(guardNotification(session, 'didChangeWatchedFiles', (p) => watcher.onEvents(p.changes)));
  connection.onDidChangeConfiguration(guardNotification(session, 'didChangeConfiguration', (p) => config!.changed(p)));
  const s = session;
  s.trackLoad(
    initializedReceived.then(async () => {
      for (const folder of s.folders.all()) folder.settings = await config!.fetch(folder);
      await scanFolders(s, s.folders.all());
    }),
  );
  return { capabilities: serverCapabilities(), serverInfo: { name: 'stellar-kit', version: '0.1.0' } };
});

connection.onInitialized(
  guardNotification({ log }, 'initialized', async () => {
    const s = session!;
    if (s.client.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(guardNotification(s, 'didChangeWorkspaceFolders', (e) => changeFolders(s, config!, e)));
    }
    initialized();
    await Promise.all([
      registerWatchers(s).catch((e: Error) => s.log.error(`Registering file watchers failed: ${e.message}`)),
      config!.register().catch((e: Error) => s.log.error(`Registering for settings changes failed: ${e.message}`)),
    ]);
  }),
);

connection.onShutdown(() => session?.dispose());
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));

connection.listen();
