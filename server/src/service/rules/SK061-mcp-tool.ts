import type { Resolution } from '../bindings';
import { closest } from '../closest';
import { taskRequiredMessage } from '../discoveredTools';
import type { Ref } from '../summary';
import { type AddFinding, defineRule, related } from './rule';

/**
 * A binding to an MCP tool: the tool is among the discovered ones and runnable. Nothing discovered yet is the
 * `cannotTell` variant (information): the check cannot tell, which is not a finding against the binding.
 */
export function checkTool(label: string, tool: string, link: Ref, r: Extract<Resolution, { status: 'tool' }>, add: AddFinding): void {
  if (!r.tools) {
    add(
      'SK061.cannotTell',
      link.range,
      `${label}: no tools have been discovered for MCP server '${r.integration.id}' yet, so it cannot tell whether tool '${tool}' exists. Run Discover tools.`,
      [related(r.integration.uri, r.integration.idRange, 'MCP server')],
      { tool },
    );
  } else if (!r.tool) {
    const guess = closest(
      tool,
      r.tools.tools.map((t) => t.name),
    );
    add(
      'SK061',
      link.range,
      `${label}: MCP server '${r.integration.id}' has no tool '${tool}' among the ${r.tools.tools.length} discovered${r.tools.discoveredAt ? ` at ${r.tools.discoveredAt}` : ''}.${guess ? ` Did you mean '${guess}'?` : ''} Fix the name or discover tools again.`,
      [related(r.tools.uri, r.tools.idRange, 'discovered tools')],
      { tool, suggestion: guess },
    );
  } else if (r.tool.execution?.taskSupport === 'required') {
    add('SK061', link.range, taskRequiredMessage(label, r.integration.id, tool), [related(r.tools.uri, r.tool.nameRange, 'taskSupport: required')], {
      tool,
      taskRequired: true,
    });
  }
}

/** SK061: MCP tool not among the discovered tools, or not runnable. */
export const SK061 = defineRule({
  code: 'SK061',
  severity: 'warning',
  variants: {
    cannotTell: { severity: 'information', when: 'no tools were discovered for the MCP server yet, so the check cannot tell whether the tool exists' },
  },
  title: 'MCP tool not among the discovered tools, or not runnable',
  doc: "A binding links `<mcp-integration-id>/<tool>` and the server's tools lock\n(`<integration-id>.tools.lock.yaml`) has no such tool (the message suggests a close name). When there is\nno tools lock yet, Stellar Kit cannot tell, and says so as information. A binding to an MCP tool that\nsets `parameters` or `bodyTemplate` is [SK002](#sk002).",
  data: { tool: 'string', suggestion: 'string?', taskRequired: 'boolean?' },
  treeStatus: 'tool',
});
