import { defineRule } from './rule';

/** SK043: Invalid parameters schema. */
export const SK043 = defineRule({
  code: 'SK043',
  severity: 'error',
  title: 'Invalid parameters schema',
  doc: "An action's `parameters` is not a valid JSON Schema (draft-07), does not have `type: object`, lists\nunder `required` a name that is not in `properties` (the AI could never collect it), or has a `pattern`\n(or `patternProperties` key) that the linear-time engine runs cannot accept: parameters are matched with\nRE2 syntax so no value can hang a run, and RE2 has no lookahead, lookbehind or backreferences\n(see [regular expressions in parameters schemas](format.md#regular-expressions-in-parameters-schemas)).",
  data: { missing: 'string?', at: 'path?', sample: 'unknown?', allowed: 'unknown[]?', suggestion: 'string?' },
});
