/** OAuth2 client credentials: one token per (tokenUrl, clientId, scopes), reused until 30 s before it expires. */
import { exchange, type Exchange } from './http';

export interface OAuthClient { tokenUrl: string; clientId: string; clientSecret: string; scopes: string[] }

interface Cached { token: string; until: number }

export class TokenCache {
  private readonly tokens = new Map<string, Cached>();
  constructor(readonly now: () => number = Date.now) {}
  static key(c: OAuthClient): string { return JSON.stringify([c.tokenUrl, c.clientId, [...c.scopes].sort()]); }
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
  clear(): void { this.tokens.clear(); }
}

/** The CLI's process-wide cache; the extension keeps its own. */
export const sharedTokenCache = new TokenCache();

export type TokenResult = { ok: true; token: string } | { ok: false; error: string };

export async function clientCredentialsToken(x: Exchange, c: OAuthClient, cache: TokenCache): Promise<TokenResult> {
  const cached = cache.get(c);
  if (cached) return { ok: true, token: cached };
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: c.clientId, client_secret: c.clientSecret });
  if (c.scopes.length) form.set('scope', c.scopes.join(' '));
  const res = await exchange(x, c.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: form.toString(),
  });
  const text = res.body.toString('utf8');
  if (res.status < 200 || res.status > 299) {
    return { ok: false, error: `token request to ${c.tokenUrl} failed: ${res.status} ${res.statusText}${text ? `: ${text.slice(0, 300)}` : ''}` };
  }
  let json: unknown;
  try { json = JSON.parse(text); } catch { return { ok: false, error: `token response from ${c.tokenUrl} is not JSON` }; }
  const j = json as { access_token?: unknown; expires_in?: unknown };
  if (typeof j.access_token !== 'string' || j.access_token === '') return { ok: false, error: `token response from ${c.tokenUrl} has no access_token` };
  const expires = typeof j.expires_in === 'number' ? j.expires_in : typeof j.expires_in === 'string' ? Number(j.expires_in) : undefined;
  cache.set(c, j.access_token, expires);
  return { ok: true, token: j.access_token };
}
