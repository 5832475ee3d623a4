import { stringify } from 'yaml';
import { resolveBinding } from './bindings';
import { dirName } from './files';
import type { Shape } from './shape';
import type { AgentLockSummary } from './summary';
import type { WorkspaceIndex } from './workspace';

export interface LockResult {
  uri: string;
  text: string;
  locked: string[];
  skipped: { link: string; reason: string }[];
}

export function lockUriFor(agentUri: string): string {
  return agentUri.replace(/\.agent\.yaml$/, '.agent.lock.yaml');
}

/**
 * The lock text for an agent: the current shape of every linked shared action that resolves.
 * With `only`, just that entry is refreshed and the others are kept as they are (accept current shape).
 * `extra` is a binding about to be written with the shape of a shared action about to be created (promote).
 */
export function buildLock(index: WorkspaceIndex, agentUri: string, now: Date, only?: string, extra?: { fullId: string; shape: Shape }): LockResult | undefined {
  const agent = index.analysis(agentUri)?.summary;
  if (agent?.kind !== 'agent') return undefined;
  const lockUri = lockUriFor(agentUri);
  const existing = index.analysis(lockUri)?.summary as AgentLockSummary | undefined;
  const old = new Map(existing?.kind === 'agentLock' ? existing.entries.map((e) => [e.fullId, e]) : []);
  const stamp = now.toISOString();
  const actions: Record<string, unknown> = {};
  const locked: string[] = [];
  const skipped: LockResult['skipped'] = [];
  const links = [...new Set([...agent.actions.map((a) => a.link?.target), extra?.fullId].filter((x): x is string => !!x))];
  for (const link of links) {
    const prev = old.get(link);
    if (only !== undefined && link !== only) {
      if (prev) actions[link] = entryOf(prev.shape, prev.lockedAt ?? existing?.lockedAt ?? stamp);
      continue;
    }
    if (extra && link === extra.fullId) {
      actions[link] = entryOf(extra.shape, stamp);
      locked.push(link);
      continue;
    }
    const r = resolveBinding(index.lookup, link, prev?.shape.name);
    if (r.status === 'tool') continue; // tools are locked by discovery, not here
    if (r.status !== 'ok') {
      skipped.push({ link, reason: r.status });
      if (prev) actions[link] = entryOf(prev.shape, prev.lockedAt ?? stamp);
      continue;
    }
    const same = prev && JSON.stringify(entryOf(prev.shape, '')) === JSON.stringify(entryOf(r.action.shape, ''));
    actions[link] = entryOf(r.action.shape, same ? (prev!.lockedAt ?? stamp) : stamp);
    locked.push(link);
  }
  const doc = { agent: agent.id, lockedAt: stamp, actions };
  const header = `# Written by Stellar Kit: do not edit. Refresh with \`stellar-kit lock ${agentUri.slice(dirName(agentUri).length + 1)}\`.\n`;
  return { uri: lockUri, text: header + stringify(doc, { lineWidth: 0 }), locked, skipped };
}

function entryOf(shape: Shape, lockedAt: string): Record<string, unknown> {
  const e: Record<string, unknown> = { lockedAt };
  if (shape.name !== undefined) e.name = shape.name;
  if (shape.description !== undefined) e.description = shape.description;
  if (shape.method !== undefined) e.method = shape.method;
  if (shape.path !== undefined) e.path = shape.path;
  e.headers = shape.headers;
  e.outputVariables = shape.outputVariables;
  return e;
}
