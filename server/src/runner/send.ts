/**
 * Sends a request plan: resolves secrets and auth, follows redirects by hand (credentials never cross
 * origins), reads the body under the caps and extracts the output variables. Every string in the
 * result and in errors has passed the redactor.
 */
import { performance } from 'node:perf_hooks';
import { BEARER_PREFIX } from '../service/kinds/common';
import type { PlanAuth, PlanValue, RequestPlan } from '../service/run/plan';
import { DEFAULT_LIMITS, exchange, newExchange, redirectTarget, UNSAFE, type Exchange, type Limits, type RawResponse } from './http';
import { queryJsonPath } from './jsonpath';
import { clientCredentialsToken, sharedTokenCache, type TokenCache } from './oauth';
import { Redactor, type SecretSource } from './secrets';

export interface SendOptions {
  secrets: SecretSource;
  limits?: Partial<Limits>;
  tokenCache?: TokenCache;
  /** Pass one to mask the same values in everything else the caller prints. */
  redactor?: Redactor;
}

export interface OutputValue { name: string; path: string; found: boolean; value?: unknown; error?: string }

export interface RunResult {
  request: { method: string; url: string; headers: Record<string, string> };
  status: number;
  statusText: string;
  timingMs: number;
  headers: Record<string, string>;
  /** The body as text; pretty-printed when it is JSON. */
  body: string;
  /** The parsed body when it is JSON. */
  json?: unknown;
  /** Why the body is incomplete ("truncated at 10 MB"). */
  truncated?: string;
  /** URLs redirected to, in order. */
  redirects: string[];
  outputVariables: OutputValue[];
}

export type SendResult = { ok: true; result: RunResult } | { ok: false; error: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Refusal extends Error {}

/** Header names, method, URL or path holding CR, LF or NUL: refused before anything is sent. */
export function unsafeParts(plan: RequestPlan): string[] {
  const bad: string[] = [];
  if (UNSAFE.test(plan.method)) bad.push('the method');
  if (UNSAFE.test(plan.url)) bad.push('the URL');
  for (const [k, v] of Object.entries(plan.headers)) {
    if (UNSAFE.test(k)) bad.push(`header name '${JSON.stringify(k).slice(1, -1)}'`);
    if (typeof v === 'string' && UNSAFE.test(v)) bad.push(`the value of header '${JSON.stringify(k).slice(1, -1)}'`);
  }
  const a = plan.auth;
  if (a?.type === 'api-key' && UNSAFE.test(a.name)) bad.push('the api-key name');
  return bad;
}

async function resolve(v: PlanValue, env: string, o: SendOptions, redactor: Redactor): Promise<string> {
  if (typeof v === 'string') return v;
  const value = await o.secrets.get(v.secret, env);
  if (value === undefined) {
    const hint = o.secrets.hint?.(v.secret, env) ?? 'set it in the secret store';
    throw new Refusal(`secret ${v.secret} has no value for ${env}: ${hint}.`);
  }
  redactor.add(v.secret, value);
  if (UNSAFE.test(value)) throw new Refusal(`secret ${v.secret} (${env}) contains a line break or NUL: refused, it would split the request.`);
  return value;
}

/** Sets a header, replacing one of the same name in another case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
}

export async function applyAuth(auth: PlanAuth, headers: Record<string, string>, url: URL, env: string, o: SendOptions, redactor: Redactor, x: Exchange): Promise<void> {
  switch (auth.type) {
    case 'bearer': {
      const token = await resolve(auth.token, env, o, redactor);
      // Checked on the resolved value: a secret's value is not known before the run (SK020 covers literals).
      if (BEARER_PREFIX.test(token)) {
        const what = typeof auth.token === 'string' ? 'the literal credential' : `secret ${auth.token.secret}`;
        throw new Refusal(`${what} (${env}) already starts with "Bearer ": Stellar Kit sends "Authorization: Bearer <value>" itself, so the request would carry "Bearer Bearer …" and be refused. Store the bare key or token, without "Bearer ".`);
      }
      setHeader(headers, 'authorization', `Bearer ${token}`);
      break;
    }
    case 'basic': {
      const user = await resolve(auth.username, env, o, redactor);
      const pass = await resolve(auth.password, env, o, redactor);
      redactor.addBasic(typeof auth.password === 'string' ? 'basic credentials' : auth.password.secret, user, pass);
      setHeader(headers, 'authorization', `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`);
      break;
    }
    case 'api-key': {
      const value = await resolve(auth.value, env, o, redactor);
      if (auth.in === 'header') setHeader(headers, auth.name, value);
      else url.searchParams.append(auth.name, value);
      break;
    }
    case 'oauth2': {
      const client = {
        tokenUrl: auth.tokenUrl,
        clientId: await resolve(auth.clientId, env, o, redactor),
        clientSecret: await resolve(auth.clientSecret, env, o, redactor),
        scopes: auth.scopes,
        method: auth.tokenAuthMethod, connector: auth.connector, environment: env,
      };
      const r = await clientCredentialsToken(x, client, o.tokenCache ?? sharedTokenCache);
      if (!r.ok) throw new Refusal(r.error);
      redactor.add('oauth2 access token', r.token);
      if (UNSAFE.test(r.token)) throw new Refusal('the oauth2 access token contains a line break or NUL: refused.');
      setHeader(headers, 'authorization', `Bearer ${r.token}`);
      break;
    }
  }
}

export function networkReason(e: unknown, x: Exchange): string {
  const err = e as { code?: string; message?: string; cause?: { code?: string; message?: string } };
  const code = err.code ?? err.cause?.code;
  const s = (ms: number) => `${+(ms / 1000).toFixed(3)} s`;
  if (x.signal.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT' || code === 'UND_ERR_ABORTED') return `no complete response within ${s(x.limits.totalTimeoutMs)} (timed out)`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return `could not connect within ${s(x.limits.connectTimeoutMs)}`;
  if (code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (code === 'ENOTFOUND') return 'host not found';
  return err.message ?? String(e);
}

/** Names (lower case) of the headers that carry credentials: dropped when a redirect leaves the origin. */
export function sensitiveNames(auth: PlanAuth | undefined, headers: Record<string, PlanValue>): Set<string> {
  const names = new Set(['authorization', 'proxy-authorization', 'cookie']);
  if (auth?.type === 'api-key' && auth.in === 'header') names.add(auth.name.toLowerCase());
  // Headers whose value is a secret are credentials too.
  for (const [k, v] of Object.entries(headers)) if (typeof v !== 'string') names.add(k.toLowerCase());
  return names;
}

export function extractOutputs(json: unknown, isJson: boolean, vars: { name: string; path: string }[]): OutputValue[] {
  return vars.map((v) => {
    if (!isJson) return { name: v.name, path: v.path, found: false, error: 'the body is not JSON' };
    const r = queryJsonPath(json, v.path);
    if ('error' in r) return { name: v.name, path: v.path, found: false, error: r.error };
    if (r.values.length === 0) return { name: v.name, path: v.path, found: false };
    return { name: v.name, path: v.path, found: true, value: r.values.length === 1 ? r.values[0] : r.values };
  });
}

export async function sendPlan(plan: RequestPlan, o: SendOptions): Promise<SendResult> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...o.limits };
  const redactor = o.redactor ?? new Redactor();
  const bad = unsafeParts(plan);
  if (bad.length) return { ok: false, error: `refused to send '${plan.label}': ${bad.join(', ')} contain${bad.length === 1 ? 's' : ''} CR, LF or NUL, which could inject headers or requests.` };
  let url: URL;
  try { url = new URL(plan.url); } catch { return { ok: false, error: `'${plan.url}' is not a valid URL` }; }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `'${plan.url}' is not an http(s) URL` };

  const x = newExchange(limits);
  const mask = (s: string) => redactor.apply(s);
  let method = plan.method;
  try {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(plan.headers)) headers[k] = await resolve(v, plan.environment, o, redactor);
    if (plan.auth) await applyAuth(plan.auth, headers, url, plan.environment, o, redactor, x);
    const shown = { method, url: mask(url.toString()), headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, mask(v)])) };

    const sensitive = sensitiveNames(plan.auth, plan.headers);
    let body = plan.body;
    let current = url.toString();
    const redirects: string[] = [];
    const started = performance.now();
    let res: RawResponse;
    for (;;) {
      res = await exchange(x, current, { method, headers, body }, (status, h) => REDIRECTS.has(status) && !!h.location);
      const location = res.headers.location;
      if (!REDIRECTS.has(res.status) || !location) break;
      // Refusals are masked where they are caught.
      const next = redirectTarget(new URL(current), location, headers, sensitive);
      if (typeof next === 'string') throw new Refusal(next);
      if (redirects.length >= limits.maxRedirects) throw new Refusal(`more than ${limits.maxRedirects} redirects (the last to ${next}): stopped.`);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
      }
      current = next.toString();
      redirects.push(mask(current));
    }
    const timingMs = Math.round(performance.now() - started);
    const text = mask(res.body.toString('utf8'));
    let json: unknown;
    let isJson = false;
    if (!res.truncated) {
      try { json = JSON.parse(text); isJson = text.trim() !== ''; } catch { /* not JSON */ }
    }
    const result: RunResult = {
      request: shown,
      status: res.status,
      statusText: res.statusText,
      timingMs,
      headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, mask(v)])),
      body: isJson ? JSON.stringify(json, null, 2) : text,
      redirects,
      outputVariables: extractOutputs(json, isJson, plan.outputVariables),
    };
    if (isJson) result.json = json;
    if (res.truncated) result.truncated = res.truncated;
    return { ok: true, result };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: mask(e.message) };
    return { ok: false, error: mask(`${method} ${url.origin}${url.pathname}: ${networkReason(e, x)}`) };
  } finally {
    await x.close();
  }
}
