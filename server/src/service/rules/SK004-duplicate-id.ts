import { defineRule } from './rule';

/** SK004: Duplicate id. */
export const SK004 = defineRule({
  code: 'SK004',
  severity: 'error',
  title: 'Duplicate id',
  doc: "Two files define the same integration, auth connector or agent id (the file name without its\nsuffix), or the same shared action id within one integration (two `lookup_invoice.action.yaml` with\n`integration: billing-api`, in different folders). References to it would be ambiguous. Reported on\nevery copy, each pointing at the others. The same action id under two different integrations is fine.",
  data: {},
});
