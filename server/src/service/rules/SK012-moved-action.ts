import { defineRule } from './rule';

/** SK012: Linked shared action moved. */
export const SK012 = defineRule({
  code: 'SK012',
  severity: 'error',
  title: 'Linked shared action moved',
  doc: "The binding's target no longer exists, but a shared action that is evidently the same one exists\nunder another id. A binding is resolved in this order:",
  data: { fullId: 'string', candidates: 'string[]' },
  treeStatus: 'broken',
});
