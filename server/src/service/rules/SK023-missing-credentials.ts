import { defineRule } from './rule';

/** SK023: Auth connector lacks credentials for the slot environment. */
export const SK023 = defineRule({
  code: 'SK023',
  severity: 'error',
  title: 'Auth connector lacks credentials for the slot environment',
  doc: "An integration slot uses an auth connector that has no credentials for that slot's environment:\nrequests there would go out unauthenticated. Reported on the slot's `auth`, related to the connector.",
  data: { auth: 'string', env: 'string' },
});
