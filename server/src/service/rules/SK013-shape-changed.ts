import { defineRule } from './rule';

/** SK013: Shared action shape changed since the lock. */
export const SK013 = defineRule({
  code: 'SK013',
  severity: 'warning',
  title: 'Shared action shape changed since the lock',
  doc: "The shared action a binding links has changed since the agent's lock (`<agent>.agent.lock.yaml`)\nrecorded it. The message lists every change, old and new:",
  data: { fullId: 'string', changes: 'string[]' },
  treeStatus: 'shapeChanged',
});
