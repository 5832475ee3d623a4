/**
 * Tree data for the editor's side bar: integrations with their slots, shared actions and discovered
 * tools; agents with their actions and each binding's status. Pure: reads the index, returns plain data.
 */
import { resolveBinding } from './bindings';
import { lockOf, resolvedName, summariesOf } from './features/queries';
import { find, fullIdOf } from './lookup';
import { treeStatusOf, type TreeStatus } from './rules';
import type { ActionSummary, AgentActionSummary } from './summary';
import { ENVIRONMENTS, type Finding, type Range } from './types';
import type { WorkspaceIndex } from './workspace';

export interface SlotNode {
  env: string;
  configured: boolean;
  baseUrl?: string;
  auth?: string;
  secrets: string[];
}
export interface SharedActionNode {
  fullId: string;
  name: string;
  method?: string;
  path?: string;
  description?: string;
  linkedBy: number;
  uri: string;
  range: Range;
}
export interface ToolNode {
  name: string;
  description?: string;
}
export interface IntegrationNode {
  id: string;
  name: string;
  kind: string;
  uri: string;
  range: Range;
  slots: SlotNode[];
  actions: SharedActionNode[];
  /** MCP servers: the tools of the tools lock (undefined: nothing discovered yet). */
  tools?: ToolNode[];
}

/** 'ok', or the tree status of the worst finding on the binding (each rule module states its own). */
export type BindingStatus = 'ok' | TreeStatus;
export interface AgentActionNode {
  index: number;
  name: string;
  uri: string;
  range: Range;
  /** Bindings: the linked full id and its status; the diagnostic message when not ok. */
  link?: string;
  status?: BindingStatus;
  message?: string;
  /** Agent-specific actions: their type. */
  type?: string;
  /** What the agent reads to decide when to call it (a binding's: its shared action's). */
  description?: string;
}
export interface AgentNode {
  id: string;
  name: string;
  status: string;
  description?: string;
  uri: string;
  range: Range;
  actions: AgentActionNode[];
}

/** When a binding has several findings, the worst decides. */
const RANK: TreeStatus[] = ['broken', 'shapeChanged', 'notLocked'];
const ranked = (code: string): TreeStatus | undefined => {
  const s = treeStatusOf(code);
  return s && RANK.includes(s) ? s : undefined;
};

const byId = <T extends { id: string }>(a: T, b: T) => a.id.localeCompare(b.id);

/**
 * The agents linking each full id, in one pass over the agents: asking `bindingsOf` for every shared
 * action would scan the agents of the popular ones again and again.
 */
function linkingAgents(index: WorkspaceIndex): Map<string, Set<string>> {
  const agentsOf = new Map<string, Set<string>>();
  for (const agent of summariesOf(index, 'agent')) {
    for (const a of agent.actions) {
      if (!a.link) continue;
      const set = agentsOf.get(a.link.target);
      if (set) set.add(agent.uri);
      else agentsOf.set(a.link.target, new Set([agent.uri]));
    }
  }
  return agentsOf;
}

export function integrationsTree(index: WorkspaceIndex): IntegrationNode[] {
  const linkedBy = linkingAgents(index);
  const actionsOf = new Map<string, ActionSummary[]>();
  for (const a of summariesOf(index, 'action')) {
    const id = a.integration?.target;
    const list = id === undefined ? undefined : actionsOf.get(id);
    if (list) list.push(a);
    else if (id !== undefined) actionsOf.set(id, [a]);
  }
  return [...summariesOf(index, 'integration')].sort(byId).map((i) => {
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
      const secrets = auth ? find.auth(index.lookup, auth)?.secretsByEnv[env] : undefined;
      return { env, configured: true, baseUrl: s.baseUrl, auth, secrets: secrets ? [...secrets] : [] };
    });
    node.actions = (actionsOf.get(i.id) ?? [])
      .map((a) => {
        const fullId = fullIdOf(a)!;
        return {
          fullId,
          name: a.shape.name ?? a.id,
          method: a.shape.method,
          path: a.shape.path,
          description: a.shape.description,
          linkedBy: linkedBy.get(fullId)?.size ?? 0,
          uri: a.uri,
          range: a.idRange,
        };
      })
      .sort((a, b) => a.fullId.localeCompare(b.fullId));
    return node;
  });
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function bindingNode(index: WorkspaceIndex, uri: string, a: AgentActionSummary, findings: Finding[], lockedName?: string): AgentActionNode {
  const link = a.link!;
  const r = resolveBinding(index.lookup, link.target, lockedName);
  const node: AgentActionNode = { index: a.index, name: resolvedName(link.target, r), uri, range: a.range, link: link.target };
  if (r.status === 'ok') node.description = r.action.shape.description;
  if (r.status === 'tool') {
    node.status = 'tool';
    node.description = r.tool?.description;
    const f = findings.find((x) => treeStatusOf(x.code) === 'tool' && within(x.range, link.range));
    if (f) node.message = f.message;
    return node;
  }
  const mine = findings.filter((f) => ranked(f.code) && within(f.range, link.range));
  const worst = RANK.find((s) => mine.some((f) => ranked(f.code) === s));
  node.status = worst ?? (r.status === 'ok' ? 'ok' : 'broken');
  const f = mine.find((x) => ranked(x.code) === worst);
  if (f) node.message = f.message;
  return node;
}

export function agentsTree(index: WorkspaceIndex): AgentNode[] {
  return [...summariesOf(index, 'agent')].sort(byId).map((agent) => {
    const findings = index.findings(agent.uri);
    const lock = lockOf(index, agent.uri);
    const actions = agent.actions.map((a): AgentActionNode => {
      if (a.link) return bindingNode(index, agent.uri, a, findings, lock?.entries.find((e) => e.fullId === a.link!.target)?.shape.name);
      return { index: a.index, name: a.name ?? `#${a.index + 1}`, uri: agent.uri, range: a.range, type: a.type, description: a.description };
    });
    const name = agent.name ?? agent.id;
    return { id: agent.id, name, status: agent.status ?? 'inactive', description: agent.description, uri: agent.uri, range: agent.idRange, actions };
  });
}
