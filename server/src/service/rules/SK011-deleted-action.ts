import { relinkToClosest, removeBinding } from './SK010-missing-integration';
import { defineRule } from './rule';

/** SK011: Linked shared action was deleted. */
export const SK011 = defineRule({
  code: 'SK011',
  severity: 'error',
  title: 'Linked shared action was deleted',
  doc: "The binding's integration exists but has no action with that id, and no shared action with the same\nid, or with the name the agent's lock recorded for it, exists anywhere (otherwise it is\n[SK012](#sk012)). The related location is the integration.",
  data: { fullId: 'string' },
  quickFixes: [relinkToClosest, removeBinding],
  treeStatus: 'broken',
});
