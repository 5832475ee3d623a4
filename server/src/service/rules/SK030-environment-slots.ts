import { defineRule } from './rule';

/** SK030: Environment slots missing or not allowed. */
export const SK030 = defineRule({
  code: 'SK030',
  severity: 'error',
  title: 'Environment slots missing or not allowed',
  doc: "A Custom API integration or messaging channel has no environment slot (no `environments`, or an empty\none), so no agent can use it; or an MCP server has `environments` (it has one `url` for every\nenvironment).",
  data: {},
});
