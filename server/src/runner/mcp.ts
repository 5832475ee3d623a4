/**
 * A small MCP client over Streamable HTTP: JSON-RPC 2.0 POSTed to the server's one URL (initialize,
 * notifications/initialized, tools/list, tools/call), under the same limits, auth and redaction as every
 * other run. An answer is JSON or an event stream; the message carrying the request's id is taken and
 * the stream left. Every string that comes back passes the redactor before anyone sees it.
 */
import { pipeline, type Readable } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { McpServerPlan, ToolCallPlan } from '../service';
import { normalizeTools, type DiscoveredTool } from '../service';
import { firstUnsafe } from '../service';
import { urlRefusal } from './destination';
import { DEFAULT_LIMITS, decoderFor, megabytes, networkReason, newExchange, redirectTarget, UNSAFE, type Exchange } from './http';
import { Redactor } from './secrets';
import { applyAuth, Refusal, sensitiveNames, unsafeParts, type SendOptions } from './send';
import { SseParser } from './sse';

/** The protocol version asked for; whatever the server answers is accepted and sent back. */
export const MCP_PROTOCOL_VERSION = '2025-06-18';
/** tools/list pages followed at most (a server that keeps sending cursors is stopped). */
export const MAX_TOOL_PAGES = 50;
const CLIENT_INFO = { name: 'stellar-kit', version: '0.1.0' };
/** Time the session's DELETE may take at the end, and a cancellation after a timeout (best effort). */
const CLOSE_TIMEOUT_MS = 2000;
/** Time and bytes a GET may take to tell whether the URL speaks the older HTTP+SSE transport. */
const SSE_PROBE_MS = 2000;
const SSE_PROBE_BYTES = 64 * 1024;

/** The message for a server of the 2024-11-05 transport (GET opens an event stream announcing an `endpoint`). */
export const OLD_SSE_TRANSPORT =
  "this server speaks the older HTTP+SSE transport (MCP 2024-11-05), which Stellar Kit does not support; use its Streamable HTTP endpoint (the server's MCP url that takes POST, often ending in /mcp)";

export interface McpOptions extends SendOptions {
  /** Pages of tools/list to follow at most (default 50). */
  maxPages?: number;
}

export interface McpServerInfo {
  name?: string;
  version?: string;
  protocolVersion: string;
}
export interface RpcError {
  code: number;
  message: string;
  data?: unknown;
}

export type DiscoverResult = { ok: true; tools: DiscoveredTool[]; server: McpServerInfo; pages: number } | { ok: false; error: string };

export interface ToolContent {
  type: string;
  [field: string]: unknown;
}

export interface ToolCallResult {
  label: string;
  tool: string;
  arguments: Record<string, unknown>;
  environment: string;
  /** The server URL, masked. */
  url: string;
  server: McpServerInfo;
  timingMs: number;
  /** The tool ran but reported a failure. */
  isError: boolean;
  content: ToolContent[];
  structuredContent?: unknown;
}

export type CallResult = { ok: true; result: ToolCallResult } | { ok: false; error: string; rpcError?: RpcError };

class McpError extends Error {
  constructor(
    message: string,
    readonly rpc?: RpcError,
  ) {
    super(message);
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function header(h: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = h[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function snippet(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

/** One MCP session: auth headers resolved once, the session id and protocol version kept after initialize. */
class McpSession {
  private nextId = 1;
  private sessionId: string | undefined;
  private protocolVersion: string | undefined;
  private readonly headers: Record<string, string> = {};
  private readonly sensitive: Set<string>;
  private url!: URL;
  /** The method in flight, for messages. */
  private method = 'initialize';
  /** The id of the request in flight, for a cancellation when it times out. */
  private inFlight: number | undefined;
  server: McpServerInfo | undefined;

  constructor(
    private readonly plan: McpServerPlan,
    private readonly o: McpOptions,
    private readonly x: Exchange,
    private readonly redactor: Redactor,
  ) {
    this.sensitive = sensitiveNames(plan.auth, {});
  }

  get maskedUrl(): string {
    return this.redactor.apply(this.url?.toString() ?? this.plan.url);
  }

  async open(): Promise<void> {
    const p = this.plan;
    const bad = unsafeParts({ label: p.integration, environment: p.environment, method: 'POST', url: p.url, headers: {}, auth: p.auth, outputVariables: [] });
    if (bad.length)
      throw new McpError(
        `refused to connect to MCP server '${p.integration}': ${bad.join(', ')} contain${bad.length === 1 ? 's' : ''} CR, LF or NUL, which could inject headers or requests.`,
      );
    let url: URL;
    try {
      url = new URL(p.url);
    } catch {
      throw new McpError(`'${p.url}' is not a valid URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new McpError(`'${p.url}' is not an http(s) URL`);
    // The destination policy, before any secret is read; the exchange's connector checks every connection again.
    const refused = urlRefusal(p.url, this.x.limits.destination ?? {});
    if (refused) throw new McpError(`refused to connect to MCP server '${p.integration}': ${refused}.`);
    const char = firstUnsafe(p.url);
    if (char) throw new McpError(`refused to connect to MCP server '${p.integration}': the url contains ${char}; percent-encode it.`);
    if (p.auth) {
      this.method = 'auth';
      await applyAuth(p.auth, this.headers, url, p.environment, this.o, this.redactor, this.x);
    }
    this.url = url;
    const init = await this.request('initialize', { protocolVersion: MCP_PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO });
    if (!isRecord(init) || typeof init.protocolVersion !== 'string')
      throw new McpError('the answer to initialize is not an MCP initialize result (no protocolVersion).');
    const info = isRecord(init.serverInfo) ? init.serverInfo : {};
    this.server = {
      name: typeof info.name === 'string' ? info.name : undefined,
      version: typeof info.version === 'string' ? info.version : undefined,
      protocolVersion: init.protocolVersion,
    };
    if (UNSAFE.test(init.protocolVersion)) throw new McpError('the server answered a protocol version containing CR, LF or NUL: refused.');
    this.protocolVersion = init.protocolVersion;
    await this.notify('notifications/initialized');
  }

  async request(method: string, params: Record<string, unknown>): Promise<unknown> {
    this.method = method;
    const id = this.nextId++;
    this.inFlight = id;
    const result = await this.post({ jsonrpc: '2.0', id, method, params }, id);
    this.inFlight = undefined;
    return result;
  }

  /**
   * After a timeout: tells the server the request in flight is cancelled (`notifications/cancelled`, never for
   * initialize, which the protocol forbids cancelling), briefly and on a fresh timer. True when one was sent.
   */
  async cancelInFlight(reason: string): Promise<boolean> {
    if (this.inFlight === undefined || this.method === 'initialize' || !this.url) return false;
    const message = { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: this.inFlight, reason } };
    try {
      const res = await request(this.url, {
        method: 'POST',
        body: JSON.stringify(message),
        dispatcher: this.x.dispatcher,
        signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS),
        headers: { ...this.requestHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      });
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return true;
    } catch {
      return false;
    }
  }

  /** True when `e` is the session running out of time (the total limit, or undici's own header or body timeout). */
  timedOut(e: unknown): boolean {
    const err = e as { code?: string; cause?: { code?: string } };
    const code = err?.code ?? err?.cause?.code;
    return this.x.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  }

  get methodInFlight(): string {
    return this.method;
  }
  get hasSession(): boolean {
    return this.sessionId !== undefined;
  }

  async notify(method: string): Promise<void> {
    this.method = method;
    await this.post({ jsonrpc: '2.0', method }, undefined);
  }

  /** Ends the session on the server (best effort, briefly, on its own timer: after a timeout too). */
  async close(): Promise<void> {
    if (!this.sessionId) return;
    try {
      const res = await request(this.url, {
        method: 'DELETE',
        headers: this.requestHeaders(),
        dispatcher: this.x.dispatcher,
        signal: AbortSignal.timeout(CLOSE_TIMEOUT_MS),
      });
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    } catch {
      /* the server may not support DELETE, or is gone: nothing to do */
    }
  }

  /** Why something failed, masked, naming the method and the server. */
  describe(e: unknown): string {
    // Before initialize the only traffic is an OAuth2 token request, which is not the server's.
    const where =
      this.method === 'auth' ? `the ${this.plan.environment} credentials of auth connector '${this.plan.authId}'` : `${this.method} to ${this.maskedUrl}`;
    if (e instanceof McpError) return `${where}: ${e.message}`;
    if (e instanceof Refusal) return e.message;
    return `${where}: ${networkReason(e, this.x)}`;
  }

  private requestHeaders(): Record<string, string> {
    const h: Record<string, string> = { ...this.headers };
    if (this.sessionId) h['mcp-session-id'] = this.sessionId;
    if (this.protocolVersion) h['mcp-protocol-version'] = this.protocolVersion;
    return h;
  }

  /** POSTs one message and, for a request, returns its result; follows 307 and 308 (credentials stay on the first origin). */
  private async post(message: Record<string, unknown>, id: number | undefined): Promise<unknown> {
    const headers = { ...this.requestHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const body = JSON.stringify(message);
    let current = this.url;
    for (let redirects = 0; ; redirects++) {
      const res = await request(current, { method: 'POST', headers, body, dispatcher: this.x.dispatcher, signal: this.x.signal });
      const location = header(res.headers, 'location');
      if (res.statusCode >= 300 && res.statusCode < 400 && location) {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        current = this.redirect(current, location, res.statusCode, redirects, headers);
        continue;
      }
      return this.answer(res, id);
    }
  }

  private redirect(from: URL, location: string, status: number, redirects: number, headers: Record<string, string>): URL {
    const next = redirectTarget(from, location, headers, this.sensitive);
    if (typeof next === 'string') throw new McpError(next);
    if (status !== 307 && status !== 308)
      throw new McpError(
        `the server redirected to ${next} with ${status}, which would turn the JSON-RPC POST into a GET. Set the integration's url to the endpoint itself.`,
      );
    if (redirects >= this.x.limits.maxRedirects) throw new McpError(`more than ${this.x.limits.maxRedirects} redirects (the last to ${next}): stopped.`);
    return next;
  }

  private async answer(res: Dispatcher.ResponseData, id: number | undefined): Promise<unknown> {
    const status = res.statusCode;
    const type = (header(res.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
    if (status >= 200 && status <= 299 && this.method === 'initialize') {
      const sid = header(res.headers, 'mcp-session-id');
      if (sid !== undefined && !/^[\x21-\x7e]+$/.test(sid)) throw new McpError('the server sent a session id with characters outside visible ASCII: refused.');
      this.sessionId = sid;
    }
    if (status < 200 || status > 299) {
      const text = await this.text(res).catch(() => '');
      const rpc = responseTo(this.parse(text), id);
      if (rpc) return this.resultOf(rpc);
      if (this.method === 'initialize' && (status === 400 || status === 404 || status === 405) && (await this.speaksOldSse()))
        throw new McpError(OLD_SSE_TRANSPORT);
      throw new McpError(this.statusMessage(status, text));
    }
    if (id === undefined) {
      await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
      return undefined;
    }
    if (type === 'text/event-stream') return this.fromStream(res, id);
    const text = await this.text(res);
    const json = type === 'application/json' || type.endsWith('+json') ? this.parse(text) : undefined;
    if (json === undefined) {
      const what =
        status === 202
          ? 'accepted the request without answering it'
          : `answered ${status} with ${type ? `'${type}'` : 'no content type'}${text ? ` (${snippet(text).slice(0, 80)})` : ''}, not JSON-RPC as JSON or an event stream`;
      throw new McpError(`the server ${what}. Is url the server's MCP (Streamable HTTP) endpoint?`);
    }
    const m = responseTo(json, id);
    if (!m)
      throw new McpError(
        `the server answered JSON that is not a JSON-RPC response to the request (${snippet(JSON.stringify(json)).slice(0, 120)}). Is url the server's MCP (Streamable HTTP) endpoint?`,
      );
    return this.resultOf(m);
  }

  /**
   * Whether a GET to the URL opens an event stream whose first event is `endpoint`: the HTTP+SSE transport
   * of MCP 2024-11-05. Bounded in time and bytes; credentials go only to the URL's own origin.
   */
  private async speaksOldSse(): Promise<boolean> {
    try {
      const res = await request(this.url, {
        method: 'GET',
        dispatcher: this.x.dispatcher,
        signal: AbortSignal.any([this.x.signal, AbortSignal.timeout(SSE_PROBE_MS)]),
        headers: { ...this.headers, accept: 'text/event-stream' },
      });
      const type = (header(res.headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
      if (res.statusCode !== 200 || type !== 'text/event-stream') {
        await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
        return false;
      }
      const parser = new SseParser();
      const utf8 = new TextDecoder('utf-8');
      let n = 0;
      try {
        for await (const c of res.body as AsyncIterable<Buffer>) {
          n += c.length;
          const events = parser.feed(utf8.decode(c, { stream: true }));
          if (events.length) return events[0].event === 'endpoint';
          if (n > SSE_PROBE_BYTES) return false;
        }
      } finally {
        res.body.destroy();
      }
      return false;
    } catch {
      return false;
    }
  }

  private statusMessage(status: number, text: string): string {
    const line = `${status} ${STATUS_CODES[status] ?? ''}`.trim();
    const body = text ? `: ${snippet(this.redactor.apply(text))}` : '';
    if (status === 401 || status === 403) {
      const p = this.plan;
      if (!p.authId) return `${line}: the server wants credentials, and integration '${p.integration}' has no auth connector: add auth to it${body}`;
      return `${line}: the server refused the ${p.environment} credentials of auth connector '${p.authId}'${body}`;
    }
    if (status === 404 && this.sessionId) return `${line}: the server no longer knows the session${body}`;
    if (status === 404) return `${line}: nothing at this URL. Is url the server's MCP endpoint?${body}`;
    if (status === 405)
      return `${line}: the server does not take POST here, so it is not a Streamable HTTP MCP endpoint (the older HTTP+SSE transport is not supported)${body}`;
    return `${line}${body}`;
  }

  private resultOf(m: Record<string, unknown>): unknown {
    if (isRecord(m.error)) {
      const rpc: RpcError = {
        code: typeof m.error.code === 'number' ? m.error.code : 0,
        message: typeof m.error.message === 'string' ? m.error.message : 'no message',
      };
      if (m.error.data !== undefined) rpc.data = m.error.data;
      throw new McpError(`the server answered with JSON-RPC error ${rpc.code}: ${rpc.message}`, rpc);
    }
    return m.result;
  }

  /** JSON with every string masked; undefined when not JSON. */
  private parse(text: string): unknown {
    if (text.trim() === '') return undefined;
    try {
      return redactDeep(JSON.parse(text), this.redactor);
    } catch {
      return undefined;
    }
  }

  /** The body's decoded bytes, capped. */
  private async *chunks(res: Dispatcher.ResponseData): AsyncGenerator<Buffer> {
    const decoder = decoderFor(header(res.headers, 'content-encoding'));
    const src: Readable = decoder ? pipeline(res.body, decoder, () => undefined) : res.body;
    const max = this.x.limits.maxBodyBytes;
    let n = 0;
    for await (const c of src as AsyncIterable<Buffer>) {
      n += c.length;
      if (n > max) throw new McpError(`the answer passed ${megabytes(max)}: stopped reading.`);
      yield c;
    }
  }

  private async text(res: Dispatcher.ResponseData): Promise<string> {
    const parts: Buffer[] = [];
    for await (const c of this.chunks(res)) parts.push(c);
    return Buffer.concat(parts).toString('utf8');
  }

  /** Reads events until the response to `id`; answers the server's own requests so it never waits on us. */
  private async fromStream(res: Dispatcher.ResponseData, id: number): Promise<unknown> {
    const parser = new SseParser();
    const utf8 = new TextDecoder('utf-8');
    for await (const c of this.chunks(res)) {
      for (const e of parser.feed(utf8.decode(c, { stream: true }))) {
        if (e.event !== 'message') continue;
        const json = this.parse(e.data);
        const m = responseTo(json, id);
        if (m) return this.resultOf(m);
        for (const r of Array.isArray(json) ? json : [json]) {
          // Not awaited: a server slow to take our reply must not hold up reading its answer.
          if (isRecord(r) && typeof r.method === 'string' && (typeof r.id === 'number' || typeof r.id === 'string'))
            void this.reply(r.id, r.method).catch(() => undefined);
        }
      }
    }
    throw new McpError('the server closed the event stream without answering.');
  }

  private async reply(id: number | string, method: string): Promise<void> {
    const message =
      method === 'ping'
        ? { jsonrpc: '2.0', id, result: {} }
        : { jsonrpc: '2.0', id, error: { code: -32601, message: `Stellar Kit does not support ${method}` } };
    const res = await request(this.url, {
      method: 'POST',
      body: JSON.stringify(message),
      dispatcher: this.x.dispatcher,
      signal: this.x.signal,
      headers: { ...this.requestHeaders(), 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
    });
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
  }
}

/** The JSON-RPC response with `id` in a message or a batch. */
function responseTo(json: unknown, id: number | undefined): Record<string, unknown> | undefined {
  if (id === undefined) return undefined;
  for (const m of Array.isArray(json) ? json : [json]) {
    if (isRecord(m) && m.id === id && ('result' in m || 'error' in m)) return m;
  }
  return undefined;
}

/** Masks secret values in every string (keys too) of a parsed JSON value. */
export function redactDeep(v: unknown, redactor: Redactor): unknown {
  if (redactor.size === 0) return v;
  if (typeof v === 'string') return redactor.apply(v);
  if (Array.isArray(v)) return v.map((x) => redactDeep(x, redactor));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [redactor.apply(k), redactDeep(x, redactor)]));
  return v;
}

async function withSession<T extends { ok: boolean }>(
  plan: McpServerPlan,
  o: McpOptions,
  run: (s: McpSession) => Promise<T>,
): Promise<T | { ok: false; error: string }> {
  const redactor = o.redactor ?? new Redactor();
  const x = newExchange({ ...DEFAULT_LIMITS, ...o.limits }, o.signal);
  const s = new McpSession(plan, o, x, redactor);
  try {
    await s.open();
    return await run(s);
  } catch (e) {
    if (o.signal?.aborted) {
      const method = s.methodInFlight;
      const cancelled = await s.cancelInFlight('cancelled by the user');
      const note = cancelled ? ` Sent notifications/cancelled for the ${method} request${s.hasSession ? ' and ended the session' : ''}.` : '';
      return { ok: false, error: redactor.apply(`${plan.integration}: cancelled by the user.${note}`) };
    }
    if (s.timedOut(e)) {
      const method = s.methodInFlight;
      const cancelled = await s.cancelInFlight(`no answer within ${+(x.limits.totalTimeoutMs / 1000).toFixed(3)} s: Stellar Kit stopped waiting (timed out)`);
      const note = cancelled ? ` Sent notifications/cancelled for the ${method} request${s.hasSession ? ' and ended the session' : ''}.` : '';
      return { ok: false, error: redactor.apply(note ? `${s.describe(e)}.${note}` : s.describe(e)) };
    }
    return { ok: false, error: redactor.apply(s.describe(e)) };
  } finally {
    await s.close();
    await x.close();
  }
}

/** Connects, lists every tool (following nextCursor, at most `maxPages` pages) and ends the session. */
export async function discoverTools(plan: McpServerPlan, o: McpOptions): Promise<DiscoverResult> {
  const maxPages = o.maxPages ?? MAX_TOOL_PAGES;
  return withSession(plan, o, async (s): Promise<DiscoverResult> => {
    const tools: unknown[] = [];
    const cursors = new Set<string>();
    let cursor: string | undefined;
    let pages = 0;
    for (;;) {
      if (pages >= maxPages) throw new McpError(`more than ${maxPages} pages of tools (the server keeps sending a nextCursor): stopped.`);
      const r = await s.request('tools/list', cursor === undefined ? {} : { cursor });
      pages++;
      if (!isRecord(r) || !Array.isArray(r.tools)) throw new McpError('the answer has no tools list.');
      tools.push(...r.tools);
      if (typeof r.nextCursor !== 'string' || r.nextCursor === '') break;
      if (cursors.has(r.nextCursor)) throw new McpError(`the server sent the cursor '${r.nextCursor}' twice: stopped.`);
      cursors.add(r.nextCursor);
      cursor = r.nextCursor;
    }
    return { ok: true, tools: normalizeTools(tools), server: s.server!, pages };
  });
}

/** Connects, calls one tool with its arguments and ends the session. A tool that fails reports isError. */
export async function callTool(plan: ToolCallPlan, o: McpOptions): Promise<CallResult> {
  const redactor = o.redactor ?? new Redactor();
  return withSession(plan.server, { ...o, redactor }, async (s): Promise<CallResult> => {
    const started = performance.now();
    let r: unknown;
    try {
      r = await s.request('tools/call', { name: plan.tool, arguments: plan.arguments });
    } catch (e) {
      // The server refused this call (unknown tool, bad arguments): an answer, unlike a broken connection.
      if (e instanceof McpError && e.rpc) return { ok: false, error: redactor.apply(s.describe(e)), rpcError: e.rpc };
      throw e;
    }
    const timingMs = Math.round(performance.now() - started);
    if (!isRecord(r)) throw new McpError('the answer is not a tool result.');
    const result: ToolCallResult = {
      label: plan.label,
      tool: plan.tool,
      arguments: redactDeep(plan.arguments, redactor) as Record<string, unknown>,
      environment: plan.server.environment,
      url: s.maskedUrl,
      server: s.server!,
      timingMs,
      isError: r.isError === true,
      content: Array.isArray(r.content) ? r.content.filter((c): c is ToolContent => isRecord(c) && typeof c.type === 'string') : [],
    };
    if (r.structuredContent !== undefined) result.structuredContent = r.structuredContent;
    return { ok: true, result };
  });
}
