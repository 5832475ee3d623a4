import { defineRule } from './rule';

/** SK015: Lock entry for an action no longer linked. */
export const SK015 = defineRule({
  code: 'SK015',
  severity: 'warning',
  title: 'Lock entry for an action no longer linked',
  doc: "A lock entry names a shared action the agent no longer links, or the lock has no agent file next to it.\nReported on the entry's key in the lock. Not reported while the agent file has syntax errors.",
  data: { fullId: 'string' },
});
