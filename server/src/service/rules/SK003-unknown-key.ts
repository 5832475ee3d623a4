import { defineRule } from './rule';

/** SK003: Unknown key. */
export const SK003 = defineRule({
  code: 'SK003',
  severity: 'warning',
  title: 'Unknown key',
  doc: "A key the format does not know. It is ignored, which usually means a typo: the message names the\nclosest known key. On a binding, the shared fields `name`, `description`, `method`, `path`, `headers`\nand `outputVariables` are SK003 too: a binding cannot override them, because every agent linking the\nshared action sees the same values.",
  data: { key: 'string', suggestion: 'string?', known: 'string[]' },
});
