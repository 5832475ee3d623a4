/**
 * The request plan of an action in an environment: URL, method, headers, body and auth, with secret
 * references kept symbolic so the plan can be shown and logged. Pure: reads the index, sends nothing.
 */
import { resolveBinding, splitLink } from '../bindings';
import { isRecord } from '../kinds/common';
import type { OutputVariable } from '../shape';
import type { WorkspaceIndex } from '../workspace';
import { planTextMessage, type TextMessageOptions } from './messagePlan';
import { actionOf, authOf, checkParameters, valueOf, type PlanAuth, type PlanResult, type PlanTarget, type PlanValue, type RequestPlan } from './planParts';

export { actionOf, authOf, checkParameters, planValue, valueOf } from './planParts';
export type { PlanAuth, PlanResult, PlanTarget, PlanValue, RequestPlan, TokenAuthMethod } from './planParts';
import { renderTemplate } from './render';

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const METHODS = new Set(['GET', 'DELETE', 'POST', 'PUT', 'PATCH']);

/** What a runnable action is made of, wherever its fields live. */
interface Source {
  label: string;
  method: string;
  /** Absolute URL without query. */
  url: string;
  headers: Record<string, PlanValue>;
  authId?: string;
  where: string;
  parameters?: unknown;
  bodyTemplate?: string;
  outputVariables: OutputVariable[];
}

function headerMap(v: unknown): Record<string, PlanValue> {
  const out: Record<string, PlanValue> = {};
  if (!isRecord(v)) return out;
  for (const [k, h] of Object.entries(v)) {
    if (typeof h === 'string' || typeof h === 'number' || typeof h === 'boolean') out[k] = String(h);
    else if (isRecord(h) && typeof h.secret === 'string') out[k] = { secret: h.secret };
  }
  return out;
}

/** Integration headers overridden by action headers, names compared case-insensitively. */
export function mergeHeaders(base: Record<string, PlanValue>, over: Record<string, PlanValue>): Record<string, PlanValue> {
  const out: Record<string, PlanValue> = {};
  const overNames = new Set(Object.keys(over).map((k) => k.toLowerCase()));
  for (const [k, v] of Object.entries(base)) if (!overNames.has(k.toLowerCase())) out[k] = v;
  return { ...out, ...over };
}

function outputVariablesOf(v: unknown): OutputVariable[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter((o): o is OutputVariable => isRecord(o) && typeof o.name === 'string' && typeof o.path === 'string')
    .map((o) => ({ name: o.name, path: o.path }));
}

function sourceOf(index: WorkspaceIndex, target: PlanTarget, env: string): Source | string {
  const found = actionOf(index, target);
  if (typeof found === 'string') return found;
  const { agentId, index: i, action: a } = found;

  if (typeof a.link === 'string') {
    const label = `${agentId}/${a.link}`;
    const r = resolveBinding(index.lookup, a.link);
    if (r.status === 'tool') return `Binding '${label}' links an MCP tool: it runs with tools/call (planToolCall in run/mcpPlan.ts), not as an HTTP request.`;
    if (r.status === 'moved')
      return `Binding '${label}': the shared action moved to ${r.candidates.map((c) => `'${c.integration?.target}/${c.id}'`).join(', ')}. Re-link it first.`;
    if (r.status !== 'ok') return `Binding '${label}' does not lead to a shared action (${r.status}); run stellar-kit check.`;
    const integration = r.integration;
    if (!integration) return `Binding '${label}': integration '${r.action.integration?.target}' does not exist.`;
    const slot = integration.slots.find((s) => s.env === env);
    if (!slot) {
      const have = integration.slots.map((s) => s.env);
      return `Integration '${integration.id}' has no ${env} slot, so '${label}' cannot run in ${env}.${have.length ? ` It has: ${have.join(', ')}.` : ''} Add environments.${env} with a baseUrl to ${integration.id}.integration.yaml.`;
    }
    if (!slot.baseUrl) return `Integration '${integration.id}': the ${env} slot has no valid baseUrl.`;
    const shape = r.action.shape;
    if (!shape.method || !METHODS.has(shape.method)) return `Shared action '${a.link}' has no valid method.`;
    if (!shape.path || !shape.path.startsWith('/')) return `Shared action '${a.link}' has no valid path (it must start with /).`;
    const intValue = valueOf(index, integration.uri) ?? {};
    return {
      label: `${agentId}/${shape.name ?? r.action.id}`,
      method: shape.method,
      url: slot.baseUrl.replace(/\/+$/, '') + shape.path,
      headers: mergeHeaders(headerMap(intValue.headers), shape.headers),
      authId: slot.auth?.target,
      where: `integration '${integration.id}', slot '${env}'`,
      parameters: a.parameters,
      bodyTemplate: typeof a.bodyTemplate === 'string' ? a.bodyTemplate : undefined,
      outputVariables: shape.outputVariables,
    };
  }
  const name = typeof a.name === 'string' ? a.name : `#${i + 1}`;
  const label = `${agentId}/${name}`;
  if (a.type !== 'api-call')
    return `Action '${label}' is a ${String(a.type)} action; only bindings to shared actions, api-call and send-text-message actions can be run.`;
  const method = typeof a.method === 'string' ? a.method : '';
  if (!METHODS.has(method)) return `Action '${label}' has no valid method.`;
  if (typeof a.url !== 'string' || !/^https?:\/\/[^/]/.test(a.url)) return `Action '${label}' has no absolute http(s) url.`;
  return {
    label,
    method,
    url: a.url,
    headers: headerMap(a.headers),
    authId: typeof a.auth === 'string' ? a.auth : undefined,
    where: `api-call '${label}' (${env})`,
    parameters: a.parameters,
    bodyTemplate: typeof a.bodyTemplate === 'string' ? a.bodyTemplate : undefined,
    outputVariables: outputVariablesOf(a.outputVariables),
  };
}

/** The parameters schema of a target (the agent action's own), for turning `k=v` strings into typed values. */
export function parametersSchemaOf(index: WorkspaceIndex, target: PlanTarget): unknown {
  const found = actionOf(index, target);
  return typeof found === 'string' ? undefined : found.action.parameters;
}

/** `k=v` text to values: JSON-parsed when the result has the property's schema type, else the string. */
export function coerceParameters(schema: unknown, raw: Record<string, string>): Record<string, unknown> {
  const props = isRecord(schema) && isRecord(schema.properties) ? schema.properties : {};
  const out: Record<string, unknown> = {};
  for (const [k, text] of Object.entries(raw)) {
    const p = props[k];
    const types = isRecord(p) ? (Array.isArray(p.type) ? p.type : [p.type]) : [];
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      out[k] = text;
      continue;
    }
    const t = parsed === null ? 'null' : Array.isArray(parsed) ? 'array' : Number.isInteger(parsed) ? 'integer' : typeof parsed;
    const ok = types.includes(t) || (t === 'integer' && types.includes('number'));
    out[k] = ok ? parsed : text;
  }
  return out;
}

/** Nested variables from dotted names: `call.from` → { call: { from } }. */
export function nestVariables(flat: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(flat)) {
    const parts = k.split('.');
    let at = out;
    for (const p of parts.slice(0, -1)) {
      if (!isRecord(at[p])) at[p] = {};
      at = at[p] as Record<string, unknown>;
    }
    at[parts[parts.length - 1]] = v;
  }
  return out;
}

function queryValue(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(queryValue);
  if (isRecord(v)) return [JSON.stringify(v)];
  return [String(v)];
}

export function planRequest(
  index: WorkspaceIndex,
  target: PlanTarget,
  environment: string,
  parameters: Record<string, unknown>,
  variables: Record<string, unknown> = {},
  options: TextMessageOptions = {},
): PlanResult {
  const message = planTextMessage(index, target, environment, parameters, variables, options);
  if (message) return message;
  const src = sourceOf(index, target, environment);
  if (typeof src === 'string') return { ok: false, error: src };
  const problems = checkParameters(src.parameters, parameters);
  if (problems.length) return { ok: false, error: `'${src.label}': ${problems.join('; ')}.` };

  let auth: PlanAuth | undefined;
  if (src.authId) {
    const a = authOf(index, src.authId, environment, src.label);
    if (typeof a === 'string') return { ok: false, error: a };
    auth = a;
  }
  const plan: RequestPlan = {
    label: src.label,
    environment,
    method: src.method,
    url: src.url,
    headers: { ...src.headers },
    auth,
    authId: src.authId,
    outputVariables: src.outputVariables,
    where: src.where,
  };
  if (BODY_METHODS.has(src.method)) {
    if (src.bodyTemplate !== undefined) {
      const r = renderTemplate(src.bodyTemplate, { parameters, variables });
      if (!r.ok) return { ok: false, error: `'${src.label}': bodyTemplate: ${r.error}` };
      plan.body = r.text;
    } else {
      plan.body = JSON.stringify(parameters);
    }
    plan.headers = mergeHeaders(plan.headers, { 'Content-Type': 'application/json' });
  } else if (Object.keys(parameters).length) {
    let u: URL;
    try {
      u = new URL(src.url);
    } catch {
      return { ok: false, error: `'${src.label}': '${src.url}' is not a valid URL.` };
    }
    for (const [k, v] of Object.entries(parameters)) for (const s of queryValue(v)) u.searchParams.append(k, s);
    plan.url = u.toString();
  }
  return { ok: true, plan };
}

/** The agent action an `agent`/`action name` pair names: a binding's name is its shared action's name. */
export function findAgentAction(index: WorkspaceIndex, agentId: string, actionName: string): { ok: true; target: PlanTarget } | { ok: false; error: string } {
  const agents = [...index.analyses()].filter((a) => a.kind === 'agent' && a.id === agentId);
  if (agents.length === 0) return { ok: false, error: `no agent '${agentId}' in this workspace` };
  const agent = agents[0];
  if (agent.summary?.kind !== 'agent') return { ok: false, error: `agent '${agentId}' could not be read (run stellar-kit check)` };
  const names: string[] = [];
  for (const a of agent.summary.actions) {
    let name = a.name;
    if (a.link) {
      const r = resolveBinding(index.lookup, a.link.target);
      // A tool not discovered yet is still named by its link, so running it can say what is missing.
      name = r.status === 'ok' ? (r.action.shape.name ?? r.action.id) : r.status === 'tool' ? (r.tool?.name ?? splitLink(a.link.target)?.actionId) : undefined;
    }
    if (name === actionName) return { ok: true, target: { agentUri: agent.uri, actionIndex: a.index } };
    if (name) names.push(name);
  }
  return { ok: false, error: `agent '${agentId}' has no action '${actionName}'. Its actions: ${names.join(', ') || '(none)'}` };
}
