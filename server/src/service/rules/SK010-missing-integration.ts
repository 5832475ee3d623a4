import { defineRule } from './rule';

/** SK010: Integration does not exist. */
export const SK010 = defineRule({
  code: 'SK010',
  severity: 'error',
  title: 'Integration does not exist',
  doc: "A binding links `<integration-id>/<action-id>` where no integration has that id and no shared action\nof that id or name exists anywhere else (otherwise it is [SK012](#sk012)). A shared action whose\n`integration:` names a missing integration is SK010 too, on its `integration` value.",
  data: { integration: 'string', fullId: 'string?' },
  treeStatus: 'broken',
});
