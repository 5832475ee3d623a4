import type { IntegrationSummary } from '../summary';
import type { Range } from '../types';
import { type AddFinding, defineRule, related } from './rule';

/** A shared action file names an MCP server as its integration: `range` is its `integration` value. */
export function reportActionUnderMcp(range: Range, integration: IntegrationSummary, add: AddFinding): void {
  add(
    'SK060',
    range,
    `'${integration.id}' is an MCP server: its tools are discovered from the server, not defined in files. Delete this action and run Discover tools, or move it under a Custom API integration.`,
    [related(integration.uri, integration.idRange, 'MCP server integration')],
  );
}

/** SK060: Shared action under an MCP server. */
export const SK060 = defineRule({
  code: 'SK060',
  severity: 'error',
  title: 'Shared action under an MCP server',
  doc: "A `*.action.yaml` names an MCP server integration. An MCP server's tools are discovered from the\nserver, not defined in files.",
  data: {},
});
