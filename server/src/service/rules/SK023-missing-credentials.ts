import { addCredentials } from '../features/fixEdits';
import type { AuthSummary, Ref, SlotSummary } from '../summary';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

export function addEnvironmentCredentials(): QuickFix {
  return {
    title: "Add credentials for the slot's environment to the auth connector",
    createCodeAction({ index, data, fix }) {
      if (typeof data.auth === 'string' && typeof data.env === 'string')
        fix(`Add ${data.env} credentials to auth connector '${data.auth}'`, addCredentials(index, data.auth, data.env), true);
    },
  };
}

/** The connector of an integration slot has credentials for the slot's environment. */
export function checkSlotCredentials(slot: SlotSummary, ref: Ref, auth: AuthSummary, add: AddFinding): void {
  if (!auth.envs.includes(slot.env)) {
    add(
      'SK023',
      ref.range,
      `The ${slot.env} slot uses auth connector '${auth.id}', which has no credentials for ${slot.env}: requests there would go out unauthenticated. Add ${slot.env} to the connector's environments.`,
      [related(auth.uri, auth.idRange, `credentials for: ${auth.envs.join(', ') || 'none'}`)],
      { auth: auth.id, env: slot.env },
    );
  }
}

/** SK023: Auth connector lacks credentials for the slot environment. */
export const SK023 = defineRule({
  code: 'SK023',
  severity: 'error',
  title: 'Auth connector lacks credentials for the slot environment',
  doc: "An integration slot uses an auth connector that has no credentials for that slot's environment:\nrequests there would go out unauthenticated. Reported on the slot's `auth`, related to the connector.",
  data: { auth: 'string', env: 'string' },
  quickFixes: [addEnvironmentCredentials()],
});
