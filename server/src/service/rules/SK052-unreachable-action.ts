import { defineRule } from './rule';

export function unreachableMessage(label: string): string {
  return `${label} has no allowedStates while strictStateSeparation is on: it is reachable from no state. Add allowedStates or turn strict separation off.`;
}

/** SK052: Action reachable from no state. */
export const SK052 = defineRule({
  code: 'SK052',
  severity: 'information',
  title: 'Action reachable from no state',
  doc: '`strictStateSeparation: true` and an action has no (or an empty) `allowedStates`: with strict\nseparation an action runs only in the states it lists, so this one never runs.',
  data: {},
});
