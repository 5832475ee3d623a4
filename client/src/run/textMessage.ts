/**
 * What a send-text-message run asks besides the parameters: the conversation variables its recipient and
 * message templates read (the caller's number for `recipient: caller`), and the text when the action has no
 * message template (on a call the agent writes it).
 */
import { E164 } from '../../../server/src/runner/index';
import type { TextMessageInputs } from '../../../server/src/runner/index';
import { nestVariables } from '../../../server/src/runner/index';
import type { Ui } from './ui';

export interface TextMessageValues {
  variables: Record<string, unknown>;
  message?: string;
}

const PHONE_VARIABLES: Record<string, string> = {
  'call.from': 'The number the caller calls from (recipient: caller), E.164, e.g. +31612345678',
  'call.to': 'The number the caller dialled, E.164, e.g. +31201234567',
};

/** Undefined when the user cancelled; empty values when the action is not a send-text-message. */
export async function collectTextMessageInputs(ui: Ui, inputs: TextMessageInputs | undefined, label: string): Promise<TextMessageValues | undefined> {
  if (!inputs) return { variables: {} };
  const flat: Record<string, string> = {};
  for (const name of inputs.variables) {
    const phone = PHONE_VARIABLES[name];
    const value = await ui.input({
      title: `${label}: ${name}`,
      prompt: phone ?? `The conversation variable .variables.${name} the templates read`,
      placeHolder: phone ? '+31612345678' : undefined,
      validate: (v) => (phone && !E164.test(v.trim()) ? 'Enter an E.164 number: + then up to 15 digits, e.g. +31612345678.' : undefined),
    });
    if (value === undefined) return undefined;
    flat[name] = phone ? value.trim() : value;
  }
  const out: TextMessageValues = { variables: nestVariables(flat) };
  if (inputs.agentWritesMessage) {
    const message = await ui.input({
      title: `${label}: message text`,
      prompt: 'This action has no message template: on a call the agent writes the text. Type the text to send.',
      validate: (v) => (v.trim() === '' ? 'Enter the text to send.' : undefined),
    });
    if (message === undefined) return undefined;
    out.message = message;
  }
  return out;
}
