// The Stellar Kit language server. The transport comes from argv: --stdio or --node-ipc (or --socket=N).
import { format } from 'node:util';
import { createConnection, ErrorCodes, ProposedFeatures, type ConnectionStrategy, type InitializeParams, type InitializeResult, type Message, type RequestMessage, type ResponseMessage } from 'vscode-languageserver/node';
import { clientSupport, serverCapabilities } from './lsp/capabilities';
import { Configuration } from './lsp/configuration';
import { registerCustomRequests } from './lsp/custom';
import { registerDocumentSync } from './lsp/documentSync';
import { registerFeatures } from './lsp/features';
import { cancellationStrategy, cancelled, guardNotification } from './lsp/guard';
import { scanFolders } from './lsp/indexing';
import { Lifecycle } from './lsp/lifecycle';
import { Session } from './lsp/session';
import { BodyNotJson, serverTransport } from './lsp/transport';
import { FileWatcher, registerWatchers } from './lsp/watcher';
import { changeFolders, initialFolders } from './lsp/workspaceFolders';

/** A request cancelled before it was dispatched is answered at once. */
const strategy: ConnectionStrategy = {
  cancelUndispatched: (message: Message): ResponseMessage => ({ jsonrpc: '2.0', id: (message as RequestMessage).id ?? null, error: cancelled().toJson() }),
};

const transport = serverTransport();
const lifecycle = new Lifecycle(transport.writer, (m) => connection.console.error(m));
const connection = createConnection(ProposedFeatures.all, transport.reader, transport.writer, { connectionStrategy: strategy, cancellationStrategy, messageStrategy: lifecycle.strategy });
const log = { info: (m: string) => connection.console.info(m), warn: (m: string) => connection.console.warn(m), error: (m: string) => connection.console.error(m) };

// A body that is not JSON is answered ParseError and reading goes on; a broken frame (or stream) ends the
// server with exit code 1, as the end of stdin without shutdown does, so the client restarts it.
transport.reader.onError((e) => {
  if (e instanceof BodyNotJson) {
    log.warn(`Received a message that is not JSON: ${e.message}.`);
    lifecycle.reply(null, ErrorCodes.ParseError, `Parse error: ${e.message}.`);
    return;
  }
  process.stderr.write(`Stellar Kit language server: ${e.message}; the message stream cannot be read any further. Exiting with code 1.\n`);
  process.exit(1);
});
if (transport.stdio) {
  const end = () => process.exit(lifecycle.shutdownReceived ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  // stdout is the protocol: what a dependency prints goes to the log instead.
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
}
let session: Session | undefined;
let config: Configuration | undefined;
/** Requests that arrive before `initialized` wait for the first scan like any other. */
let initialized!: () => void;
const initializedReceived = new Promise<void>((resolve) => (initialized = resolve));

connection.onInitialize((params: InitializeParams): InitializeResult => {
  session = new Session(connection, clientSupport(params.capabilities), log);
  config = new Configuration(session, params.initializationOptions);
  for (const f of initialFolders(params)) session.folders.add(f.uri, f.name);
  registerDocumentSync(session);
  registerFeatures(session);
  registerCustomRequests(session);
  const watcher = new FileWatcher(session);
  connection.onDidChangeWatchedFiles(guardNotification(session, 'didChangeWatchedFiles', (p) => watcher.onEvents(p.changes)));
  connection.onDidChangeConfiguration(guardNotification(session, 'didChangeConfiguration', (p) => config!.changed(p)));
  const s = session;
  s.trackLoad(initializedReceived.then(async () => {
    for (const folder of s.folders.all()) folder.settings = await config!.fetch(folder);
    await scanFolders(s, s.folders.all());
  }));
  return { capabilities: serverCapabilities(), serverInfo: { name: 'stellar-kit', version: '0.1.0' } };
});

connection.onInitialized(guardNotification({ log }, 'initialized', async () => {
  const s = session!;
  if (s.client.workspaceFolders) {
    connection.workspace.onDidChangeWorkspaceFolders(guardNotification(s, 'didChangeWorkspaceFolders', (e) => changeFolders(s, config!, e)));
  }
  initialized();
  await Promise.all([
    registerWatchers(s).catch((e: Error) => s.log.error(`Registering file watchers failed: ${e.message}`)),
    config!.register().catch((e: Error) => s.log.error(`Registering for settings changes failed: ${e.message}`)),
  ]);
}));

connection.onShutdown(() => session?.dispose());
process.on('uncaughtException', (e) => connection.console.error(`Uncaught: ${e.stack ?? e}`));
process.on('unhandledRejection', (e) => connection.console.error(`Unhandled rejection: ${(e as Error)?.stack ?? e}`));

connection.listen();
