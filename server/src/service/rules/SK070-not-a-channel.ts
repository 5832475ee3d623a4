import { defineRule } from './rule';

/** SK070: Channel is not a messaging channel. */
export const SK070 = defineRule({
  code: 'SK070',
  severity: 'error',
  title: 'Channel is not a messaging channel',
  doc: "A `send-text-message` action's `channel` names no integration, or one that is not a\n`messaging-channel`.",
  data: { channel: 'string' },
});
