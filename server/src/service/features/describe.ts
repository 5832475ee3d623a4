import { resolveBinding } from '../bindings';
import { find, fullIdOf } from '../lookup';
import { diffShapes, type HeaderValue, type Shape } from '../shape';
import type { ActionSummary, AgentSummary, AuthSummary, IntegrationSummary, LockEntrySummary } from '../summary';
import type { WorkspaceIndex } from '../workspace';
import { bindingsOf, usesOfAuth, usesOfIntegration, type BindingUse } from './queries';
import { code, plural } from './text';

/** Markdown descriptions of workspace things, for hovers. Secret values never appear: files hold none. */

function header(v: HeaderValue): string {
  return typeof v === 'string' ? code(v) : `secret ${code(v.secret)}`;
}

export function shapeMarkdown(fullId: string, a: ActionSummary, integration: IntegrationSummary | undefined): string {
  const s: Shape = a.shape;
  const lines = [`**Shared action** ${code(fullId)}${s.name ? ` · name ${code(s.name)}` : ''}`];
  if (s.description) lines.push(s.description);
  lines.push([s.method ?? '(no method)', s.path ?? '(no path)'].map((x) => code(x)).join(' '));
  const hs = Object.entries(s.headers);
  if (hs.length) lines.push(['**Headers**', ...hs.map(([k, v]) => `- ${code(k)}: ${header(v)}`)].join('\n'));
  if (s.outputVariables.length) lines.push(['**Output variables**', ...s.outputVariables.map((o) => `- ${code(o.name)} ← ${code(o.path)}`)].join('\n'));
  if (integration)
    lines.push(
      `Integration ${code(integration.id)}${integration.name ? ` (${integration.name})` : ''}${integration.slots.length ? `, slots: ${integration.slots.map((x) => x.env).join(', ')}` : ''}.`,
    );
  return lines.join('\n\n');
}

export function lockMarkdown(entry: LockEntrySummary | undefined, current: Shape, lockedAt?: string): string {
  if (!entry) return '_Not locked yet: this agent has no lock entry for it._';
  const changes = diffShapes(entry.shape, current);
  const when = entry.lockedAt ?? lockedAt;
  if (changes.length === 0) return `_Matches the lock${when ? ` of ${when}` : ''}._`;
  return [`**Changed since the lock${when ? ` of ${when}` : ''}:**`, ...changes.map((c) => `- ${c.text}`)].join('\n');
}

/** A binding's link (or a lock key): what it resolves to, and how it differs from the agent's lock. */
export function linkMarkdown(index: WorkspaceIndex, link: string, entry: LockEntrySummary | undefined, lockedAt?: string): string {
  const r = resolveBinding(index.lookup, link, entry?.shape.name);
  switch (r.status) {
    case 'ok':
      return `${shapeMarkdown(link, r.action, r.integration)}\n\n${lockMarkdown(entry, r.action.shape, lockedAt)}`;
    case 'tool': {
      const name = link.slice(link.indexOf('/') + 1);
      if (!r.tools) return `**MCP tool** ${code(link)}\n\nNo tools have been discovered for ${code(r.integration.id)} yet: run Discover tools.`;
      if (!r.tool) return `**MCP tool** ${code(link)}\n\n${code(r.integration.id)} has no tool ${code(name)} among the ${r.tools.tools.length} discovered.`;
      const lines = [`**MCP tool** ${code(link)} of ${r.integration.name ?? r.integration.id}`];
      if (r.tool.description) lines.push(r.tool.description);
      const schema = r.tool.inputSchema as { properties?: Record<string, { type?: unknown; description?: unknown }>; required?: unknown } | undefined;
      const props = schema && typeof schema.properties === 'object' && schema.properties ? Object.entries(schema.properties) : [];
      const required = Array.isArray(schema?.required) ? (schema!.required as unknown[]) : [];
      if (props.length) {
        lines.push(
          [
            '**Input**',
            ...props.map(
              ([k, v]) =>
                `- ${code(k)}${typeof v?.type === 'string' ? ` (${v.type}${required.includes(k) ? ', required' : ''})` : ''}${typeof v?.description === 'string' ? `: ${v.description}` : ''}`,
            ),
          ].join('\n'),
        );
      }
      if (r.tools.discoveredAt) lines.push(`_Discovered ${r.tools.discoveredAt}._`);
      return lines.join('\n\n');
    }
    case 'moved':
      return `**Moved:** the shared action now lives at ${r.candidates.map((c) => code(fullIdOf(c)!)).join(' or ')}. Re-link the binding.`;
    case 'missingIntegration':
      return `Integration ${code(r.integrationId)} does not exist.`;
    case 'deleted':
      return `${code(r.integrationId)} has no shared action ${code(link.slice(link.indexOf('/') + 1))}: it was deleted.`;
    case 'wrongKind':
      return `${code(r.integration.id)} is a messaging channel: it has no actions to link.`;
    case 'malformed':
      return 'A link is written `<integration-id>/<action-id>`.';
  }
}

function agentLabel(a: AgentSummary): string {
  return `${code(a.id)}${a.name ? ` (${a.name}${a.status ? `, ${a.status}` : ''})` : ''}`;
}

function groupByAgent(uses: BindingUse[]): Map<AgentSummary, string[]> {
  const m = new Map<AgentSummary, string[]>();
  for (const u of uses) m.set(u.agent, [...(m.get(u.agent) ?? []), u.link.target]);
  return m;
}

export function linkedByMarkdown(uses: BindingUse[], what: string): string {
  const byAgent = groupByAgent(uses);
  if (byAgent.size === 0) return `_No agent links this ${what}._`;
  const lines = [`**Linked by ${plural(byAgent.size, 'agent')}**`];
  for (const [agent, links] of byAgent) lines.push(`- ${agentLabel(agent)}: ${[...new Set(links)].map(code).join(', ')}`);
  return lines.join('\n');
}

export function actionDeclMarkdown(index: WorkspaceIndex, a: ActionSummary): string {
  const fullId = fullIdOf(a);
  if (!fullId) return `**Shared action** ${code(a.id)}: it names no integration yet, so nothing can link it.`;
  return `**Shared action** ${code(fullId)}\n\n${linkedByMarkdown(bindingsOf(index, fullId), 'shared action')}`;
}

export function integrationMarkdown(index: WorkspaceIndex, i: IntegrationSummary, withUses: boolean): string {
  const lines = [`**Integration** ${code(i.id)}${i.name ? ` · ${i.name}` : ''}${i.integrationKind ? ` (${i.integrationKind})` : ''}`];
  if (i.slots.length)
    lines.push(
      ['**Slots**', ...i.slots.map((s) => `- ${s.env}${s.baseUrl ? `: ${code(s.baseUrl)}` : ''}${s.auth ? `, auth ${code(s.auth.target)}` : ''}`)].join('\n'),
    );
  if (i.url) lines.push(`URL ${code(i.url)}${i.auth ? `, auth ${code(i.auth.target)}` : ''}`);
  if (withUses) {
    const uses = usesOfIntegration(index, i.id);
    lines.push(linkedByMarkdown(uses.bindings, 'integration'));
    if (uses.channels.length)
      lines.push(
        ['**Sends text messages for**', ...uses.channels.map((c) => `- ${code(c.agent.id)}: ${code(c.action.name ?? `#${c.action.index + 1}`)}`)].join('\n'),
      );
    if (i.integrationKind === 'custom-api') lines.push(`${plural(uses.actions.length, 'shared action')}.`);
  }
  return lines.join('\n\n');
}

export function authMarkdown(index: WorkspaceIndex, a: AuthSummary, withUses: boolean): string {
  const lines = [`**Auth connector** ${code(a.id)}${a.name ? ` · ${a.name}` : ''}${a.type ? ` (${a.type})` : ''}`];
  lines.push(a.envs.length ? `Credentials for ${a.envs.join(', ')}.` : 'No credentials for any environment.');
  if (withUses) {
    const uses = usesOfAuth(index, a.id);
    lines.push(uses.length ? ['**Used by**', ...uses.map((u) => `- ${u.place}`)].join('\n') : '_Not used anywhere._');
  }
  return lines.join('\n\n');
}

export function integrationRefMarkdown(index: WorkspaceIndex, id: string): string {
  const i = find.integration(index.lookup, id);
  return i ? integrationMarkdown(index, i, false) : `Integration ${code(id)} does not exist.`;
}

export function authRefMarkdown(index: WorkspaceIndex, id: string): string {
  const a = find.auth(index.lookup, id);
  return a ? authMarkdown(index, a, false) : `Auth connector ${code(id)} does not exist.`;
}
