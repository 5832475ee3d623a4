/**
 * Which credential of a plan goes to which origin: header secrets and the auth connector's credentials to
 * the request's origin, OAuth2 client credentials to the token URL's. The CLI prints them before sending;
 * the editor asks before a stored secret goes to an origin it was never sent to. Pure.
 */
import type { McpServerPlan } from './mcpPlan';
import type { PlanAuth, PlanValue, RequestPlan } from './plan';

export interface CredentialDestination {
  /** The secret's name; undefined for a credential written literally in an auth connector (SK022). */
  secret?: string;
  /** What is sent: the secret name, or `literal token of auth connector 'x'`. */
  label: string;
  environment: string;
  /** `https://host:port` (the port only when not the scheme's default). */
  origin: string;
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}

function authValues(auth: PlanAuth): { field: string; value: PlanValue; tokenUrl?: string }[] {
  switch (auth.type) {
    case 'bearer':
      return [{ field: 'token', value: auth.token }];
    case 'api-key':
      return [{ field: 'value', value: auth.value }];
    case 'basic':
      return [
        { field: 'username', value: auth.username },
        { field: 'password', value: auth.password },
      ];
    case 'oauth2':
      return [
        { field: 'clientId', value: auth.clientId, tokenUrl: auth.tokenUrl },
        { field: 'clientSecret', value: auth.clientSecret, tokenUrl: auth.tokenUrl },
      ];
  }
}

/** Literal usernames and client ids are not credentials (docs/format.md, auth connector). */
const LITERAL_IS_CREDENTIAL = new Set(['token', 'value', 'password', 'clientSecret']);

function destinations(
  url: string,
  environment: string,
  headers: Record<string, PlanValue>,
  auth: PlanAuth | undefined,
  authId: string | undefined,
): CredentialDestination[] {
  const out: CredentialDestination[] = [];
  const seen = new Set<string>();
  const add = (value: PlanValue, field: string, to: string | undefined) => {
    const origin = to && originOf(to);
    if (!origin) return;
    const d: CredentialDestination =
      typeof value === 'string'
        ? { label: `literal ${field} of auth connector '${authId ?? '?'}'`, environment, origin }
        : { secret: value.secret, label: value.secret, environment, origin };
    const key = `${d.label}\0${origin}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };
  for (const v of Object.values(headers)) if (typeof v !== 'string') add(v, 'header', url);
  if (auth) {
    for (const a of authValues(auth)) {
      if (typeof a.value === 'string' && !LITERAL_IS_CREDENTIAL.has(a.field)) continue;
      add(a.value, a.field, a.tokenUrl ?? url);
    }
  }
  return out;
}

export function credentialDestinations(plan: RequestPlan): CredentialDestination[] {
  return destinations(plan.url, plan.environment, plan.headers, plan.auth, plan.authId);
}

export function mcpCredentialDestinations(plan: McpServerPlan): CredentialDestination[] {
  return destinations(plan.url, plan.environment, {}, plan.auth, plan.authId);
}

/** The CLI's line for one credential: `credential BILLING_API_TOKEN (development) -> https://host:port`. */
export function credentialLine(d: CredentialDestination): string {
  return `credential ${d.label} (${d.environment}) -> ${d.origin}`;
}
