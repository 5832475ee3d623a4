import { addMissingFields, changeToAllowed, removeField } from './SK002-schema';
import { defineRule } from './rule';

/** SK050: Invalid conversation phase. */
export const SK050 = defineRule({
  code: 'SK050',
  severity: 'error',
  title: 'Invalid conversation phase',
  doc: "A phase is not `in-call` or `post-call`, an `end-call` action lists `post-call` (there is no call left to\nend), or `phases` is an empty list (the action could never run; leave `phases` out for both phases).",
  data: { allowed: 'unknown[]?', suggestion: 'string?' },
  quickFixes: [addMissingFields, changeToAllowed, removeField],
});
