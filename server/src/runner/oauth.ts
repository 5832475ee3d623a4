/**
 * OAuth2 client credentials (RFC 6749 section 4.4). The client authenticates with `client_secret_basic`
 * (section 2.3.1: id and secret form-urlencoded, then HTTP Basic; the default) or `client_secret_post`
 * (both in the form body). One token per (environment, token URL, client id, scopes, secret fingerprint),
 * reused until 30 s before it expires. Failures name the token URL, the auth connector and the environment,
 * so an unreachable token endpoint is never taken for the API being down.
 */
import { createHash } from 'node:crypto';
import type { TokenAuthMethod } from '../service';
import { exchange, networkReason, type Exchange, type RawResponse } from './http';

export interface OAuthClient {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
  /** Default `client_secret_basic`. */
  method?: TokenAuthMethod;
  /** The auth connector id and the environment, for messages and the cache key. */
  connector?: string;
  environment?: string;
}

interface Cached {
  token: string;
  until: number;
}

/** A short digest of the secret: a changed secret gets a new cache entry, and the key never holds the secret. */
export function secretFingerprint(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex').slice(0, 16);
}

export class TokenCache {
  private readonly tokens = new Map<string, Cached>();
  constructor(readonly now: () => number = Date.now) {}
  static key(c: OAuthClient): string {
    return JSON.stringify([c.environment ?? '', c.tokenUrl, c.clientId, [...c.scopes].sort(), secretFingerprint(c.clientSecret)]);
  }
  get(c: OAuthClient): string | undefined {
    const k = TokenCache.key(c);
    const e = this.tokens.get(k);
    if (e && e.until > this.now()) return e.token;
    this.tokens.delete(k);
    return undefined;
  }
  set(c: OAuthClient, token: string, expiresInS: number | undefined): void {
    // Without expires_in the token is used for this request only.
    if (expiresInS === undefined || !(expiresInS > 30)) return;
    this.tokens.set(TokenCache.key(c), { token, until: this.now() + (expiresInS - 30) * 1000 });
  }
  get size(): number {
    return this.tokens.size;
  }
  clear(): void {
    this.tokens.clear();
  }
}

/** The CLI's process-wide cache; the extension keeps its own. */
export const sharedTokenCache = new TokenCache();

export type TokenResult = { ok: true; token: string } | { ok: false; error: string };

/** application/x-www-form-urlencoded, as RFC 6749 appendix B asks for the Basic credentials (spaces as `+`). */
export function formEncode(s: string): string {
  return new URLSearchParams({ v: s }).toString().slice(2);
}

/** The `Authorization` value of `client_secret_basic`. */
export function clientSecretBasic(clientId: string, clientSecret: string): string {
  return `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`, 'utf8').toString('base64')}`;
}

function clip(s: string, n: number): string {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
}

/** Why a non-2xx token answer failed: the OAuth error (section 5.2) when there is one, else the body's start. */
function statusReason(res: RawResponse, text: string): string {
  const line = `${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  try {
    const j = JSON.parse(text) as { error?: unknown; error_description?: unknown };
    if (typeof j.error === 'string') {
      const desc = typeof j.error_description === 'string' && j.error_description ? ` (${clip(j.error_description, 200)})` : '';
      const hint = j.error === 'invalid_client' ? '; check the client id and secret, and tokenAuthMethod' : '';
      return `${line}, OAuth error ${clip(j.error, 80)}${desc}${hint}`;
    }
  } catch {
    /* not JSON */
  }
  return text.trim() ? `${line}: ${clip(text, 200)}` : line;
}

export async function clientCredentialsToken(x: Exchange, c: OAuthClient, cache: TokenCache): Promise<TokenResult> {
  const cached = cache.get(c);
  if (cached) return { ok: true, token: cached };
  const who = c.connector ? ` for auth connector '${c.connector}'${c.environment ? ` (${c.environment})` : ''}` : '';
  const fail = (why: string): TokenResult => ({
    ok: false,
    error: `OAuth2 token request${who} to ${c.tokenUrl} failed: ${why}. The API itself was not called.`,
  });
  const form = new URLSearchParams({ grant_type: 'client_credentials' });
  if (c.scopes.length) form.set('scope', c.scopes.join(' '));
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if ((c.method ?? 'client_secret_basic') === 'client_secret_basic') {
    headers.authorization = clientSecretBasic(c.clientId, c.clientSecret);
  } else {
    form.set('client_id', c.clientId);
    form.set('client_secret', c.clientSecret);
  }
  let res: RawResponse;
  try {
    res = await exchange(x, c.tokenUrl, { method: 'POST', headers, body: form.toString() });
  } catch (e) {
    return fail(networkReason(e, x));
  }
  const text = res.body.toString('utf8');
  if (res.status < 200 || res.status > 299) return fail(statusReason(res, text));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail(`the ${res.status} answer is not JSON${text.trim() ? ` (${clip(text, 80)})` : ''}`);
  }
  const j = (typeof json === 'object' && json !== null ? json : {}) as { access_token?: unknown; expires_in?: unknown };
  if (typeof j.access_token !== 'string' || j.access_token === '') return fail(`the ${res.status} answer has no access_token`);
  const expires = typeof j.expires_in === 'number' ? j.expires_in : typeof j.expires_in === 'string' ? Number(j.expires_in) : undefined;
  cache.set(c, j.access_token, expires);
  return { ok: true, token: j.access_token };
}
