/** What the new-file commands offer and refuse: the ids taken, the integrations, connectors and secrets to pick. */
import { manifest, summariesOf } from '../features/queries';
import type { WorkspaceIndex } from '../workspace';

export interface ScaffoldInfo {
  integrations: { id: string; kind?: string; name?: string }[];
  /** Shared action ids, per integration id. */
  actions: Record<string, string[]>;
  authConnectors: { id: string; type?: string; name?: string }[];
  agents: string[];
  secrets: { name: string; description: string }[];
}

export function scaffoldInfo(index: WorkspaceIndex): ScaffoldInfo {
  const actions: Record<string, string[]> = {};
  for (const a of summariesOf(index, 'action')) {
    const owner = a.integration?.target;
    if (owner) (actions[owner] ??= []).push(a.id);
  }
  return {
    integrations: summariesOf(index, 'integration').map((i) => ({ id: i.id, kind: i.integrationKind, name: i.name })),
    actions,
    authConnectors: summariesOf(index, 'auth').map((a) => ({ id: a.id, type: a.type, name: a.name })),
    agents: summariesOf(index, 'agent').map((a) => a.id),
    secrets: (manifest(index)?.secrets ?? []).map((s) => ({ name: s.target, description: s.description ?? '' })),
  };
}
