import { defineRule } from './rule';

/** SK080: Duplicate action name in an agent. */
export const SK080 = defineRule({
  code: 'SK080',
  severity: 'error',
  title: 'Duplicate action name in an agent',
  doc: "Two actions of one agent have the same name, so the AI could not tell them apart. A binding's name is\nits shared action's `name` (an MCP tool binding's, the tool name). Reported on each of them.",
  data: { name: 'string' },
});
