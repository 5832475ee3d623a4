// The LSP lifecycle, enforced before any handler sees a message (vscode-languageserver leaves it to the
// server): a request before `initialize` is answered ServerNotInitialized (-32002) and a notification then
// dropped; a second `initialize`, or any request after `shutdown`, is answered InvalidRequest (-32600);
// `exit` always goes through (the library exits 0 after shutdown, 1 without). Valid JSON that is no
// JSON-RPC message at all is answered InvalidRequest with a null id; an initialize without capabilities,
// InvalidParams (-32602), and the server still waits for a proper one.
import { format } from 'node:util';
import { ErrorCodes, Message, type Connection, type MessageStrategy, type MessageWriter, type ResponseMessage } from 'vscode-languageserver/node';
import { BodyNotJson, type Transport } from './transport';

export type Phase = 'new' | 'running' | 'shutDown';

export class Lifecycle {
  phase: Phase = 'new';

  constructor(
    private readonly writer: MessageWriter,
    private readonly log: (message: string) => void,
  ) {}

  readonly strategy: MessageStrategy = { handleMessage: (message, next) => this.handle(message, next) };

  get shutdownReceived(): boolean {
    return this.phase === 'shutDown';
  }

  /** Answers a request with an error, outside the connection (the request never reaches it). */
  reply(id: ResponseMessage['id'], code: number, message: string): void {
    const response: ResponseMessage = { jsonrpc: '2.0', id, error: { code, message } };
    this.writer.write(response).catch((e: Error) => this.log(`Answering ${String(id)} with ${code} failed: ${e.message}`));
  }

  private handle(message: Message, next: (message: Message) => void): void {
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message.method);
      if (refusal) {
        this.reply(message.id, refusal[0], refusal[1]);
        return;
      }
      if (message.method === 'initialize') {
        // vscode-languageserver reads params.capabilities before any handler: without it, it would throw.
        if (!isObject(message.params) || !isObject(message.params.capabilities)) {
          this.reply(message.id, ErrorCodes.InvalidParams, 'Invalid params: initialize needs params with a capabilities object.');
          return;
        }
        this.phase = 'running';
      }
      if (message.method === 'shutdown') this.phase = 'shutDown';
    } else if (Message.isNotification(message)) {
      if (message.method !== 'exit' && this.phase !== 'running') return;
    } else if (!Message.isResponse(message) && !hasId(message)) {
      this.reply(null, ErrorCodes.InvalidRequest, 'Invalid request: the message is not a JSON-RPC request, notification or response.');
      return;
    }
    next(message);
  }

  private refusal(method: string): [number, string] | undefined {
    if (this.phase === 'new' && method !== 'initialize') return [ErrorCodes.ServerNotInitialized, `Server not initialized: send initialize before ${method}.`];
    if (this.phase !== 'new' && method === 'initialize') return [ErrorCodes.InvalidRequest, 'Invalid request: initialize was already received.'];
    if (this.phase === 'shutDown')
      return [ErrorCodes.InvalidRequest, `Invalid request: the server is shut down (${method} after shutdown); only exit is accepted.`];
    return undefined;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A response-like message (an id, no method) is left to the connection: it may settle one of our requests. */
function hasId(message: unknown): boolean {
  const id = (message as { id?: unknown } | null)?.id;
  return typeof message === 'object' && message !== null && !Array.isArray(message) && (typeof id === 'string' || typeof id === 'number');
}

/**
 * What the transport's failures do: a body that is not JSON is answered ParseError and reading goes on; a
 * broken frame (or stream) ends the server with exit code 1, as the end of stdin without shutdown does, so
 * the client restarts it. Over stdio, stdout is the protocol: what a dependency prints goes to the log.
 */
export function superviseTransport(transport: Transport, lifecycle: Lifecycle, connection: Connection): void {
  transport.reader.onError((e) => {
    if (e instanceof BodyNotJson) {
      connection.console.warn(`Received a message that is not JSON: ${e.message}.`);
      lifecycle.reply(null, ErrorCodes.ParseError, `Parse error: ${e.message}.`);
      return;
    }
    process.stderr.write(`Stellar Kit language server: ${e.message}; the message stream cannot be read any further. Exiting with code 1.\n`);
    process.exit(1);
  });
  if (!transport.stdio) return;
  const end = () => process.exit(lifecycle.shutdownReceived ? 0 : 1);
  process.stdin.on('end', end);
  process.stdin.on('close', end);
  console.log = console.info = console.debug = (...args: unknown[]) => connection.console.log(format(...args));
}
