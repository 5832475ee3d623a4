/**
 * What the Run panel shows of a run, as plain data the webview turns into elements: status, timing, headers,
 * the body as a tree of JSON nodes (capped, so a large body stays responsive) or as text, the output variables
 * found or missing. Every string has passed the run's redactor before it gets here (the runner masks the
 * result; `redact` masks what the panel adds).
 */
import type { OutputValue, RequestPlan, RunResult, ToolCallResult } from '../../../../server/src/runner/index';

/** How much of a body the panel renders; the whole body stays one click away ("Show raw body"). */
export const CAPS = { nodes: 2000, bytes: 200 * 1024 };
/** The body tree kept per history entry: enough to recognise a response, small enough for the workspace state. */
export const HISTORY_CAPS = { nodes: 300, bytes: 24 * 1024 };

export type JsonNode =
  | { key?: string; type: 'object' | 'array'; size: number; children: JsonNode[]; more?: number }
  | { key?: string; type: 'string' | 'number' | 'boolean' | 'null'; text: string };

export type BodyView = { kind: 'json'; root: JsonNode; capped: boolean } | { kind: 'text'; text: string; capped: boolean } | { kind: 'empty' };

export type StatusClass = 'success' | 'redirect' | 'client-error' | 'server-error' | 'tool-error';

export interface OutputView {
  name: string;
  path: string;
  found: boolean;
  /** The value as JSON text (found), or why nothing was found. */
  text: string;
}

export interface ResponseView {
  kind: 'http' | 'tool';
  label: string;
  environment: string;
  /** `200 OK`, `tool ok`, `tool error`. */
  status: string;
  statusCode?: number;
  statusClass: StatusClass;
  timingMs: number;
  /** `GET https://…` or `tools/call lookup at https://…`. */
  request: string;
  requestHeaders: [string, string][];
  headers: [string, string][];
  body: BodyView;
  outputs: OutputView[];
  notes: string[];
  /** Bytes of the whole body, for "Show raw body". */
  bodyBytes: number;
}

export function statusClass(status: number): StatusClass {
  if (status < 300) return 'success';
  if (status < 400) return 'redirect';
  return status < 500 ? 'client-error' : 'server-error';
}

/** A JSON value as nodes, at most `caps.nodes` of them and `caps.bytes` of scalar text; `capped` when cut. */
export function jsonTree(value: unknown, caps = CAPS, redact: (s: string) => string = (s) => s): { root: JsonNode; capped: boolean } {
  let nodes = 0;
  let bytes = 0;
  let capped = false;
  const build = (v: unknown, rawKey?: string): JsonNode => {
    nodes++;
    const key = rawKey === undefined ? undefined : redact(rawKey);
    if (Array.isArray(v) || (typeof v === 'object' && v !== null)) {
      const entries: [string | undefined, unknown][] = Array.isArray(v) ? v.map((x) => [undefined, x]) : Object.entries(v);
      const children: JsonNode[] = [];
      for (const [k, x] of entries) {
        if (nodes >= caps.nodes || bytes >= caps.bytes) break;
        children.push(build(x, k));
      }
      const more = entries.length - children.length;
      if (more > 0) capped = true;
      const node: JsonNode = { key, type: Array.isArray(v) ? 'array' : 'object', size: entries.length, children };
      if (more > 0) node.more = more;
      return node;
    }
    let text = typeof v === 'string' ? redact(JSON.stringify(v)) : String(v);
    if (bytes + text.length > caps.bytes) {
      text = text.slice(0, Math.max(0, caps.bytes - bytes)) + '…';
      capped = true;
    }
    bytes += text.length;
    const type = v === null ? 'null' : (typeof v as 'string' | 'number' | 'boolean');
    return { key, type, text };
  };
  return { root: build(value), capped };
}

function bodyView(json: unknown, isJson: boolean, text: string, caps: typeof CAPS, redact: (s: string) => string): BodyView {
  if (isJson) return { kind: 'json', ...jsonTree(json, caps, redact) };
  if (text === '') return { kind: 'empty' };
  return text.length > caps.bytes ? { kind: 'text', text: text.slice(0, caps.bytes), capped: true } : { kind: 'text', text, capped: false };
}

function outputView(v: OutputValue): OutputView {
  const text = v.found ? JSON.stringify(v.value) : `nothing found at ${v.path}${v.error ? ` (${v.error})` : ''}`;
  return { name: v.name, path: v.path, found: v.found, text };
}

export function httpView(plan: RequestPlan, r: RunResult, redact: (s: string) => string, caps = CAPS): ResponseView {
  const notes = [...r.redirects.map((u) => `Redirected to ${u}`)];
  if (r.truncated) notes.push(`The body was ${r.truncated}.`);
  if (r.bodyProblem) notes.push(`${r.bodyProblem}; the body is shown as received.`);
  return {
    kind: 'http',
    label: plan.label,
    environment: plan.environment,
    status: `${r.status} ${r.statusText}`.trim(),
    statusCode: r.status,
    statusClass: statusClass(r.status),
    timingMs: r.timingMs,
    request: redact(`${r.request.method} ${r.request.url}`),
    requestHeaders: Object.entries(r.request.headers).map(([k, v]) => [k, redact(v)]),
    headers: Object.entries(r.headers).map(([k, v]) => [k, redact(v)]),
    body: bodyView(r.json, r.json !== undefined, redact(r.body), caps, redact),
    outputs: r.outputVariables.map(outputView),
    notes,
    bodyBytes: Buffer.byteLength(r.body),
  };
}

/** A tool result: its structured content when it has some, else its content list, as the body tree. */
export function toolView(r: ToolCallResult, redact: (s: string) => string, caps = CAPS): ResponseView {
  const body = r.structuredContent !== undefined ? r.structuredContent : r.content.map((c) => (c.type === 'text' ? textOrJson(c.text) : c));
  const raw = redact(JSON.stringify(body, null, 2) ?? '');
  return {
    kind: 'tool',
    label: r.label,
    environment: r.environment,
    status: r.isError ? 'tool error' : 'tool ok',
    statusClass: r.isError ? 'tool-error' : 'success',
    timingMs: r.timingMs,
    request: redact(`tools/call ${r.tool} at ${r.url}`),
    requestHeaders: [],
    headers: [],
    body: { kind: 'json', ...jsonTree(body, caps, redact) },
    outputs: [],
    notes: r.isError ? ['The tool ran and reported a failure (isError).'] : [],
    bodyBytes: Buffer.byteLength(raw),
  };
}

function textOrJson(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.parse(t);
    } catch {
      return text;
    }
  }
  return text;
}

/** The body as the raw document shows it: the result's own text (already pretty-printed JSON when JSON). */
export function rawBody(r: RunResult | ToolCallResult, redact: (s: string) => string): { text: string; language: string } {
  if ('body' in r) return { text: redact(r.body), language: r.json !== undefined ? 'json' : 'plaintext' };
  const view = r.structuredContent !== undefined ? r.structuredContent : r.content;
  return { text: redact(JSON.stringify(view, null, 2) ?? ''), language: 'json' };
}
