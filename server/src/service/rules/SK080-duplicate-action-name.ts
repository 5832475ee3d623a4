import { capRelated, LIMITS } from '../limits';
import type { Range, RelatedLocation } from '../types';
import { type AddFinding, defineRule, related } from './rule';

/** Related locations for each of `ranges` but the i-th, capped without building all n - 1 of them (n may be 1,000). */
function othersThan(uri: string, ranges: Range[], i: number, message: string): RelatedLocation[] {
  const out: RelatedLocation[] = [];
  for (let j = 0; j < ranges.length && out.length <= LIMITS.related; j++) if (j !== i) out.push(related(uri, ranges[j], message));
  return capRelated(out, ranges.length - 1);
}

/** `names`: each action name of the agent and where it is written (a binding's name is its shared action's). */
export function checkDuplicateNames(uri: string, names: Map<string, Range[]>, add: AddFinding): void {
  for (const [name, ranges] of names) {
    if (ranges.length < 2) continue;
    ranges.forEach((range, i) => {
      add(
        'SK080',
        range,
        `Two actions of this agent are named '${name}': the AI could not tell them apart. Rename one (a binding's name comes from its shared action).`,
        othersThan(uri, ranges, i, `also named '${name}'`),
        { name },
      );
    });
  }
}

/** SK080: Duplicate action name in an agent. */
export const SK080 = defineRule({
  code: 'SK080',
  severity: 'error',
  title: 'Duplicate action name in an agent',
  doc: "Two actions of one agent have the same name, so the AI could not tell them apart. A binding's name is\nits shared action's `name` (an MCP tool binding's, the tool name). Reported on each of them.",
  data: { name: 'string' },
});
