import { defineRule } from './rule';

/** SK071: Invalid phone number or missing handover target. */
export const SK071 = defineRule({
  code: 'SK071',
  severity: 'error',
  title: 'Invalid phone number or missing handover target',
  doc: "- A literal phone number is not E.164 (`+` then up to 15 digits, no spaces): a handover `phone`, a\n  messaging channel's `fromNumber`, a send-text-message `recipient` (other than `caller`). Templates\n  (`{{ … }}`) are not checked.\n- A handover lacks the target of its `handoverType`: `phone`, `queue` or `sipUri`.\n- A handover takes its queue from parameters (`queue: \"{{ .parameters.team }}\"`) without\n  `fallbackQueue`: supervisor and guardrail handovers supply no parameters.\n- A `sipUri` is not a `sip:` or `sips:` URI.",
  data: { missing: 'string?' },
});
