import { find, fullIdOf, type Lookup } from './lookup';
import type { ActionSummary, IntegrationSummary, ToolSummary, ToolsLockSummary } from './summary';

/** What a binding's `link` leads to. Moved vs deleted is decided here and nowhere else. */
export type Resolution =
  | { status: 'ok'; integration: IntegrationSummary | undefined; action: ActionSummary }
  | { status: 'tool'; integration: IntegrationSummary; tools: ToolsLockSummary | undefined; tool: ToolSummary | undefined }
  | { status: 'moved'; candidates: ActionSummary[] }
  | { status: 'missingIntegration'; integrationId: string }
  | { status: 'deleted'; integration: IntegrationSummary | undefined; integrationId: string }
  | { status: 'wrongKind'; integration: IntegrationSummary }
  | { status: 'malformed' };

export function splitLink(link: string): { integrationId: string; actionId: string } | undefined {
  const i = link.indexOf('/');
  if (i <= 0 || i === link.length - 1 || link.indexOf('/', i + 1) >= 0) return undefined;
  return { integrationId: link.slice(0, i), actionId: link.slice(i + 1) };
}

/**
 * Resolves a link. `lockedName` is the shared action's name as the agent's lock recorded it, which
 * lets a renamed-and-moved action still be found.
 */
export function resolveBinding(l: Lookup, link: string, lockedName?: string): Resolution {
  const parts = splitLink(link);
  if (!parts) return { status: 'malformed' };
  const integration = find.integration(l, parts.integrationId);
  if (integration?.integrationKind === 'mcp-server') {
    const tools = find.tools(l, parts.integrationId);
    return { status: 'tool', integration, tools, tool: tools?.tools.find((t) => t.name === parts.actionId) };
  }
  if (integration && integration.integrationKind === 'messaging-channel') return { status: 'wrongKind', integration };
  const action = find.action(l, link);
  if (action) return { status: 'ok', integration, action };

  const candidates = new Map<string, ActionSummary>();
  const add = (a: ActionSummary) => {
    const id = fullIdOf(a);
    if (id && id !== link) candidates.set(id, a);
  };
  find.actionsById(l, parts.actionId).forEach(add);
  for (const name of new Set([lockedName ?? parts.actionId, parts.actionId])) find.actionsByName(l, name).forEach(add);
  if (candidates.size > 0) return { status: 'moved', candidates: [...candidates.values()].sort((a, b) => fullIdOf(a)!.localeCompare(fullIdOf(b)!)) };
  if (!find.integrationExists(l, parts.integrationId)) return { status: 'missingIntegration', integrationId: parts.integrationId };
  return { status: 'deleted', integration, integrationId: parts.integrationId };
}
