import { addSlot } from '../features/fixEdits';
import type { AgentSummary, IntegrationSummary, Ref } from '../summary';
import { ENVIRONMENTS } from '../types';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

/** One fix per missing environment. */
export function addMissingSlot(): QuickFix {
  return {
    title: 'Add the missing slot to the integration',
    createCodeAction({ index, data, fix }) {
      if (typeof data.integration !== 'string' || !Array.isArray(data.missing)) return;
      for (const env of data.missing) if (typeof env === 'string') fix(`Add a ${env} slot to '${data.integration}'`, addSlot(index, data.integration, env));
    },
  };
}

/** An active agent whose linked integrations do not share their slots: `slotsOf` maps each integration id to its bindings. */
export function checkMissingSlots(s: AgentSummary, slotsOf: Map<string, { integration: IntegrationSummary; binding: Ref }[]>, add: AddFinding): void {
  if (s.status === 'active' && slotsOf.size > 1) {
    const union = new Set<string>();
    for (const [, uses] of slotsOf) for (const e of uses[0].integration.slots) union.add(e.env);
    for (const [id, uses] of slotsOf) {
      const have = new Set(uses[0].integration.slots.map((x) => x.env));
      const missing = ENVIRONMENTS.filter((e) => union.has(e) && !have.has(e));
      if (missing.length === 0) continue;
      const others = [...slotsOf.values()].map((u) => u[0].integration).filter((i) => i.id !== id && missing.some((m) => i.slots.some((x) => x.env === m)));
      for (const u of uses) {
        add(
          'SK031',
          u.binding.range,
          `Binding '${u.binding.target}': integration '${id}' has no ${missing.join(' or ')} slot while ${others.map((o) => `'${o.id}'`).join(', ')} ${others.length === 1 ? 'has' : 'have'}, so this active agent cannot run there. Add the slot to '${id}' or accept that the agent runs only where all its integrations do.`,
          [related(uses[0].integration.uri, uses[0].integration.environmentsRange ?? uses[0].integration.idRange, `slots: ${[...have].join(', ') || 'none'}`)],
          { integration: id, missing },
        );
      }
    }
  }
}

/** SK031: Linked integration lacks a slot the agent needs. */
export const SK031 = defineRule({
  code: 'SK031',
  severity: 'warning',
  title: 'Linked integration lacks a slot the agent needs',
  doc: 'An **active** agent links actions of several integrations, and one of them has no slot for an\nenvironment another one has: the agent cannot run in that environment. Reported on each binding to the\nintegration that lacks the slot. Inactive agents are not checked.',
  data: { integration: 'string', missing: 'string[]' },
  quickFixes: [addMissingSlot()],
});
