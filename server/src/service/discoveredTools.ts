/** Tools as discovery found them and where their lock lives. No imports: the runner and the client bundle it. */

/** One tool as `tools/list` described it (only what the tools lock keeps). */
export interface DiscoveredTool { name: string; description?: string; inputSchema?: Record<string, unknown> }

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `<id>.tools.lock.yaml` next to `<id>.integration.yaml`. */
export function toolsLockUriFor(integrationUri: string): string {
  return integrationUri.replace(/\.integration\.yaml$/, '.tools.lock.yaml');
}

/**
 * Keeps what the tools lock allows (name, description, inputSchema), drops entries without a name and
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
    out.set(t.name, tool);
  }
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
