import { addSlot } from '../features/fixEdits';
import { defineRule, type QuickFix } from './rule';

/** One fix per missing environment. */
export const addMissingSlot: QuickFix = {
  title: 'Add the missing slot to the integration',
  createCodeAction({ index, data, fix }) {
    if (typeof data.integration !== 'string' || !Array.isArray(data.missing)) return;
    for (const env of data.missing) if (typeof env === 'string') fix(`Add a ${env} slot to '${data.integration}'`, addSlot(index, data.integration, env));
  },
};

/** SK031: Linked integration lacks a slot the agent needs. */
export const SK031 = defineRule({
  code: 'SK031',
  severity: 'warning',
  title: 'Linked integration lacks a slot the agent needs',
  doc: "An **active** agent links actions of several integrations, and one of them has no slot for an\nenvironment another one has: the agent cannot run in that environment. Reported on each binding to the\nintegration that lacks the slot. Inactive agents are not checked.",
  data: { integration: 'string', missing: 'string[]' },
  quickFixes: [addMissingSlot],
});
