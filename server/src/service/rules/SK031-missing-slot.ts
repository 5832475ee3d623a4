import { defineRule } from './rule';

/** SK031: Linked integration lacks a slot the agent needs. */
export const SK031 = defineRule({
  code: 'SK031',
  severity: 'warning',
  title: 'Linked integration lacks a slot the agent needs',
  doc: "An **active** agent links actions of several integrations, and one of them has no slot for an\nenvironment another one has: the agent cannot run in that environment. Reported on each binding to the\nintegration that lacks the slot. Inactive agents are not checked.",
  data: { integration: 'string', missing: 'string[]' },
});
