import type { FileFindings, Path } from '../kinds/common';
import type { AgentActionSummary } from '../summary';
import { unreachableMessage } from './SK052-unreachable-action';
import { defineRule } from './rule';

/** Allowed states the agent declares (SK051), and none missing under strict state separation (SK052). */
export function checkAllowedStates(
  ctx: FileFindings,
  a: Record<string, unknown>,
  path: Path,
  states: Set<string>,
  strict: boolean,
  label: string,
  s: AgentActionSummary,
): void {
  const allowed = Array.isArray(a.allowedStates) ? a.allowedStates : undefined;
  if (allowed) {
    s.allowedStates = [];
    allowed.forEach((st, i) => {
      if (typeof st !== 'string') return;
      s.allowedStates!.push(ctx.ref(st, [...path, 'allowedStates', i]));
      if (!states.has(st)) {
        const known = states.size ? `Declared states: ${[...states].join(', ')}.` : 'The agent declares no states.';
        ctx.add('SK051', ctx.value([...path, 'allowedStates', i]), `${label}: allowed state '${st}' is not declared in the agent's states. ${known}`, {
          state: st,
        });
      }
    });
  }
  if (strict && (!allowed || allowed.length === 0)) {
    ctx.add('SK052', s.range, unreachableMessage(label));
  }
}

/** SK051: Undeclared allowed state. */
export const SK051 = defineRule({
  code: 'SK051',
  severity: 'error',
  title: 'Undeclared allowed state',
  doc: "An action's `allowedStates` names a state the agent does not declare in `states`. The message lists\nthe declared states.",
  data: { state: 'string' },
});
