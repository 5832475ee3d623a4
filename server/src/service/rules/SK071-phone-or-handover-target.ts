import { checkTemplate, type FileFindings, E164, isTemplate, type Path, str } from '../kinds/common';
import { defineRule } from './rule';

/** A handover has its target, and its phone, queue and SIP URI are of their forms. */
export function checkHandover(ctx: FileFindings, a: Record<string, unknown>, path: Path, label: string, params: string[] | undefined): void {
  const kind = str(a.handoverType);
  const target = kind === 'phone' ? 'phone' : kind === 'queue' ? 'queue' : kind === 'sip' ? 'sipUri' : undefined;
  if (target && (a[target] === undefined || a[target] === null || a[target] === '')) {
    const at = a.handoverType !== undefined ? ctx.value([...path, 'handoverType']) : ctx.object(path);
    ctx.add(
      'SK071',
      at,
      `${label} is a ${kind} handover without its target: set \`${target}\`${kind === 'phone' ? ' (E.164 or a template)' : kind === 'sip' ? ' (a sip: URI)' : ' (a queue id)'}.`,
      { missing: target },
    );
  }
  const phone = str(a.phone);
  if (phone !== undefined) {
    if (isTemplate(phone)) checkTemplate(ctx, phone, [...path, 'phone'], 'phone', params);
    else if (!E164.test(phone))
      ctx.add(
        'SK071',
        ctx.value([...path, 'phone']),
        `${label}: phone '${phone}' is not an E.164 number (a + then up to 15 digits, e.g. +31201234567) or a template.`,
      );
  }
  const queue = str(a.queue);
  if (queue !== undefined && isTemplate(queue)) {
    checkTemplate(ctx, queue, [...path, 'queue'], 'queue', params);
    if (queue.includes('.parameters') && (a.fallbackQueue === undefined || a.fallbackQueue === '')) {
      ctx.add(
        'SK071',
        ctx.value([...path, 'queue']),
        `${label} takes its queue from parameters but has no fallbackQueue: supervisor and guardrail handovers supply no parameters and would have no target. Set fallbackQueue.`,
      );
    }
  }
  const sip = str(a.sipUri);
  if (sip !== undefined && !/^sips?:[^\s@]+(@[^\s]+)?$/i.test(sip)) {
    ctx.add('SK071', ctx.value([...path, 'sipUri']), `${label}: sipUri '${sip}' is not a SIP URI (e.g. sip:support@pbx.example.com).`);
  }
}

export function recipientMessage(label: string, recipient: string): string {
  return `${label}: recipient '${recipient}' is not 'caller', a template or an E.164 number (e.g. +31201234567).`;
}

export function fromNumberMessage(fromNumber: string): string {
  return `fromNumber '${fromNumber}' is not an E.164 phone number (a + then up to 15 digits, e.g. +31201234567). Telnyx rejects other forms.`;
}

/** SK071: Invalid phone number or missing handover target. */
export const SK071 = defineRule({
  code: 'SK071',
  severity: 'error',
  title: 'Invalid phone number or missing handover target',
  doc: '- A literal phone number is not E.164 (`+` then up to 15 digits, no spaces): a handover `phone`, a\n  messaging channel\'s `fromNumber`, a send-text-message `recipient` (other than `caller`). Templates\n  (`{{ … }}`) are not checked.\n- A handover lacks the target of its `handoverType`: `phone`, `queue` or `sipUri`.\n- A handover takes its queue from parameters (`queue: "{{ .parameters.team }}"`) without\n  `fallbackQueue`: supervisor and guardrail handovers supply no parameters.\n- A `sipUri` is not a `sip:` or `sips:` URI.',
  data: { missing: 'string?' },
});
