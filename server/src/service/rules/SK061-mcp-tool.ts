import { defineRule } from './rule';

/** SK061: MCP tool not among the discovered tools, or not runnable. */
export const SK061 = defineRule({
  code: 'SK061',
  severity: 'warning',
  variants: { cannotTell: { severity: 'information', when: 'no tools were discovered for the MCP server yet, so the check cannot tell whether the tool exists' } },
  title: 'MCP tool not among the discovered tools, or not runnable',
  doc: "A binding links `<mcp-integration-id>/<tool>` and the server's tools lock\n(`<integration-id>.tools.lock.yaml`) has no such tool (the message suggests a close name). When there is\nno tools lock yet, Stellar Kit cannot tell, and says so as information. A binding to an MCP tool that\nsets `parameters` or `bodyTemplate` is [SK002](#sk002).",
  data: { tool: 'string', suggestion: 'string?', taskRequired: 'boolean?' },
  treeStatus: 'tool',
});
