/**
 * The request plan of an agent's send-text-message action: a POST to Telnyx's messages API with the
 * messaging channel's slot for the environment. Pure: reads the index, sends nothing. The API key stays
 * symbolic ({ secret: NAME }) like every other credential of a plan.
 */
import { E164, isRecord } from '../kinds/common';
import { find } from '../lookup';
import type { OutputVariable } from '../shape';
import { parseTemplate } from '../templates';
import type { WorkspaceIndex } from '../workspace';
import { actionOf, authOf, checkParameters, valueOf, type PlanResult, type PlanTarget, type PlanValue } from './planParts';
import { renderTemplate } from './render';

export const TELNYX_BASE_URL = 'https://api.telnyx.com';
export const TELNYX_MESSAGES_PATH = '/v2/messages';
/** Built-in output of every send-text-message run: the id Telnyx gives the message. */
export const TELNYX_OUTPUTS: OutputVariable[] = [{ name: 'message_id', path: '$.data.id' }];
/** What `recipient: caller` means. */
export const CALLER_TEMPLATE = '{{ .variables.call.from }}';

export interface TextMessageOptions {
  /** The text when the action has no `message` template (on a call the agent writes it). */
  message?: string;
  /** Replaces https://api.telnyx.com (a local stand-in for tests, a proxy). */
  telnyxBaseUrl?: string;
}

/** What a run of a send-text-message action needs from the user besides its parameters. */
export interface TextMessageInputs {
  /** Conversation variables the recipient and message templates read, dotted (`call.from`). */
  variables: string[];
  /** True when the action has no message template: the user types the text. */
  agentWritesMessage: boolean;
}

/** The agent's send-text-message action the target names, or undefined for any other action. */
function textMessageAction(index: WorkspaceIndex, target: PlanTarget): { label: string; action: Record<string, unknown> } | undefined {
  if (!('actionIndex' in target)) return undefined;
  // The summary tells the action's type without parsing the agent: every HTTP plan asks here first.
  const a = index.analysis(target.agentUri);
  if (a?.summary?.kind !== 'agent' || a.summary.actions.find((x) => x.index === target.actionIndex)?.type !== 'send-text-message') return undefined;
  const found = actionOf(index, target);
  if (typeof found === 'string') return undefined;
  const name = typeof found.action.name === 'string' ? found.action.name : `#${target.actionIndex + 1}`;
  return { label: `${found.agentId}/${name}`, action: found.action };
}

function recipientTemplate(action: Record<string, unknown>): string | undefined {
  if (action.recipient === 'caller') return CALLER_TEMPLATE;
  return typeof action.recipient === 'string' && action.recipient.trim() !== '' ? action.recipient : undefined;
}

function messageTemplate(action: Record<string, unknown>): string | undefined {
  return typeof action.message === 'string' && action.message.trim() !== '' ? action.message : undefined;
}

/** `.variables.X.Y` read by a template, as `X.Y`. */
function variablesRead(template: string | undefined): string[] {
  if (template === undefined) return [];
  return parseTemplate(template)
    .fields.filter((f) => f.path[0] === 'variables' && f.path.length > 1)
    .map((f) => f.path.slice(1).join('.'));
}

/** The inputs a run of this action needs; undefined when the target is not a send-text-message action. */
export function textMessageInputs(index: WorkspaceIndex, target: PlanTarget): TextMessageInputs | undefined {
  const found = textMessageAction(index, target);
  if (!found) return undefined;
  const message = messageTemplate(found.action);
  const variables = [...new Set([...variablesRead(recipientTemplate(found.action)), ...variablesRead(message)])];
  return { variables, agentWritesMessage: message === undefined };
}

/** The dotted variables of `needed` that `variables` (nested) lacks. */
export function missingVariables(needed: string[], variables: Record<string, unknown>): string[] {
  return needed.filter((v) => !has(variables, v));
}

function has(variables: Record<string, unknown>, dotted: string): boolean {
  let at: unknown = variables;
  for (const p of dotted.split('.')) {
    if (!isRecord(at) || !(p in at)) return false;
    at = at[p];
  }
  return true;
}

/** The channel's slot for the environment with its Telnyx API key; an error message when something is missing. */
function channelSlot(
  index: WorkspaceIndex,
  label: string,
  channel: unknown,
  env: string,
): { fromNumber: string; profile: string; authId: string; key: PlanValue } | string {
  if (typeof channel !== 'string' || channel === '') return `Action '${label}' has no channel: set channel to a messaging-channel integration id.`;
  const integration = find.integration(index.lookup, channel);
  if (!integration) return `Action '${label}': channel '${channel}' is not an integration of this workspace.`;
  if (integration.integrationKind !== 'messaging-channel')
    return `Action '${label}': channel '${channel}' is a ${integration.integrationKind ?? 'malformed'} integration, not a messaging channel (SK070).`;
  const value = valueOf(index, integration.uri) ?? {};
  if (value.provider !== 'telnyx') return `Messaging channel '${channel}': provider '${String(value.provider)}' is not supported; only telnyx is.`;
  const slots = isRecord(value.environments) ? value.environments : {};
  const slot = slots[env];
  if (!isRecord(slot)) {
    const have = Object.keys(slots);
    return `Messaging channel '${channel}' has no ${env} slot, so '${label}' cannot run in ${env}.${have.length ? ` It has: ${have.join(', ')}.` : ''} Add environments.${env} with fromNumber, messagingProfileId and auth to ${channel}.integration.yaml.`;
  }
  const where = `Messaging channel '${channel}', ${env} slot`;
  if (typeof slot.fromNumber !== 'string' || !E164.test(slot.fromNumber))
    return `${where}: fromNumber is missing or not an E.164 number (e.g. "+31201234567").`;
  if (typeof slot.messagingProfileId !== 'string' || slot.messagingProfileId === '') return `${where}: messagingProfileId is missing.`;
  if (typeof slot.auth !== 'string' || slot.auth === '') return `${where}: auth is missing: name the api-key auth connector holding the Telnyx API key.`;
  const auth = find.auth(index.lookup, slot.auth);
  if (!auth) return `${where}: auth connector '${slot.auth}' does not exist.`;
  if (auth.type !== 'api-key') return `${where}: auth connector '${slot.auth}' is of type ${String(auth.type)}; Telnyx needs an api-key connector.`;
  const key = authOf(index, slot.auth, env, label);
  if (typeof key === 'string') return key;
  // Telnyx reads the key from `Authorization: Bearer <key>` only: anything else would be rejected by Telnyx.
  if (key.type !== 'api-key' || key.in !== 'header' || key.name.toLowerCase() !== 'authorization') {
    return `Auth connector '${slot.auth}' (${env}): Telnyx takes the API key only as the Authorization header. Write in: header, name: Authorization, and value: { secret: NAME } holding the bare key (Stellar Kit sends "Bearer <key>").`;
  }
  return { fromNumber: slot.fromNumber, profile: slot.messagingProfileId, authId: slot.auth, key: key.value };
}

function baseUrlOf(override: string | undefined): string | { error: string } {
  const base = (override ?? '').trim() || TELNYX_BASE_URL;
  let u: URL;
  try {
    u = new URL(base);
  } catch {
    return { error: `The Telnyx base URL '${base}' is not an absolute http(s) URL.` };
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.search || u.hash)
    return { error: `The Telnyx base URL '${base}' is not an absolute http(s) URL without query.` };
  return base.replace(/\/+$/, '');
}

/** The plan of a send-text-message action in `environment`; undefined when the target is not one. */
export function planTextMessage(
  index: WorkspaceIndex,
  target: PlanTarget,
  environment: string,
  parameters: Record<string, unknown>,
  variables: Record<string, unknown>,
  options: TextMessageOptions = {},
): PlanResult | undefined {
  const found = textMessageAction(index, target);
  if (!found) return undefined;
  const { label, action } = found;
  const fail = (error: string): PlanResult => ({ ok: false, error });

  const slot = channelSlot(index, label, action.channel, environment);
  if (typeof slot === 'string') return fail(slot);
  const problems = checkParameters(action.parameters, parameters);
  if (problems.length) return fail(`'${label}': ${problems.join('; ')}.`);

  const recipient = recipientTemplate(action);
  if (recipient === undefined) return fail(`Action '${label}' has no recipient: write recipient: caller, a template or an E.164 number.`);
  const template = messageTemplate(action);
  const missing = missingVariables([...new Set([...variablesRead(recipient), ...variablesRead(template)])], variables);
  if (missing.length) {
    const what = action.recipient === 'caller' && missing.includes('call.from') ? ' (recipient: caller is the number the caller calls from)' : '';
    return fail(
      `'${label}' reads the conversation variable${missing.length === 1 ? '' : 's'} ${missing.join(', ')}${what}, which ${missing.length === 1 ? 'was' : 'were'} not given.`,
    );
  }
  const data = { parameters, variables };
  const to = renderTemplate(recipient, data);
  if (!to.ok) return fail(`'${label}': recipient: ${to.error}`);
  const toNumber = to.text.trim();
  if (!E164.test(toNumber))
    return fail(`'${label}': the recipient is '${toNumber}', which is not an E.164 number (a + then up to 15 digits, e.g. +31201234567).`);

  let text: string;
  if (template !== undefined) {
    if (options.message !== undefined)
      return fail(`'${label}' has a message template; a message text is only taken for actions without one (where the agent writes the text).`);
    const r = renderTemplate(template, data);
    if (!r.ok) return fail(`'${label}': message: ${r.error}`);
    text = r.text;
  } else {
    if (options.message === undefined || options.message.trim() === '')
      return fail(`'${label}' has no message template: on a call the agent writes the text. Give the text to send.`);
    text = options.message;
  }
  if (text.trim() === '') return fail(`'${label}': the message template rendered an empty text; Telnyx sends no empty messages.`);

  const base = baseUrlOf(options.telnyxBaseUrl);
  if (typeof base !== 'string') return fail(base.error);
  return {
    ok: true,
    plan: {
      label,
      environment,
      method: 'POST',
      url: base + TELNYX_MESSAGES_PATH,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ from: slot.fromNumber, to: toNumber, text, messaging_profile_id: slot.profile }),
      auth: { type: 'bearer', token: slot.key },
      authId: slot.authId,
      outputVariables: TELNYX_OUTPUTS,
      where: `messaging channel '${String(action.channel)}', slot '${environment}' (Telnyx)`,
    },
  };
}

/** The environments a send-text-message action can run in: its channel's slots. */
export function textMessageEnvironments(index: WorkspaceIndex, channel: string | undefined): string[] {
  if (!channel) return [];
  const integration = find.integration(index.lookup, channel);
  if (!integration || integration.integrationKind !== 'messaging-channel') return [];
  return integration.slots.map((s) => s.env);
}
