// The server's end of the connection, chosen from argv. Over stdio every message is framed by a
// `Content-Length` header. A header that is missing, malformed or not a byte count leaves the stream
// unreadable (nothing says where the next message starts), so the reader reports a BadFrame and the
// server exits non-zero for the client to restart it, instead of staying alive and deaf. A well-framed
// body that is not JSON is only that one message: it is reported as BodyNotJson and reading goes on.
import {
  AbstractMessageReader,
  type AbstractMessageBuffer,
  createServerPipeTransport,
  createServerSocketTransport,
  IPCMessageReader,
  IPCMessageWriter,
  RAL,
  StreamMessageWriter,
  type DataCallback,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
} from 'vscode-languageserver/node';

/** A header section longer than this without its blank line is not a header. */
export const MAX_HEADER_BYTES = 8 * 1024;
/** The largest body accepted (a frame announcing more is refused, not buffered). */
export const MAX_CONTENT_LENGTH = 256 * 1024 * 1024;

/** The stream is broken: the server cannot find the next message. Messages never quote the stream's bytes. */
export class BadFrame extends Error {}

/** One well-framed message whose body is not JSON. */
export class BodyNotJson extends Error {
  constructor(readonly bytes: number) {
    super(`the body of a message (${bytes} bytes) is not JSON`);
  }
}

/** Content-Length framing with strict headers; see the file comment. */
export class FramedReader extends AbstractMessageReader implements MessageReader {
  // The library's own buffer (an AbstractMessageBuffer, which also counts its bytes).
  private readonly buffer = RAL().messageBuffer.create('utf-8') as AbstractMessageBuffer;
  private readonly decoder = new TextDecoder('utf-8');
  private length = -1;
  private broken = false;

  constructor(private readonly readable: NodeJS.ReadableStream) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer | string) => this.onData(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk, callback);
    this.readable.on('data', onData);
    this.readable.on('error', (e: Error) => this.fireError(e));
    this.readable.on('close', () => this.fireClose());
    return {
      dispose: () => {
        this.readable.off('data', onData);
      },
    };
  }

  private onData(chunk: Uint8Array, callback: DataCallback): void {
    if (this.broken) return;
    this.buffer.append(chunk);
    for (;;) {
      let body: Uint8Array | undefined;
      try {
        body = this.nextBody();
      } catch (e) {
        this.broken = true;
        this.fireError(e instanceof BadFrame ? e : new BadFrame('a message header is malformed'));
        return;
      }
      if (body === undefined) return;
      let message: Message;
      try {
        message = JSON.parse(this.decoder.decode(body)) as Message;
      } catch {
        this.fireError(new BodyNotJson(body.byteLength));
        continue;
      }
      try {
        callback(message);
      } catch (e) {
        // The connection's fault, not the stream's: reported as uncaught, and the frames after it still read.
        queueMicrotask(() => {
          throw e;
        });
      }
    }
  }

  /** The next complete body, or undefined while it has not all arrived. Throws BadFrame. */
  private nextBody(): Uint8Array | undefined {
    if (this.length < 0) {
      const headers = this.buffer.tryReadHeaders(true);
      if (!headers) {
        if (this.buffer.numberOfBytes > MAX_HEADER_BYTES) throw new BadFrame(`no end of a message header within ${MAX_HEADER_BYTES} bytes`);
        return undefined;
      }
      this.length = contentLength(headers.get('content-length'));
    }
    const body = this.buffer.tryReadBody(this.length);
    if (body !== undefined) this.length = -1;
    return body;
  }
}

function contentLength(value: string | undefined): number {
  if (value === undefined) throw new BadFrame('a message header has no Content-Length');
  if (!/^\d{1,12}$/.test(value)) throw new BadFrame("a message header's Content-Length is not a number of bytes");
  const n = Number(value);
  if (n > MAX_CONTENT_LENGTH) throw new BadFrame(`a message header's Content-Length (${n}) is over the limit of ${MAX_CONTENT_LENGTH} bytes`);
  return n;
}

/**
 * vscode-jsonrpc handles `$/cancelRequest` as it reads it, before any strategy, and throws on one without a
 * string or number id (null, an object, no params): such a cancel names no request, so it is dropped here.
 */
export class CancelFilter implements MessageReader {
  constructor(private readonly inner: MessageReader) {}
  get onError() {
    return this.inner.onError;
  }
  get onClose() {
    return this.inner.onClose;
  }
  get onPartialMessage() {
    return this.inner.onPartialMessage;
  }
  listen(callback: DataCallback): Disposable {
    return this.inner.listen((m) => {
      if (!isBadCancel(m)) callback(m);
    });
  }
  dispose(): void {
    this.inner.dispose();
  }
}

function isBadCancel(m: Message): boolean {
  const n = m as { method?: unknown; params?: { id?: unknown } | null };
  if (n?.method !== '$/cancelRequest') return false;
  const id = typeof n.params === 'object' && n.params !== null ? n.params.id : undefined;
  return typeof id !== 'string' && typeof id !== 'number';
}

export interface Transport {
  reader: MessageReader;
  writer: MessageWriter;
  /** stdout carries the protocol: nothing else may be written to it. */
  stdio: boolean;
}

/** The transport named by argv: --stdio, --node-ipc, --socket=N or --pipe=NAME (as vscode-languageserver reads them). */
export function serverTransport(argv: string[] = process.argv.slice(2)): Transport {
  const t = rawTransport(argv);
  return { ...t, reader: new CancelFilter(t.reader) };
}

function rawTransport(argv: string[]): Transport {
  const value = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    if (i >= 0) return argv[i + 1];
    return argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  };
  if (argv.includes('--stdio')) return { reader: new FramedReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
  if (argv.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
  const port = Number(value('--socket'));
  if (Number.isInteger(port) && port > 0) {
    const [reader, writer] = createServerSocketTransport(port);
    return { reader, writer, stdio: false };
  }
  const pipe = value('--pipe');
  if (pipe) {
    const [reader, writer] = createServerPipeTransport(pipe);
    return { reader, writer, stdio: false };
  }
  throw new Error('Start the server with --stdio, --node-ipc, --socket=PORT or --pipe=NAME.');
}
