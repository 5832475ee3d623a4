/**
 * Show Diff of a binding whose shared action's shape changed since the lock: the locked and the current
 * shape as YAML, in one field order, so that VS Code's diff editor shows exactly what SK013 lists. Pure.
 */
import { stringify } from 'yaml';
import { resolveBinding } from './bindings';
import { lockOf, summaryOf } from './features/queries';
import { SHAPE_FIELDS, type Shape } from './shape';
import type { WorkspaceIndex } from './workspace';

const byName = (a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()) || a.localeCompare(b);

/**
 * A shape as YAML: the shape fields in their fixed order (absent ones left out), headers and output
 * variables sorted by name. SK013 compares headers case-insensitively and output variables by name, so
 * a reordering, which changes nothing, shows no difference either.
 */
export function shapeYaml(shape: Shape): string {
  const doc: Record<string, unknown> = {};
  for (const f of SHAPE_FIELDS) {
    if (f === 'headers') {
      const names = Object.keys(shape.headers).sort(byName);
      if (names.length) doc.headers = Object.fromEntries(names.map((n) => [n, shape.headers[n]]));
    } else if (f === 'outputVariables') {
      if (shape.outputVariables.length) doc.outputVariables = [...shape.outputVariables].sort((a, b) => byName(a.name, b.name));
    } else if (shape[f] !== undefined) doc[f] = shape[f];
  }
  return Object.keys(doc).length ? stringify(doc, { lineWidth: 0 }) : '{}\n';
}

export interface ShapeDiffParams {
  agentUri: string;
  /** The binding's link: the shared action's full id. */
  fullId: string;
}

export type ShapeDiffResult =
  | {
      ok: true;
      /** The diff editor's title: `lookup_invoice: locked ↔ current`. */
      title: string;
      locked: string;
      current: string;
      lockUri: string;
      actionUri: string;
    }
  | { ok: false; error: string };

/** The locked and current shape of the agent's binding to `fullId`, as YAML. */
export function shapeDiff(index: WorkspaceIndex, agentUri: string, fullId: string): ShapeDiffResult {
  const agent = summaryOf(index, agentUri, 'agent');
  if (!agent) return { ok: false, error: `'${agentUri}' is not an agent file of this workspace.` };
  if (!agent.actions.some((a) => a.link?.target === fullId)) return { ok: false, error: `Agent '${agent.id}' has no binding to '${fullId}'.` };
  const lock = lockOf(index, agentUri);
  const entry = lock?.entries.find((e) => e.fullId === fullId);
  if (!lock || !entry) return { ok: false, error: `The lock of agent '${agent.id}' has no entry for '${fullId}': there is nothing to compare yet.` };
  const r = resolveBinding(index.lookup, fullId, entry.shape.name);
  if (r.status !== 'ok') return { ok: false, error: `'${fullId}' does not resolve to a shared action (${r.status}): re-link the binding first.` };
  const name = r.action.shape.name ?? entry.shape.name ?? fullId;
  return {
    ok: true,
    title: `${name}: locked ↔ current`,
    // No header comments: both sides differ only where the shapes do.
    locked: shapeYaml(entry.shape),
    current: shapeYaml(r.action.shape),
    lockUri: lock.uri,
    actionUri: r.action.uri,
  };
}
