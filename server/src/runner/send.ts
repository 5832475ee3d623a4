/**
 * Sends a request plan: resolves secrets and auth, follows redirects by hand (credentials never cross
 * origins), reads the body under the caps and extracts the output variables. Every string in the
 * result and in errors has passed the redactor.
 */
import { performance } from 'node:perf_hooks';
import { BEARER_PREFIX } from '../service';
import type { PlanAuth, PlanValue, RequestPlan } from '../service';
import { CLIENT_OWNED_HEADERS, firstUnsafe } from '../service';
import { urlRefusal } from './destination';
import { DEFAULT_LIMITS, exchange, networkReason, newExchange, redirectTarget, UNSAFE, type Exchange, type Limits, type RawResponse } from './http';
import { queryJsonPath } from './jsonpath';
import { clientCredentialsToken, sharedTokenCache, type TokenCache } from './oauth';
import { Redactor, type SecretSource } from './secrets';

export interface SendOptions {
  secrets: SecretSource;
  limits?: Partial<Limits>;
  tokenCache?: TokenCache;
  /** Pass one to mask the same values in everything else the caller prints. */
  redactor?: Redactor;
  /** Aborts the run (every redirect, the token request, the body): the result is an error saying it was cancelled. */
  signal?: AbortSignal;
}

export interface OutputValue {
  name: string;
  path: string;
  found: boolean;
  value?: unknown;
  error?: string;
}

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
  /** Why the JSON body was not used (nested too deep): the body is shown raw. */
  bodyProblem?: string;
  /** URLs redirected to, in order. */
  redirects: string[];
  outputVariables: OutputValue[];
}

export type SendResult = { ok: true; result: RunResult } | { ok: false; error: string };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

export class Refusal extends Error {}

// The depth check the core's response shapes use too: one scan for both.
export { MAX_JSON_DEPTH, nestedDeeperThan } from '../service';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../service';

/** Response headers that may carry a credential or a session: masked in what is shown. */
export function maskedResponseHeader(name: string): boolean {
  return (
    /^(set-cookie2?|cookie|authorization|proxy-authorization|x-api-key|api-key|apikey)$/i.test(name) ||
    /(^|[-_])(token|key|secret|password|passwd|session|credentials?)$/i.test(name)
  );
}

export const MASKED_HEADER = '[masked]';

/**
 * What of the plan may not go on the wire, each part named with the first refused character: control
 * characters, tabs, U+0085, U+2028/2029 or non-Latin-1 in the method, URL, header names and values; and
 * headers the HTTP client owns (Host, Content-Length, Transfer-Encoding, Connection...).
 */
export function refusedParts(plan: RequestPlan): string[] {
  const bad: string[] = [];
  const q = (k: string) => JSON.stringify(k).slice(1, -1);
  const check = (s: string, what: string) => {
    const c = firstUnsafe(s);
    if (c) bad.push(`${what} contains ${c}`);
  };
  check(plan.method, 'the method');
  check(plan.url, 'the URL');
  for (const [k, v] of Object.entries(plan.headers)) {
    check(k, `header name '${q(k)}'`);
    if (typeof v === 'string') check(v, `the value of header '${q(k)}'`);
    if (CLIENT_OWNED_HEADERS.has(k.toLowerCase()))
      bad.push(`header '${q(k)}' is set by the HTTP client itself and may not come from YAML (it could smuggle or reroute the request)`);
  }
  const a = plan.auth;
  if (a?.type === 'api-key') {
    check(a.name, 'the api-key name');
    if (a.in === 'header' && CLIENT_OWNED_HEADERS.has(a.name.toLowerCase())) bad.push(`the api-key header '${q(a.name)}' is set by the HTTP client itself`);
  }
  if (a?.type === 'oauth2') check(a.tokenUrl, 'the token URL');
  return bad;
}

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
  const c = firstUnsafe(value);
  if (c) throw new Refusal(`secret ${v.secret} (${env}) contains ${c}: refused, it cannot travel in a header or URL.`);
  return value;
}

/** Sets a header, replacing one of the same name in another case. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const k of Object.keys(headers)) if (k.toLowerCase() === name.toLowerCase()) delete headers[k];
  headers[name] = value;
}

export async function applyAuth(
  auth: PlanAuth,
  headers: Record<string, string>,
  url: URL,
  env: string,
  o: SendOptions,
  redactor: Redactor,
  x: Exchange,
): Promise<void> {
  switch (auth.type) {
    case 'bearer': {
      const token = await resolve(auth.token, env, o, redactor);
      // Checked on the resolved value: a secret's value is not known before the run (SK020 covers literals).
      if (BEARER_PREFIX.test(token)) {
        const what = typeof auth.token === 'string' ? 'the literal credential' : `secret ${auth.token.secret}`;
        throw new Refusal(
          `${what} (${env}) already starts with "Bearer ": Stellar Kit sends "Authorization: Bearer <value>" itself, so the request would carry "Bearer Bearer …" and be refused. Store the bare key or token, without "Bearer ".`,
        );
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
        method: auth.tokenAuthMethod,
        connector: auth.connector,
        environment: env,
      };
      const r = await clientCredentialsToken(x, client, o.tokenCache ?? sharedTokenCache);
      if (!r.ok) throw new Refusal(r.error);
      redactor.add('oauth2 access token', r.token);
      if (UNSAFE.test(r.token)) throw new Refusal('the oauth2 access token contains a line break or NUL: refused.');
      const c = firstUnsafe(r.token);
      if (c) throw new Refusal(`the oauth2 access token contains ${c}: refused.`);
      setHeader(headers, 'authorization', `Bearer ${r.token}`);
      break;
    }
  }
}

/** Names (lower case) of the headers that carry credentials: dropped when a redirect leaves the origin. */
export function sensitiveNames(auth: PlanAuth | undefined, headers: Record<string, PlanValue>): Set<string> {
  const names = new Set(['authorization', 'proxy-authorization', 'cookie']);
  if (auth?.type === 'api-key' && auth.in === 'header') names.add(auth.name.toLowerCase());
  // Headers whose value is a secret are credentials too.
  for (const [k, v] of Object.entries(headers)) if (typeof v !== 'string') names.add(k.toLowerCase());
  return names;
}

export function extractOutputs(json: unknown, isJson: boolean, vars: { name: string; path: string }[], problem?: string): OutputValue[] {
  return vars.map((v) => {
    if (problem) return { name: v.name, path: v.path, found: false, error: problem };
    if (!isJson) return { name: v.name, path: v.path, found: false, error: 'the body is not JSON' };
    const r = queryJsonPath(json, v.path);
    if ('error' in r) return { name: v.name, path: v.path, found: false, error: r.error };
    if (r.values.length === 0) return { name: v.name, path: v.path, found: false };
    return { name: v.name, path: v.path, found: true, value: r.values.length === 1 ? r.values[0] : r.values };
  });
}

/** Where the plan's request goes, for messages: its slot when the plan names one. */
function whereOf(plan: RequestPlan): string {
  return plan.where ?? `'${plan.label}' (${plan.environment})`;
}

/** The body as shown and parsed: JSON pretty-printed, too-deep JSON left raw with the reason. */
function readBody(text: string, truncated: boolean): { body: string; json?: unknown; isJson: boolean; problem?: string } {
  if (truncated || text.trim() === '') return { body: text, isJson: false };
  // Only a body that starts like JSON can be JSON nested too deep; text with many '[' is just text.
  if (/^\s*[[{]/.test(text) && nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    return { body: text, isJson: false, problem: `response JSON is nested deeper than ${MAX_JSON_DEPTH} levels; output variables not extracted` };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { body: text, isJson: false };
  }
  try {
    return { body: JSON.stringify(json, null, 2), json, isJson: true };
  } catch (e) {
    return { body: text, isJson: false, problem: `response JSON could not be processed (${(e as Error).message}); output variables not extracted` };
  }
}

export async function sendPlan(plan: RequestPlan, o: SendOptions): Promise<SendResult> {
  const limits: Limits = { ...DEFAULT_LIMITS, ...o.limits };
  const policy = limits.destination ?? {};
  const redactor = o.redactor ?? new Redactor();
  const where = whereOf(plan);
  const bad = unsafeParts(plan);
  if (bad.length)
    return {
      ok: false,
      error: `refused to send '${plan.label}': ${bad.join(', ')} contain${bad.length === 1 ? 's' : ''} CR, LF or NUL, which could inject headers or requests.`,
    };
  const refused = refusedParts(plan);
  if (refused.length) {
    const why = refused.some((p) => p.includes(' contains '))
      ? ' Control characters (CR, LF or NUL among them), tabs, U+0085, U+2028/U+2029 and characters outside Latin-1 could inject headers, hide text or pass for other characters: remove them, or percent-encode them in URLs.'
      : '';
    return { ok: false, error: `refused to send '${plan.label}' (${where}): ${refused.join('; ')}.${why}` };
  }
  let url: URL;
  try {
    url = new URL(plan.url);
  } catch {
    return { ok: false, error: `'${plan.url}' is not a valid URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, error: `'${plan.url}' is not an http(s) URL` };
  // The destination is checked before any secret is read or any connection made; names again once resolved.
  const why = urlRefusal(plan.url, policy);
  if (why) return { ok: false, error: `refused to send '${plan.label}' to ${where}: ${why}.` };
  if (plan.auth?.type === 'oauth2') {
    const t = urlRefusal(plan.auth.tokenUrl, policy);
    if (t)
      return {
        ok: false,
        error: `refused to request a token for '${plan.label}' from the tokenUrl of auth connector '${plan.authId}' (${plan.environment}): ${t}.`,
      };
  }

  const x = newExchange(limits, o.signal);
  const mask = (s: string) => redactor.apply(s);
  let method = plan.method;
  // What is being contacted, for a refusal raised by the connector (a name resolving to a refused address).
  let contacting = where;
  try {
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(plan.headers)) headers[k] = await resolve(v, plan.environment, o, redactor);
    if (plan.auth) {
      if (plan.auth.type === 'oauth2') contacting = `the tokenUrl of auth connector '${plan.authId}' (${plan.environment})`;
      await applyAuth(plan.auth, headers, url, plan.environment, o, redactor, x);
      contacting = where;
    }
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
      const next = redirectTarget(new URL(current), location, headers, sensitive, policy);
      if (typeof next === 'string') throw new Refusal(`${where}, redirect hop ${redirects.length + 1}: ${next}`);
      if (redirects.length >= limits.maxRedirects) throw new Refusal(`more than ${limits.maxRedirects} redirects (the last to ${next}): stopped.`);
      if (res.status === 303 || ((res.status === 301 || res.status === 302) && method === 'POST')) {
        method = 'GET';
        body = undefined;
        for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-type') delete headers[k];
      }
      current = next.toString();
      redirects.push(mask(current));
      contacting = `${where}, redirect hop ${redirects.length}`;
    }
    const timingMs = Math.round(performance.now() - started);
    const read = readBody(mask(res.body.toString('utf8')), !!res.truncated);
    const result: RunResult = {
      request: shown,
      status: res.status,
      statusText: res.statusText,
      timingMs,
      headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, maskedResponseHeader(k) ? MASKED_HEADER : mask(v)])),
      body: read.body,
      redirects,
      outputVariables: extractOutputs(read.json, read.isJson, plan.outputVariables, read.problem),
    };
    if (read.isJson) result.json = read.json;
    if (read.problem) result.bodyProblem = read.problem;
    if (res.truncated) result.truncated = res.truncated;
    return { ok: true, result };
  } catch (e) {
    if (e instanceof Refusal) return { ok: false, error: mask(e.message) };
    const reason = networkReason(e, x);
    if (reason.startsWith('refused before connecting')) return { ok: false, error: mask(`refused to send '${plan.label}' to ${contacting}: ${reason}.`) };
    return { ok: false, error: mask(`${method} ${url.origin}${url.pathname}: ${reason}`) };
  } finally {
    await x.close();
  }
}
