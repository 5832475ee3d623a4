/**
 * What talking to an MCP server integration needs: its one URL and the credentials of its auth connector
 * for the chosen environment (kept symbolic, like every plan), and for a binding to a tool the tool's
 * name and input schema from the tools lock. Pure: reads the index, connects to nothing.
 */
import { resolveBinding, splitLink } from '../bindings';
import { isRecord } from '../kinds/common';
import { find } from '../lookup';
import type { IntegrationSummary } from '../summary';
import { taskRequiredMessage, toolsLockUriFor } from '../discoveredTools';
import { ENVIRONMENTS } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { authOf, checkParameters, type PlanAuth, type PlanTarget } from './plan';

export interface McpServerPlan {
  /** The integration id. */
  integration: string;
  environment: string;
  /** The server's Streamable HTTP endpoint (the same in every environment). */
  url: string;
  auth?: PlanAuth;
  authId?: string;
}

export type McpPlanResult = { ok: true; plan: McpServerPlan } | { ok: false; error: string };

/**
 * The environments an MCP integration can be used in: all of them without an auth connector (one URL for
 * every environment), else those its auth connector has credentials for.
 */
export function mcpEnvironments(index: WorkspaceIndex, integration: IntegrationSummary): string[] {
  const authId = integration.auth?.target;
  if (!authId) return [...ENVIRONMENTS];
  const auth = find.auth(index.lookup, authId);
  return auth ? ENVIRONMENTS.filter((e) => auth.envs.includes(e)) : [];
}

export function planMcpServer(index: WorkspaceIndex, integrationId: string, environment: string): McpPlanResult {
  const fail = (error: string): McpPlanResult => ({ ok: false, error });
  const i = find.integration(index.lookup, integrationId);
  if (!i) return fail(`There is no integration '${integrationId}' in this workspace.`);
  if (i.integrationKind !== 'mcp-server')
    return fail(`Integration '${integrationId}' is a ${i.integrationKind ?? 'unknown'} integration, not an MCP server: only MCP servers have tools.`);
  if (!(ENVIRONMENTS as readonly string[]).includes(environment)) return fail(`'${environment}' is not an environment (${ENVIRONMENTS.join(', ')}).`);
  if (!i.url) return fail(`MCP server '${integrationId}' has no valid url: set url to its Streamable HTTP endpoint (for example https://mcp.example.com/mcp).`);
  const plan: McpServerPlan = { integration: integrationId, environment, url: i.url };
  const authId = i.auth?.target;
  if (authId) {
    const auth = authOf(index, authId, environment, `MCP server '${integrationId}'`);
    if (typeof auth === 'string') return fail(auth);
    plan.auth = auth;
    plan.authId = authId;
  }
  return { ok: true, plan };
}

/** A tool's input schema as a parameters schema: `$schema` is dropped so any draft validates with the same checker. */
export function toolParametersSchema(inputSchema: unknown): unknown {
  if (!isRecord(inputSchema)) return inputSchema;
  const { $schema: _ignored, ...rest } = inputSchema;
  return rest;
}

export interface ToolBinding {
  /** `agent/tool`, for messages. */
  label: string;
  link: string;
  integrationId: string;
  tool: string;
  /** False when no tools lock exists for the integration yet. */
  discovered: boolean;
  /** True when the tools lock lists the tool. */
  known: boolean;
  discoveredAt?: string;
  inputSchema?: unknown;
  /** The tool can only run as an MCP task (execution.taskSupport: required). */
  taskRequired?: boolean;
}

/** The binding `target` names when it links an MCP tool; undefined for every other action. */
export function toolBindingOf(index: WorkspaceIndex, target: PlanTarget): ToolBinding | undefined {
  const a = index.analysis(target.agentUri);
  if (a?.summary?.kind !== 'agent') return undefined;
  const action =
    'link' in target ? a.summary.actions.find((x) => x.link?.target === target.link) : a.summary.actions.find((x) => x.index === target.actionIndex);
  const link = action?.link?.target;
  if (!link) return undefined;
  const r = resolveBinding(index.lookup, link);
  const parts = splitLink(link);
  if (r.status !== 'tool' || !parts) return undefined;
  return {
    label: `${a.summary.id}/${parts.actionId}`,
    link,
    integrationId: parts.integrationId,
    tool: parts.actionId,
    discovered: !!r.tools,
    known: !!r.tool,
    discoveredAt: r.tools?.discoveredAt,
    inputSchema: r.tool?.inputSchema,
    taskRequired: r.tool?.execution?.taskSupport === 'required',
  };
}

/** Why a tool binding cannot be called before anything is sent: nothing discovered, or the tool is not among the discovered. */
function toolProblem(b: ToolBinding): string | undefined {
  if (!b.discovered)
    return `No tools have been discovered for MCP server '${b.integrationId}' yet, so '${b.label}' cannot be checked or run. Discover tools first (stellar-kit discover ${b.integrationId}, or Discover Tools in the editor).`;
  if (!b.known)
    return `MCP server '${b.integrationId}' has no tool '${b.tool}' among the tools discovered${b.discoveredAt ? ` at ${b.discoveredAt}` : ''}. Fix the link or discover tools again.`;
  if (b.taskRequired) return taskRequiredMessage(b.label, b.integrationId, b.tool);
  return undefined;
}

export interface ToolCallPlan {
  label: string;
  link: string;
  tool: string;
  arguments: Record<string, unknown>;
  server: McpServerPlan;
}

export type ToolCallPlanResult = { ok: true; plan: ToolCallPlan } | { ok: false; error: string };

/** Checks that the tool was discovered and the arguments fit its input schema, then plans the server. */
export function planToolCall(index: WorkspaceIndex, target: PlanTarget, environment: string, args: Record<string, unknown>): ToolCallPlanResult {
  const b = toolBindingOf(index, target);
  if (!b) return { ok: false, error: 'This action is not a binding to an MCP tool.' };
  const problem = toolProblem(b);
  if (problem) return { ok: false, error: problem };
  const problems = checkParameters(toolParametersSchema(b.inputSchema), args);
  if (problems.length) return { ok: false, error: `'${b.label}': ${problems.join('; ')}.` };
  const server = planMcpServer(index, b.integrationId, environment);
  if (!server.ok) return server;
  return { ok: true, plan: { label: b.label, link: b.link, tool: b.tool, arguments: args, server: server.plan } };
}

export interface ToolCallInfoParams {
  agentUri: string;
  actionIndex: number;
  environment?: string;
  arguments?: Record<string, unknown>;
}

export type ToolCallInfo =
  | { tool: false }
  | {
      tool: true;
      label: string;
      link: string;
      /** The tool's input schema (without `$schema`), for collecting the arguments; undefined when not discovered. */
      schema: unknown;
      /** Environments the server can be called in (those the auth connector has credentials for). */
      environments: string[];
      /** Set when the tool cannot be called whatever the arguments (not discovered, not offered). */
      error?: string;
      plan?: ToolCallPlanResult;
    };

/** What the editor's Run Action asks before calling a tool: is it one, its schema, environments, then the plan. */
export function toolCallInfo(index: WorkspaceIndex, p: ToolCallInfoParams): ToolCallInfo {
  const target = { agentUri: p.agentUri, actionIndex: p.actionIndex };
  const b = toolBindingOf(index, target);
  if (!b) return { tool: false };
  const integration = find.integration(index.lookup, b.integrationId);
  const info: ToolCallInfo = {
    tool: true,
    label: b.label,
    link: b.link,
    schema: toolParametersSchema(b.inputSchema),
    environments: integration ? mcpEnvironments(index, integration) : [],
  };
  const problem = toolProblem(b);
  if (problem) info.error = problem;
  if (p.environment) info.plan = planToolCall(index, target, p.environment, p.arguments ?? {});
  return info;
}

export interface McpServerParams {
  integrationUri: string;
  environment?: string;
}

export interface McpIntegrationInfo {
  id: string;
  name: string;
  uri: string;
  /** The auth connector; without one the environment chooses nothing. */
  authId?: string;
  /** Where discovery writes the tools lock. */
  lockUri: string;
  /** Environments whose credentials can be used (all three without an auth connector). */
  environments: string[];
  /** The server plan, when an environment was given. */
  plan?: McpPlanResult;
}

/** What the editor's Discover Tools asks before connecting; undefined when `integrationUri` is not an MCP integration. */
export function mcpIntegrationInfo(index: WorkspaceIndex, integrationUri: string, environment?: string): McpIntegrationInfo | undefined {
  const s = index.analysis(integrationUri)?.summary;
  if (s?.kind !== 'integration' || s.integrationKind !== 'mcp-server') return undefined;
  const info: McpIntegrationInfo = {
    id: s.id,
    name: s.name ?? s.id,
    uri: s.uri,
    lockUri: toolsLockUriFor(s.uri),
    environments: mcpEnvironments(index, s),
  };
  if (s.auth) info.authId = s.auth.target;
  if (environment) info.plan = planMcpServer(index, s.id, environment);
  return info;
}
