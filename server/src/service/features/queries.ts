import { resolveBinding, splitLink, type Resolution } from '../bindings';
import { key } from '../keys';
import { lockUriFor } from '../lock';
import { find } from '../lookup';
import type {
  ActionSummary,
  AgentActionSummary,
  AgentLockSummary,
  AgentSummary,
  IntegrationSummary,
  Ref,
  SummaryOf,
  ToolsLockSummary,
  ManifestSummary,
} from '../summary';
import type { FileKind } from '../types';
import type { WorkspaceIndex } from '../workspace';

/**
 * Cross-file questions the editor features ask. Forward questions go through the index's lookup
 * maps; "who uses X" goes through `dependentsOf`, the reverse map the index keeps for re-checking.
 * Dependents are as fresh as the index's last flush; the requesting file is always included.
 */

export function summaryOf<K extends FileKind>(index: WorkspaceIndex, uri: string, kind: K): SummaryOf<K> | undefined {
  const s = index.analysis(uri)?.summary;
  return s?.kind === kind ? (s as SummaryOf<K>) : undefined;
}

/** Every summary of one kind, in uri order (for completion lists and workspace symbols). Shared until the index changes: copy before sorting. */
export function summariesOf<K extends FileKind>(index: WorkspaceIndex, kind: K): readonly SummaryOf<K>[] {
  // Completion asks on every keystroke: the lists are kept until the index changes.
  let cache = byKindCache.get(index);
  if (!cache || cache.generation !== index.generation) byKindCache.set(index, (cache = { generation: index.generation, lists: new Map() }));
  let list = cache.lists.get(kind);
  if (!list) {
    list = [];
    for (const a of index.analyses()) if (a.kind === kind && a.summary?.kind === kind) list.push(a.summary);
    list.sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : 0));
    cache.lists.set(kind, list);
  }
  return list as SummaryOf<K>[];
}

const byKindCache = new WeakMap<WorkspaceIndex, { generation: number; lists: Map<FileKind, { uri: string }[]> }>();

function dependents<K extends FileKind>(index: WorkspaceIndex, k: string, kind: K, also?: string): SummaryOf<K>[] {
  const uris = new Set(index.dependentsOf(k));
  if (also) uris.add(also);
  const out: SummaryOf<K>[] = [];
  for (const uri of [...uris].sort()) {
    const s = summaryOf(index, uri, kind);
    if (s) out.push(s);
  }
  return out;
}

export interface BindingUse {
  agent: AgentSummary;
  action: AgentActionSummary;
  link: Ref;
}

/** Bindings (in any agent) whose link is exactly `fullId`. */
export function bindingsOf(index: WorkspaceIndex, fullId: string, also?: string): BindingUse[] {
  const parts = splitLink(fullId);
  if (!parts) return [];
  // Bindings to MCP tools never read the action key; they read the integration's.
  const k = find.integration(index.lookup, parts.integrationId)?.integrationKind === 'mcp-server' ? key.integration(parts.integrationId) : key.action(fullId);
  const out: BindingUse[] = [];
  for (const agent of dependents(index, k, 'agent', also)) {
    for (const a of agent.actions) if (a.link?.target === fullId) out.push({ agent, action: a, link: a.link });
  }
  return out;
}

export interface IntegrationUses {
  bindings: BindingUse[];
  channels: { agent: AgentSummary; action: AgentActionSummary; ref: Ref }[];
  actions: { action: ActionSummary; ref: Ref }[];
  toolsLock: ToolsLockSummary | undefined;
}

export function usesOfIntegration(index: WorkspaceIndex, id: string, also?: string): IntegrationUses {
  const k = key.integration(id);
  const uses: IntegrationUses = { bindings: [], channels: [], actions: [], toolsLock: find.tools(index.lookup, id) };
  for (const agent of dependents(index, k, 'agent', also)) {
    for (const a of agent.actions) {
      if (a.link && splitLink(a.link.target)?.integrationId === id) uses.bindings.push({ agent, action: a, link: a.link });
      if (a.channel?.target === id) uses.channels.push({ agent, action: a, ref: a.channel });
    }
  }
  for (const action of dependents(index, k, 'action', also)) {
    if (action.integration?.target === id) uses.actions.push({ action, ref: action.integration });
  }
  return uses;
}

export interface AuthUse {
  uri: string;
  ref: Ref;
  place: string;
  env?: string;
  integration?: IntegrationSummary;
  agent?: AgentSummary;
  actionIndex?: number;
}

export function usesOfAuth(index: WorkspaceIndex, id: string, also?: string): AuthUse[] {
  const k = key.auth(id);
  const out: AuthUse[] = [];
  for (const s of dependents(index, k, 'integration', also)) {
    if (s.auth?.target === id) out.push({ uri: s.uri, ref: s.auth, place: `MCP server '${s.id}'`, integration: s });
    for (const slot of s.slots)
      if (slot.auth?.target === id) out.push({ uri: s.uri, ref: slot.auth, place: `${slot.env} slot of '${s.id}'`, env: slot.env, integration: s });
  }
  for (const agent of dependents(index, k, 'agent', also)) {
    for (const a of agent.actions)
      if (a.auth?.target === id)
        out.push({ uri: agent.uri, ref: a.auth, place: `action '${a.name ?? a.index + 1}' of agent '${agent.id}'`, agent, actionIndex: a.index });
  }
  return out;
}

/** Every `{ secret: name }` in files that read the manifest (only files with secret references do). */
export function usesOfSecret(index: WorkspaceIndex, name: string, also?: string): { uri: string; ref: Ref }[] {
  const uris = new Set(index.dependentsOf(key.manifest));
  if (also) uris.add(also);
  const out: { uri: string; ref: Ref }[] = [];
  for (const uri of [...uris].sort()) {
    const s = index.analysis(uri)?.summary;
    for (const ref of s?.secretRefs ?? []) if (ref.target === name) out.push({ uri, ref });
  }
  return out;
}

export function manifest(index: WorkspaceIndex): ManifestSummary | undefined {
  return find.manifest(index.lookup);
}

export function lockOf(index: WorkspaceIndex, agentUri: string): AgentLockSummary | undefined {
  return summaryOf(index, lockUriFor(agentUri), 'agentLock');
}

export function agentOfLock(index: WorkspaceIndex, lockUri: string): AgentSummary | undefined {
  const agentUri = lockUri.replace(/\.agent\.lock\.yaml$/, '.agent.yaml');
  return agentUri === lockUri ? undefined : summaryOf(index, agentUri, 'agent');
}

/** The name an agent sees for a binding: its shared action's `name`, or the MCP tool name; the link when it does not resolve. */
export function bindingName(index: WorkspaceIndex, link: string, lockedName?: string): string {
  return resolvedName(link, resolveBinding(index.lookup, link, lockedName));
}

/** `bindingName` of a link already resolved. */
export function resolvedName(link: string, r: Resolution): string {
  if (r.status === 'ok') return r.action.shape.name ?? link;
  if (r.status === 'tool') return splitLink(link)?.actionId ?? link;
  return link;
}
