/** One HTTP exchange with undici under explicit limits: body size before and after decoding, time. */
import { STATUS_CODES } from 'node:http';
import { Transform, Writable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import { DestinationRefused, policyConnector, urlRefusal, type DestinationPolicy } from './destination';

export interface Limits {
  connectTimeoutMs: number;
  /** The whole run: every redirect, the token request and reading the body. */
  totalTimeoutMs: number;
  /** Cap on the body as received and again after decoding (gzip bombs). */
  maxBodyBytes: number;
  maxRedirects: number;
  /** Where requests may go (runner/destination.ts): private networks allowed or not, name resolution. */
  destination?: DestinationPolicy;
}

export const DEFAULT_LIMITS: Limits = { connectTimeoutMs: 10_000, totalTimeoutMs: 30_000, maxBodyBytes: 10 * 1024 * 1024, maxRedirects: 5 };

/** CR, LF or NUL: in a URL or header they could inject headers or requests. */
export const UNSAFE = /[\r\n\0]/;

export interface RawResponse {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  body: Buffer;
  /** Set when the body was cut at the cap: "truncated at 10 MB". */
  truncated?: string;
}

export interface Exchange {
  dispatcher: Dispatcher;
  signal: AbortSignal;
  limits: Limits;
}

/** The reason an exchange aborts with when the caller's signal fires (Cancel in the Run panel). */
export const CANCELLED = 'cancelled';

export function newExchange(limits: Limits, cancel?: AbortSignal): Exchange & { close(): Promise<void>; clearTimer(): void } {
  // Every connection of the run passes the destination policy: host literals before connecting, names once resolved.
  const dispatcher = new Agent({
    connect: policyConnector(limits.destination ?? {}, limits.connectTimeoutMs),
    headersTimeout: limits.totalTimeoutMs,
    bodyTimeout: limits.totalTimeoutMs,
  });
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('timeout')), limits.totalTimeoutMs);
  const onCancel = () => controller.abort(new Error(CANCELLED));
  if (cancel?.aborted) onCancel();
  else cancel?.addEventListener('abort', onCancel, { once: true });
  return {
    dispatcher,
    signal: controller.signal,
    limits,
    clearTimer: () => clearTimeout(timer),
    close: async () => {
      clearTimeout(timer);
      cancel?.removeEventListener('abort', onCancel);
      await dispatcher.destroy().catch(() => undefined);
    },
  };
}

class TooBig extends Error {}

/** Passes bytes through until `max`, keeps what fits, then fails with TooBig. */
class Cap extends Transform {
  private n = 0;
  constructor(private readonly max: number) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.n += chunk.length;
    if (this.n > this.max) {
      const keep = chunk.length - (this.n - this.max);
      if (keep > 0) this.push(chunk.subarray(0, keep));
      cb(new TooBig());
      return;
    }
    cb(null, chunk);
  }
}

export function decoderFor(encoding: string | undefined): Transform | undefined {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return undefined;
  }
}

export function megabytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${+(n / 1024).toFixed(1)} KB` : `${n} bytes`;
}

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

/** Sends one request (no redirects followed) and reads the body under the caps, unless `skipBody` says not to (a redirect). */
export async function exchange(
  x: Exchange,
  url: string,
  init: { method: string; headers: Record<string, string>; body?: string },
  skipBody?: (status: number, headers: Record<string, string>) => boolean,
): Promise<RawResponse> {
  const res = await request(url, {
    method: init.method as Dispatcher.HttpMethod,
    headers: init.headers,
    body: init.body,
    dispatcher: x.dispatcher,
    signal: x.signal,
  });
  const headers = flatHeaders(res.headers);
  const out: RawResponse = { status: res.statusCode, statusText: STATUS_CODES[res.statusCode] ?? '', headers, body: Buffer.alloc(0) };
  if (skipBody?.(res.statusCode, headers)) {
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return out;
  }
  const max = x.limits.maxBodyBytes;
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk);
      cb();
    },
  });
  const decoder = decoderFor(headers['content-encoding']);
  const stages: NodeJS.ReadWriteStream[] = [new Cap(max)];
  if (decoder) stages.push(decoder, new Cap(max));
  try {
    await pipeline(res.body, ...(stages as [Transform]), collect);
  } catch (e) {
    if (e instanceof TooBig) out.truncated = `truncated at ${megabytes(max)}`;
    else if (decoder && !x.signal.aborted && !(e as { code?: string }).code?.startsWith('UND_'))
      out.truncated = `could not decode the ${headers['content-encoding']} body: ${(e as Error).message}`;
    else throw e;
    res.body.destroy();
  }
  out.body = Buffer.concat(chunks);
  return out;
}

/**
 * Where a redirect from `from` to `location` leads, or why it is refused. Leaving the origin drops the
 * `sensitive` headers: credentials were meant for the first origin only. Without a `policy` only the
 * addresses refused in every environment (metadata, link-local, unspecified) are checked here; the
 * connector checks the rest.
 */
export function redirectTarget(from: URL, location: string, headers: Record<string, string>, sensitive: Set<string>, policy?: DestinationPolicy): URL | string {
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return `redirect to an invalid location '${location}'`;
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') return `redirect to a non-http(s) location '${next}' refused`;
  if (UNSAFE.test(next.toString())) return 'redirect location contains CR, LF or NUL: refused';
  if (from.protocol === 'https:' && next.protocol === 'http:')
    return `redirect from https to http (${next.origin}) refused: the request and its credentials would travel unencrypted.`;
  const why = urlRefusal(next, policy ?? { allowPrivateNetwork: true });
  if (why) return `redirect to ${next.origin} refused: ${why}.`;
  if (next.origin !== from.origin) for (const k of Object.keys(headers)) if (sensitive.has(k.toLowerCase())) delete headers[k];
  return next;
}

/** Why an exchange failed, in a user's words (timeouts with their limit, refusals with their reason). */
export function networkReason(e: unknown, x: Exchange): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const s = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;
  if (x.signal.aborted && (x.signal.reason as Error | undefined)?.message === CANCELLED) return 'cancelled by the user before the response was complete';
  if (x.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_ABORTED')
    return `no complete response within ${s(x.limits.totalTimeoutMs)} (timed out)`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `could not connect within ${s(x.limits.connectTimeoutMs)}`;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (code === 'ENOTFOUND') return 'host not found';
  const refused = e instanceof DestinationRefused ? e : err.cause instanceof DestinationRefused ? err.cause : undefined;
  if (refused) return `refused before connecting: ${refused.message}`;
  return err.message ?? String(e);
}
