import { type Resolution, splitLink } from '../bindings';
import type { Ref } from '../summary';
import { relinkToClosest, removeBinding } from './SK010-missing-integration';
import { type AddFinding, defineRule, related } from './rule';

export function reportDeleted(label: string, link: Ref, r: Extract<Resolution, { status: 'deleted' }>, add: AddFinding): void {
  add(
    'SK011',
    link.range,
    `${label}: the shared action was deleted: '${r.integrationId}' has no action '${splitLink(link.target)!.actionId}'. Publishing is blocked: remove the binding or link another action.`,
    r.integration ? [related(r.integration.uri, r.integration.idRange, `integration '${r.integrationId}'`)] : [],
    { fullId: link.target },
  );
}

/** SK011: Linked shared action was deleted. */
export const SK011 = defineRule({
  code: 'SK011',
  severity: 'error',
  title: 'Linked shared action was deleted',
  doc: "The binding's integration exists but has no action with that id, and no shared action with the same\nid, or with the name the agent's lock recorded for it, exists anywhere (otherwise it is\n[SK012](#sk012)). The related location is the integration.",
  data: { fullId: 'string' },
  quickFixes: [relinkToClosest(), removeBinding()],
  treeStatus: 'broken',
});
