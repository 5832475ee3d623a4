/** A tool call's result as text (the CLI and the editor show the same) and as JSON (`--format json`). */
import { megabytes } from './http';
import type { ToolCallResult, ToolContent } from './mcp';

/** Text that is JSON is shown pretty-printed; anything else as it is. */
function prettyText(text: string): string {
  const t = text.trim();
  if (t.startsWith('{') || t.startsWith('[')) {
    try {
      return JSON.stringify(JSON.parse(t), null, 2);
    } catch {
      /* not JSON after all */
    }
  }
  return text;
}

function base64Size(data: unknown): string {
  return typeof data === 'string' ? megabytes(Math.floor((data.length * 3) / 4)) : 'no data';
}

function contentLines(c: ToolContent, n: number): string[] {
  const s = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (c.type) {
    case 'text':
      return [`[${n}] text`, prettyText(s(c.text))];
    case 'image':
    case 'audio':
      return [`[${n}] ${c.type} (${s(c.mimeType) || 'unknown type'}, ${base64Size(c.data)})`];
    case 'resource_link':
      return [`[${n}] resource link ${s(c.name) || s(c.uri)}: ${s(c.uri)}${c.description ? ` (${s(c.description)})` : ''}`];
    case 'resource': {
      const r = (typeof c.resource === 'object' && c.resource !== null ? c.resource : {}) as Record<string, unknown>;
      const head = `[${n}] resource ${s(r.uri)}${r.mimeType ? ` (${s(r.mimeType)})` : ''}`;
      return typeof r.text === 'string' ? [head, prettyText(r.text)] : [head, `(binary, ${base64Size(r.blob)})`];
    }
    default:
      return [`[${n}] ${c.type}`, JSON.stringify(c, null, 2)];
  }
}

export function renderToolResult(r: ToolCallResult): string {
  const server = [r.server.name, r.server.version].filter(Boolean).join(' ') || 'unnamed server';
  const lines = [
    `${r.label} in ${r.environment}`,
    '',
    `tools/call ${r.tool} at ${r.url}`,
    `Arguments: ${JSON.stringify(r.arguments)}`,
    `Server: ${server} (MCP ${r.server.protocolVersion})`,
    `Time: ${r.timingMs} ms`,
    `Result: ${r.isError ? 'the tool reported an error (isError)' : 'ok'}`,
    '',
    r.content.length ? 'Content:' : 'Content: (none)',
  ];
  r.content.forEach((c, i) => lines.push(...contentLines(c, i + 1)));
  if (r.structuredContent !== undefined) lines.push('', 'Structured content:', JSON.stringify(r.structuredContent, null, 2));
  return lines.join('\n') + '\n';
}

export function toolResultJson(r: ToolCallResult): string {
  return (
    JSON.stringify(
      {
        action: r.label,
        tool: r.tool,
        environment: r.environment,
        url: r.url,
        arguments: r.arguments,
        server: r.server,
        timingMs: r.timingMs,
        isError: r.isError,
        content: r.content,
        ...(r.structuredContent !== undefined ? { structuredContent: r.structuredContent } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}
