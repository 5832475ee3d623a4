import { find, type Lookup } from '../lookup';
import type { Ref } from '../summary';
import { type AddFinding, defineRule, related } from './rule';

/** A send-text-message action's channel is a messaging-channel integration (one that does not parse reports itself). */
export function checkChannel(channel: Ref, l: Lookup, add: AddFinding): void {
  const ch = find.integration(l, channel.target);
  if (ch?.integrationKind === 'messaging-channel') return;
  if (!ch && find.integrationExists(l, channel.target)) return;
  add(
    'SK070',
    channel.range,
    ch
      ? `channel '${channel.target}' is a ${ch.integrationKind} integration, not a messaging channel: text messages are sent through a messaging-channel integration.`
      : `channel '${channel.target}' does not exist: create ${channel.target}.integration.yaml with kind: messaging-channel or pick an existing channel.`,
    ch ? [related(ch.uri, ch.idRange, `kind ${ch.integrationKind}`)] : [],
    { channel: channel.target },
  );
}

/** SK070: Channel is not a messaging channel. */
export const SK070 = defineRule({
  code: 'SK070',
  severity: 'error',
  title: 'Channel is not a messaging channel',
  doc: "A `send-text-message` action's `channel` names no integration, or one that is not a\n`messaging-channel`.",
  data: { channel: 'string' },
});
