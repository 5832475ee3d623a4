/**
 * What the views show of a node, without the VS Code API (so tests read it): context values the menus'
 * when-clauses match, tooltips as Markdown text, the Agents view's badge and the Secrets view's rows.
 */
import type { AgentActionNode, AgentNode, BindingStatus, SecretNode, SlotNode } from '../../../server/src/protocol';
import { ENVIRONMENTS } from '../../../server/src/protocol';

export const STATUS_TEXT: Record<BindingStatus, string> = {
  ok: 'ok',
  shapeChanged: 'shape changed',
  broken: 'broken',
  notLocked: 'not locked',
  tool: 'MCP tool',
};

/** What each status means for the user, in a tooltip. */
const STATUS_EXPLAINED: Record<BindingStatus, string> = {
  ok: 'The binding resolves and its shared action has the shape the lock recorded.',
  shapeChanged: 'The shared action changed since the agent locked it: Show Diff compares them, Accept locks the current shape.',
  broken: 'The shared action was deleted or moved: Re-link the binding before publishing.',
  notLocked: 'The lock has no entry for this binding yet: Accept records its current shape.',
  tool: 'A tool discovered from an MCP server.',
};

/**
 * An agent action's context value: `binding.<status>` for bindings (`binding.broken`, `binding.shapeChanged`...),
 * `apiCall`, `sendTextMessage` or `agentSpecific` for the agent's own actions. package.json's menus match them.
 */
export function agentActionContext(n: AgentActionNode): string {
  if (n.status) return `binding.${n.status}`;
  return n.type === 'api-call' ? 'apiCall' : n.type === 'send-text-message' ? 'sendTextMessage' : 'agentSpecific';
}

/** Run Action takes bindings that resolve (tools included) and api-call and send-text-message actions. */
export function isRunnable(n: AgentActionNode): boolean {
  return /^(binding\.(ok|shapeChanged|notLocked|tool)|apiCall|sendTextMessage)$/.test(agentActionContext(n));
}

/** `slotMissing` (no slot for that environment), `slot.secretMissing` (its auth connector's secrets are not all set here), `slot`. */
export function slotContext(slot: SlotNode, missingSecrets: string[]): string {
  if (!slot.configured) return 'slotMissing';
  return missingSecrets.length ? 'slot.secretMissing' : 'slot';
}

const needsAttention = (a: AgentActionNode) => a.status === 'broken' || a.status === 'shapeChanged';

/** The Agents view's badge: how many bindings are broken or changed shape; none when all is well. */
export function attentionBadge(agents: AgentNode[]): { value: number; tooltip: string } | undefined {
  const value = agents.reduce((n, a) => n + a.actions.filter(needsAttention).length, 0);
  if (value === 0) return undefined;
  return { value, tooltip: `${value} binding${value === 1 ? ' needs' : 's need'} attention` };
}

/** Text from files as Markdown text: the characters that format inline (links, emphasis, code, HTML) escaped; names and sentences stay readable. */
export function md(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, '\\$&');
}

/** An agent action's tooltip: its name and link or type, description, file and what its status means. */
export function actionTooltip(n: AgentActionNode, file: string): string {
  const lines = [`**${md(n.name)}** · ${md(n.link ?? n.type ?? 'action')}`];
  if (n.description) lines.push(md(n.description));
  if (n.status) lines.push(`*${STATUS_TEXT[n.status]}*: ${STATUS_EXPLAINED[n.status]}${n.message && n.status !== 'ok' ? `\n\n${md(n.message)}` : ''}`);
  lines.push(`\`${file}\``);
  return lines.join('\n\n');
}

export function agentTooltip(a: AgentNode, file: string): string {
  const problems = a.actions.filter(needsAttention).length;
  const lines = [`**${md(a.name)}** · ${md(a.id)} · ${md(a.status)}`];
  if (a.description) lines.push(md(a.description));
  lines.push(problems ? `${problems} binding${problems === 1 ? '' : 's'} to review.` : 'Every binding resolves as locked.');
  lines.push(`\`${file}\``);
  return lines.join('\n\n');
}

export interface SecretRow {
  secret: SecretNode;
  /** Per environment: whether this machine has a value (never the value). */
  envs: { env: string; set: boolean }[];
}

/** The Secrets view's rows: each declared secret with its state in every environment. */
export async function secretRows(secrets: SecretNode[], has: (env: string, name: string) => Promise<boolean>): Promise<SecretRow[]> {
  return Promise.all(
    secrets.map(async (secret) => ({ secret, envs: await Promise.all(ENVIRONMENTS.map(async (env) => ({ env, set: await has(env, secret.name) }))) })),
  );
}

/** `secret.set` or `secret.missing`: Set Secret on both, Delete Secret on set ones. */
export function secretEnvContext(set: boolean): string {
  return set ? 'secret.set' : 'secret.missing';
}

/** The quick fixes of a broken binding that re-link it (SK010/SK011 "Did you mean 'x'? Re-link to it", SK012 "Re-link to 'x'"). */
export function isRelinkFix(title: string): boolean {
  return /\bRe-link to\b/.test(title);
}
