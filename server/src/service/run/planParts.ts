/**
 * The pieces every request plan is built from (run/plan.ts for HTTP, run/messagePlan.ts for Telnyx): the
 * plan's types, the agent action a target names, an auth connector's credentials for an environment, and
 * the check of collected parameters. Pure: reads the index.
 */
import { isRecord } from '../kinds/common';
import { find } from '../lookup';
import type { OutputVariable } from '../shape';
import { compileUserSchema } from '../userSchema';
import type { WorkspaceIndex } from '../workspace';
import { parseYamlCached } from '../yamlFile';

export type PlanValue = string | { secret: string };

export type PlanAuth =
  | { type: 'bearer'; token: PlanValue }
  | { type: 'api-key'; in: 'header' | 'query'; name: string; value: PlanValue }
  | { type: 'basic'; username: PlanValue; password: PlanValue }
  | { type: 'oauth2'; tokenUrl: string; clientId: PlanValue; clientSecret: PlanValue; scopes: string[]; tokenAuthMethod: TokenAuthMethod; connector: string };

/** How an OAuth2 client authenticates at the token endpoint (RFC 6749 section 2.3.1); `client_secret_basic` by default. */
export type TokenAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface RequestPlan {
  /** `agent/action`, for messages. */
  label: string;
  environment: string;
  method: string;
  /** Absolute URL, query parameters included (never a secret: an api-key in the query is added when sending). */
  url: string;
  headers: Record<string, PlanValue>;
  body?: string;
  auth?: PlanAuth;
  /** The auth connector id the auth came from. */
  authId?: string;
  outputVariables: OutputVariable[];
  /** The place of the workspace the request is sent for, named in refusals: `integration 'billing-api', slot 'production'`. */
  where?: string;
}

export type PlanTarget = { agentUri: string; actionIndex: number } | { agentUri: string; link: string };
export type PlanResult = { ok: true; plan: RequestPlan } | { ok: false; error: string };

/** The plain value of a file in the index (the summaries keep ids and ranges, not header values or schemas). */
export function valueOf(index: WorkspaceIndex, uri: string): Record<string, unknown> | undefined {
  const text = index.text(uri);
  if (text === undefined) return undefined;
  const v = parseYamlCached(uri, text).value; // the version the index just parsed, or parsed once here
  return isRecord(v) ? v : undefined;
}

function agentOf(index: WorkspaceIndex, agentUri: string): { id: string; value: Record<string, unknown> } | string {
  const a = index.analysis(agentUri);
  if (!a || a.kind !== 'agent') return `'${agentUri}' is not an agent file of this workspace`;
  const value = valueOf(index, agentUri);
  if (!value) return `agent '${a.id}' could not be read (run stellar-kit check)`;
  return { id: a.id, value };
}

/** The agent action `target` names, as plain values; an error message when there is none. */
export function actionOf(index: WorkspaceIndex, target: PlanTarget): { agentId: string; index: number; action: Record<string, unknown> } | string {
  const agent = agentOf(index, target.agentUri);
  if (typeof agent === 'string') return agent;
  const actions = Array.isArray(agent.value.actions) ? agent.value.actions : [];
  const i = 'link' in target ? actions.findIndex((a) => isRecord(a) && a.link === target.link) : target.actionIndex;
  const a = actions[i];
  if (!isRecord(a)) return 'link' in target ? `agent '${agent.id}' has no binding to '${target.link}'` : `agent '${agent.id}' has no action #${i + 1}`;
  return { agentId: agent.id, index: i, action: a };
}

/** A credential or header value as a plan keeps it: a literal, or a secret reference left symbolic. */
export function planValue(v: unknown): PlanValue | undefined {
  if (typeof v === 'string') return v;
  if (isRecord(v) && typeof v.secret === 'string') return { secret: v.secret };
  return undefined;
}

export function authOf(index: WorkspaceIndex, authId: string, env: string, label: string): PlanAuth | string {
  const summary = find.auth(index.lookup, authId);
  if (!summary) return `Auth connector '${authId}' used by '${label}' does not exist.`;
  const value = valueOf(index, summary.uri) ?? {};
  const creds = isRecord(value.environments) ? value.environments[env] : undefined;
  if (!isRecord(creds))
    return `Auth connector '${authId}' has no ${env} credentials, so '${label}' cannot run in ${env}. Add environments.${env} to ${authId}.auth.yaml.`;
  const fields = (...names: string[]): Record<string, PlanValue> | string => {
    const out: Record<string, PlanValue> = {};
    for (const n of names) {
      const v = planValue(creds[n]);
      if (v === undefined) return `Auth connector '${authId}': ${env}.${n} is missing or not a string or { secret: NAME }.`;
      out[n] = v;
    }
    return out;
  };
  switch (value.type) {
    case 'bearer': {
      const f = fields('token');
      return typeof f === 'string' ? f : { type: 'bearer', token: f.token };
    }
    case 'basic': {
      const f = fields('username', 'password');
      return typeof f === 'string' ? f : { type: 'basic', username: f.username, password: f.password };
    }
    case 'api-key': {
      const f = fields('value');
      if (typeof f === 'string') return f;
      if (creds.in !== 'header' && creds.in !== 'query') return `Auth connector '${authId}': ${env}.in must be header or query.`;
      if (typeof creds.name !== 'string' || creds.name === '') return `Auth connector '${authId}': ${env}.name is missing.`;
      return { type: 'api-key', in: creds.in, name: creds.name, value: f.value };
    }
    case 'oauth2': {
      const f = fields('clientId', 'clientSecret');
      if (typeof f === 'string') return f;
      if (typeof creds.tokenUrl !== 'string' || !/^https?:\/\/[^/]/.test(creds.tokenUrl))
        return `Auth connector '${authId}': ${env}.tokenUrl is not an absolute http(s) URL.`;
      const scopes = Array.isArray(creds.scopes) ? creds.scopes.filter((s): s is string => typeof s === 'string') : [];
      const method = creds.tokenAuthMethod ?? 'client_secret_basic';
      if (method !== 'client_secret_basic' && method !== 'client_secret_post')
        return `Auth connector '${authId}': ${env}.tokenAuthMethod must be client_secret_basic or client_secret_post.`;
      return {
        type: 'oauth2',
        tokenUrl: creds.tokenUrl,
        clientId: f.clientId,
        clientSecret: f.clientSecret,
        scopes,
        tokenAuthMethod: method,
        connector: authId,
      };
    }
    default:
      return `Auth connector '${authId}' has an unknown type '${String(value.type)}'.`;
  }
}

/** Checks parameters against the action's JSON Schema; returns one line per problem. */
export function checkParameters(schema: unknown, parameters: Record<string, unknown>): string[] {
  if (schema === undefined)
    return Object.keys(parameters).length
      ? [
          `the action takes no parameters, got ${Object.keys(parameters)
            .map((k) => `'${k}'`)
            .join(', ')}`,
        ]
      : [];
  const compiled = compileUserSchema(schema);
  if (!compiled.ok) return [`the action's parameters schema is invalid: ${compiled.error}`];
  const validate = compiled.validate;
  if (validate(parameters)) return [];
  return (validate.errors ?? []).map((e) => {
    const where = e.instancePath ? `parameter '${e.instancePath.slice(1).replace(/\//g, '.')}'` : 'parameters';
    const extra = e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')})` : '';
    return `${where} ${e.message}${extra}`;
  });
}
