import { defineRule } from './rule';

/** SK041: Body template on a GET or DELETE action. */
export const SK041 = defineRule({
  code: 'SK041',
  severity: 'warning',
  title: 'Body template on a GET or DELETE action',
  doc: "A binding to a GET or DELETE shared action, or a GET or DELETE `api-call`, has a `bodyTemplate`. It is\nignored: for GET and DELETE the collected parameters are sent as query parameters.",
  data: {},
});
