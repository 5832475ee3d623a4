/**
 * The tools lock of an MCP server integration (`<id>.tools.lock.yaml`, next to the integration file):
 * the tools a discovery found, as text. Pure: the caller discovers and writes.
 */
import { Document, isScalar, visit } from 'yaml';
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { writeFile } from './features/codeActions';
import { normalizeTools, toolsLockUriFor, type DiscoveredTool } from './discoveredTools';
import { summariesOf } from './features/queries';
import type { WorkspaceIndex } from './workspace';

/**
 * The lock text: a header comment, then the integration id, the discovery time (quoted, so no YAML
 * reader takes it for a date) and the tools sorted by name. Lists of plain values (`enum`, `required`)
 * are written inline, as a person would.
 */
export function buildToolsLock(integrationId: string, tools: DiscoveredTool[], discoveredAt: Date | string): string {
  const header = `# Written by Stellar Kit. Do not edit: run "Discover tools" on ${integrationId} (or \`stellar-kit discover ${integrationId}\`).\n`;
  const stamp = typeof discoveredAt === 'string' ? discoveredAt : discoveredAt.toISOString();
  const doc = new Document({ integration: integrationId, discoveredAt: stamp, tools: normalizeTools(tools) });
  const node = doc.get('discoveredAt', true);
  if (isScalar(node)) node.type = 'QUOTE_DOUBLE';
  visit(doc, {
    Seq(_key, node) {
      if (node.items.every((i) => isScalar(i))) node.flow = true;
    },
  });
  return header + doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

export interface ToolsLockWrite {
  uri: string;
  text: string;
  edit: WorkspaceEdit;
  tools: number;
}
export interface ToolsLockEditParams {
  integrationUri: string;
  tools: unknown;
}
/** The answer to `stellarKit/toolsLockEdit`: the write, and the bindings it leaves without a tool (SK061). */
export interface ToolsLockEditResult extends ToolsLockWrite {
  unoffered: string[];
}

/** The edit writing the tools lock of an MCP integration; undefined when `integrationUri` is not one. */
export function toolsLockEdit(index: WorkspaceIndex, integrationUri: string, tools: unknown, now: Date): ToolsLockWrite | undefined {
  const a = index.analysis(integrationUri);
  const s = a?.summary;
  if (s?.kind !== 'integration' || s.integrationKind !== 'mcp-server') return undefined;
  const normalized = normalizeTools(tools);
  const uri = toolsLockUriFor(integrationUri);
  // The same tools again keep their discovery time, so rediscovering an unchanged server changes no file.
  const old = index.analysis(uri)?.summary;
  const same = old?.kind === 'toolsLock' && old.discoveredAt !== undefined && JSON.stringify(normalizeTools(old.tools)) === JSON.stringify(normalized);
  const text = buildToolsLock(s.id, normalized, same ? old.discoveredAt! : now);
  return { uri, text, edit: writeFile(index, uri, text), tools: normalized.length };
}

/** The bindings of agents to tools of `integrationId` that `tools` does not offer (they would get SK061). */
export function unofferedBindings(index: WorkspaceIndex, integrationId: string, tools: DiscoveredTool[]): string[] {
  const names = new Set(tools.map((t) => t.name));
  const out: string[] = [];
  for (const a of index.analyses()) {
    if (a.summary?.kind !== 'agent') continue;
    for (const x of a.summary.actions) {
      const link = x.link?.target;
      if (!link?.startsWith(`${integrationId}/`)) continue;
      if (!names.has(link.slice(integrationId.length + 1))) out.push(`${a.summary.id}: ${link}`);
    }
  }
  return out.sort();
}

/** The MCP server integrations of the workspace, by id. */
export function mcpIntegrations(index: WorkspaceIndex): { id: string; uri: string; name: string }[] {
  return summariesOf(index, 'integration')
    .filter((s) => s.integrationKind === 'mcp-server')
    .map((s) => ({ id: s.id, uri: s.uri, name: s.name ?? s.id }))
    .sort((a, b) => a.id.localeCompare(b.id) || a.uri.localeCompare(b.uri));
}

/** What `stellarKit/toolsLockEdit` answers: the write, and the bindings the discovered tools leave without one. */
export function toolsLockAnswer(index: WorkspaceIndex, integrationUri: string, tools: unknown, now: Date): ToolsLockEditResult | undefined {
  const write = toolsLockEdit(index, integrationUri, tools, now);
  const id = index.analysis(integrationUri)?.id;
  if (!write || !id) return undefined;
  return { ...write, unoffered: unofferedBindings(index, id, normalizeTools(tools)) };
}
