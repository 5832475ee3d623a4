import { defineRule } from './rule';

/** SK002: Schema violation. */
export const SK002 = defineRule({
  code: 'SK002',
  severity: 'error',
  title: 'Schema violation',
  doc: "A field breaks the format: a required field is missing, a value has the wrong type, is out of range\n(`maxSuccessfulCalls: 0`), is not one of the allowed values (`method: get`), or does not match its\npattern (ids, action names, a `link` that is not `<integration-id>/<action-id>`). Also SK002:",
  data: { missing: 'string?', at: 'path?', sample: 'unknown?', allowed: 'unknown[]?', suggestion: 'string?', remove: 'string?' },
});
