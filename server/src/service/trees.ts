/**
 * Tree data for the editor's side bar: integrations with their slots, shared actions and discovered
 * tools; agents with their actions and each binding's status. Pure: reads the index, returns plain data.
 */
import { resolveBinding } from './bindings';
import { bindingsOf, bindingName, lockOf, summariesOf } from './features/queries';
import { isRecord } from './kinds/common';
import { find, fullIdOf } from './lookup';
import type { AgentActionSummary } from './summary';
import { ENVIRONMENTS, type Finding, type Range } from './types';
import type { WorkspaceIndex } from './workspace';
import { parseYamlFile } from './yamlFile';

export interface SlotNode { env: string; configured: boolean; baseUrl?: string; auth?: string; secrets: string[] }
export interface SharedActionNode { fullId: string; name: string; method?: string; path?: string; linkedBy: number; uri: string; range: Range }
export interface ToolNode { name: string; description?: string }
export interface IntegrationNode {
  id: string; name: string; kind: string; uri: string; range: Range;
  slots: SlotNode[]; actions: SharedActionNode[];
  /** MCP servers: the tools of the tools lock (undefined: nothing discovered yet). */
  tools?: ToolNode[];
}

export type BindingStatus = 'ok' | 'shapeChanged' | 'broken' | 'notLocked' | 'tool';
export interface AgentActionNode {
  index: number; name: string; uri: string; range: Range;
  /** Bindings: the linked full id and its status; the diagnostic message when not ok. */
  link?: string; status?: BindingStatus; message?: string;
  /** Agent-specific actions: their type. */
  type?: string;
}
export interface AgentNode { id: string; name: string; status: string; uri: string; range: Range; actions: AgentActionNode[] }

const STATUS_BY_CODE: Record<string, BindingStatus> = { SK010: 'broken', SK011: 'broken', SK012: 'broken', SK013: 'shapeChanged', SK014: 'notLocked' };
/** When a binding has several findings, the worst decides. */
const RANK: BindingStatus[] = ['broken', 'shapeChanged', 'notLocked'];

function valueOf(index: WorkspaceIndex, uri: string): Record<string, unknown> | undefined {
  const text = index.text(uri);
  if (text === undefined) return undefined;
  const v = parseYamlFile(uri, text).value;
  return isRecord(v) ? v : undefined;
}

function secretNames(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => secretNames(x, out));
  else if (isRecord(v)) {
    if (typeof v.secret === 'string') out.add(v.secret);
    else Object.values(v).forEach((x) => secretNames(x, out));
  }
  return out;
}

/** The secret names an auth connector's credentials for `env` reference. */
export function authSecrets(index: WorkspaceIndex, authId: string, env: string): string[] {
  const auth = find.auth(index.lookup, authId);
  if (!auth) return [];
  const value = valueOf(index, auth.uri);
  const creds = isRecord(value?.environments) ? value.environments[env] : undefined;
  return [...secretNames(creds)].sort();
}

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

export function integrationsTree(index: WorkspaceIndex): IntegrationNode[] {
  index.findings(index.rootUri); // brings pending changes in: linkedBy reads the dependents the flush records
  const actions = summariesOf(index, 'action');
  return summariesOf(index, 'integration').sort(byId).map((i) => {
    const kind = i.integrationKind ?? 'unknown';
    const node: IntegrationNode = { id: i.id, name: i.name ?? i.id, kind, uri: i.uri, range: i.idRange, slots: [], actions: [] };
    if (kind === 'mcp-server') {
      const tools = find.tools(index.lookup, i.id);
      if (tools) node.tools = tools.tools.map((t) => ({ name: t.name, description: t.description }));
      return node;
    }
    node.slots = ENVIRONMENTS.map((env) => {
      const s = i.slots.find((x) => x.env === env);
      if (!s) return { env, configured: false, secrets: [] };
      const auth = s.auth?.target;
      return { env, configured: true, baseUrl: s.baseUrl, auth, secrets: auth ? authSecrets(index, auth, env) : [] };
    });
    node.actions = actions.filter((a) => a.integration?.target === i.id).map((a) => {
      const fullId = fullIdOf(a)!;
      return {
        fullId, name: a.shape.name ?? a.id, method: a.shape.method, path: a.shape.path,
        linkedBy: new Set(bindingsOf(index, fullId).map((u) => u.agent.uri)).size, uri: a.uri, range: a.idRange,
      };
    }).sort((a, b) => a.fullId.localeCompare(b.fullId));
    return node;
  });
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function bindingNode(index: WorkspaceIndex, uri: string, a: AgentActionSummary, findings: Finding[], lockedName?: string): AgentActionNode {
  const link = a.link!;
  const node: AgentActionNode = { index: a.index, name: bindingName(index, link.target, lockedName), uri, range: a.range, link: link.target };
  const r = resolveBinding(index.lookup, link.target, lockedName);
  if (r.status === 'tool') {
    node.status = 'tool';
    const f = findings.find((x) => x.code === 'SK061' && within(x.range, link.range));
    if (f) node.message = f.message;
    return node;
  }
  const mine = findings.filter((f) => STATUS_BY_CODE[f.code] && within(f.range, link.range));
  const worst = RANK.find((s) => mine.some((f) => STATUS_BY_CODE[f.code] === s));
  node.status = worst ?? (r.status === 'ok' ? 'ok' : 'broken');
  const f = mine.find((x) => STATUS_BY_CODE[x.code] === worst);
  if (f) node.message = f.message;
  return node;
}

export function agentsTree(index: WorkspaceIndex): AgentNode[] {
  return summariesOf(index, 'agent').sort(byId).map((agent) => {
    const findings = index.findings(agent.uri);
    const lock = lockOf(index, agent.uri);
    const actions = agent.actions.map((a): AgentActionNode => {
      if (a.link) return bindingNode(index, agent.uri, a, findings, lock?.entries.find((e) => e.fullId === a.link!.target)?.shape.name);
      return { index: a.index, name: a.name ?? `#${a.index + 1}`, uri: agent.uri, range: a.range, type: a.type };
    });
    return { id: agent.id, name: agent.name ?? agent.id, status: agent.status ?? 'inactive', uri: agent.uri, range: agent.idRange, actions };
  });
}
