import type { FileAnalysis } from './analyze';
import { key } from './keys';
import type { ActionSummary, AgentLockSummary, AuthSummary, IntegrationSummary, Summary, ToolsLockSummary, ManifestSummary } from './summary';

/** Read access to the index for one file's cross-file rules; every key read is recorded as a dependency. */
export interface Lookup {
  providers(k: string): readonly FileAnalysis[];
}

function first<K extends Summary['kind']>(files: readonly FileAnalysis[], kind: K): Extract<Summary, { kind: K }> | undefined {
  for (const f of files) if (f.summary?.kind === kind) return f.summary as Extract<Summary, { kind: K }>;
  return undefined;
}

export const find = {
  integration: (l: Lookup, id: string) => first(l.providers(key.integration(id)), 'integration') as IntegrationSummary | undefined,
  integrationExists: (l: Lookup, id: string) => l.providers(key.integration(id)).length > 0,
  action: (l: Lookup, fullId: string) => first(l.providers(key.action(fullId)), 'action') as ActionSummary | undefined,
  actionsById: (l: Lookup, id: string) =>
    l
      .providers(key.actionId(id))
      .map((f) => f.summary)
      .filter((s): s is ActionSummary => s?.kind === 'action'),
  actionsByName: (l: Lookup, name: string) =>
    l
      .providers(key.actionName(name))
      .map((f) => f.summary)
      .filter((s): s is ActionSummary => s?.kind === 'action'),
  auth: (l: Lookup, id: string) => first(l.providers(key.auth(id)), 'auth') as AuthSummary | undefined,
  authExists: (l: Lookup, id: string) => l.providers(key.auth(id)).length > 0,
  manifest: (l: Lookup) => first(l.providers(key.manifest), 'manifest') as ManifestSummary | undefined,
  lock: (l: Lookup, dir: string, agentId: string) => l.providers(key.lock(dir, agentId)),
  tools: (l: Lookup, integrationId: string) => first(l.providers(key.tools(integrationId)), 'toolsLock') as ToolsLockSummary | undefined,
};

export function fullIdOf(a: ActionSummary): string | undefined {
  return a.integration ? `${a.integration.target}/${a.id}` : undefined;
}

export type { AgentLockSummary };
