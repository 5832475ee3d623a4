import { TextEdit } from 'vscode-languageserver-types';
import { single } from '../features/fixEdits';
import type { FileFindings, Path } from '../kinds/common';
import type { AgentActionSummary } from '../summary';
import { defineRule, type QuickFix } from './rule';

/** An end-call action only in-call; a phases list that is not empty. */
export function checkPhases(ctx: FileFindings, a: Record<string, unknown>, path: Path, type: string | undefined, label: string, s: AgentActionSummary): void {
  if (!Array.isArray(a.phases)) return;
  s.phasesRange = ctx.object([...path, 'phases']);
  const phases = a.phases.filter((p): p is string => typeof p === 'string');
  if (type === 'end-call') {
    phases.forEach((p, i) => {
      if (p === 'post-call')
        ctx.add(
          'SK050',
          ctx.value([...path, 'phases', i]),
          `${label} ends the call, so it can only run in-call: after the call there is nothing to end. Remove 'post-call'.`,
        );
    });
  }
  if (phases.length === 0 && a.phases.length === 0) {
    ctx.add(
      'SK050',
      s.phasesRange,
      `${label} has an empty phases list, so it can never run. List 'in-call', 'post-call' or both, or remove phases for the default.`,
    );
  }
}

/** The closest phase, for a value outside the enum (the schema pass's data carries the suggestion). */
export function changeToPhase(): QuickFix {
  return {
    title: 'Change to the closest phase',
    createCodeAction({ uri, diagnostic, data, fix }) {
      if (typeof data.suggestion === 'string') fix(`Change to '${data.suggestion}'`, single(uri, [TextEdit.replace(diagnostic.range, data.suggestion)]), true);
    },
  };
}

/** A phase outside the enum (the schema pass reports it as SK050). `shown`: the value as the message quotes it. */
export function phaseMessage(shown: string): string {
  return `Phase ${shown} is not a conversation phase: use 'in-call' or 'post-call'.`;
}

/** SK050: Invalid conversation phase. */
export const SK050 = defineRule({
  code: 'SK050',
  severity: 'error',
  title: 'Invalid conversation phase',
  doc: 'A phase is not `in-call` or `post-call`, an `end-call` action lists `post-call` (there is no call left to\nend), or `phases` is an empty list (the action could never run; leave `phases` out for both phases).',
  data: { allowed: 'unknown[]?', suggestion: 'string?' },
  quickFixes: [changeToPhase()],
});
