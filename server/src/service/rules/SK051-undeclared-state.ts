import { defineRule } from './rule';

/** SK051: Undeclared allowed state. */
export const SK051 = defineRule({
  code: 'SK051',
  severity: 'error',
  title: 'Undeclared allowed state',
  doc: "An action's `allowedStates` names a state the agent does not declare in `states`. The message lists\nthe declared states.",
  data: { state: 'string' },
});
