import { defineRule } from './rule';

/** SK060: Shared action under an MCP server. */
export const SK060 = defineRule({
  code: 'SK060',
  severity: 'error',
  title: 'Shared action under an MCP server',
  doc: "A `*.action.yaml` names an MCP server integration. An MCP server's tools are discovered from the\nserver, not defined in files.",
  data: {},
});
