/** Tools as discovery found them and where their lock lives. No imports: the runner and the client bundle it. */

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** How a tool may be run with MCP tasks; `forbidden` (the default) is not written. */
export type TaskSupport = 'forbidden' | 'optional' | 'required';

/** One tool as `tools/list` described it (only what the tools lock keeps). */
export interface DiscoveredTool {
  name: string;
  description?: string;
  inputSchema?: Record<string, unknown>;
  execution?: { taskSupport: 'optional' | 'required' };
}

/** The tool's `execution.taskSupport` when it is `optional` or `required`. */
export function taskSupportOf(t: unknown): 'optional' | 'required' | undefined {
  const e = isRecord(t) ? t.execution : undefined;
  const v = isRecord(e) ? e.taskSupport : undefined;
  return v === 'optional' || v === 'required' ? v : undefined;
}

/** `<id>.tools.lock.yaml` next to `<id>.integration.yaml`. */
export function toolsLockUriFor(integrationUri: string): string {
  return integrationUri.replace(/\.integration\.yaml$/, '.tools.lock.yaml');
}

/**
 * Keeps what the tools lock allows (name, description, inputSchema, execution.taskSupport unless `forbidden`), drops entries without a name and
 * repeated names (the first wins), and sorts by name (code points) so discovering the same server again
 * writes the same text. Input schemas stay as the server gave them.
 */
export function normalizeTools(raw: unknown): DiscoveredTool[] {
  const out = new Map<string, DiscoveredTool>();
  for (const t of Array.isArray(raw) ? raw : []) {
    if (!isRecord(t) || typeof t.name !== 'string' || t.name === '' || out.has(t.name)) continue;
    const tool: DiscoveredTool = { name: t.name };
    if (typeof t.description === 'string' && t.description !== '') tool.description = t.description;
    if (isRecord(t.inputSchema)) tool.inputSchema = t.inputSchema;
    const tasks = taskSupportOf(t);
    if (tasks) tool.execution = { taskSupport: tasks };
    out.set(t.name, tool);
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Why a binding to a tool with `execution.taskSupport: required` cannot be run (SK061 and run refusals). */
export function taskRequiredMessage(label: string, integrationId: string, tool: string): string {
  return `${label}: tool '${tool}' of MCP server '${integrationId}' requires task execution (execution.taskSupport: required). Stellar Kit cannot run tools that require task execution: it calls tools with a plain tools/call, so this binding cannot be run or tried from the editor or the CLI.`;
}
