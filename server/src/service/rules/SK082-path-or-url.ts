import { defineRule } from './rule';

/** SK082: Invalid action path or URL. */
export const SK082 = defineRule({
  code: 'SK082',
  severity: 'error',
  title: 'Invalid action path or URL',
  doc: "A shared action's `path` is absolute (`https://…`), has placeholders (`/invoices/{id}` or\n`{{ … }}`), or does not start with `/`. The path is appended to each environment's `baseUrl` and is\nstatic; values travel as parameters (query for GET and DELETE, body for POST, PUT and PATCH). An\nagent's `api-call` `url` must be an absolute http(s) URL: it has no base URL.",
  data: {},
});
