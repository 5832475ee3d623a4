import { addCredentials } from '../features/fixEdits';
import { defineRule, type QuickFix } from './rule';

export const addEnvironmentCredentials: QuickFix = {
  title: "Add credentials for the slot's environment to the auth connector",
  createCodeAction({ index, data, fix }) {
    if (typeof data.auth === 'string' && typeof data.env === 'string') fix(`Add ${data.env} credentials to auth connector '${data.auth}'`, addCredentials(index, data.auth, data.env), true);
  },
};

/** SK023: Auth connector lacks credentials for the slot environment. */
export const SK023 = defineRule({
  code: 'SK023',
  severity: 'error',
  title: 'Auth connector lacks credentials for the slot environment',
  doc: "An integration slot uses an auth connector that has no credentials for that slot's environment:\nrequests there would go out unauthenticated. Reported on the slot's `auth`, related to the connector.",
  data: { auth: 'string', env: 'string' },
  quickFixes: [addEnvironmentCredentials],
});
