// Real MCP servers for the tests: the SDK's McpServer behind its Streamable HTTP transport on node:http,
// and a hand-written JSON-RPC endpoint for what the SDK does not do on request (paging, odd answers).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { z } from 'zod';

export interface McpSeen {
  method: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}
export interface McpTestServer {
  url: string;
  seen: McpSeen[];
  close(): Promise<void>;
}

/** The tools every SDK test server offers: text, isError, required and enum arguments with structured output. */
export function docsServer(): McpServer {
  const s = new McpServer({ name: 'docs-test', version: '1.4.0' });
  s.registerTool(
    'search_docs',
    {
      description: 'Search the help center',
      inputSchema: { query: z.string().describe('What to look for'), locale: z.enum(['en-US', 'nl-NL']).optional() },
    },
    async ({ query }) => ({
      content: [
        { type: 'text', text: `2 articles for "${query}"` },
        {
          type: 'text',
          text: JSON.stringify({
            articles: [
              { id: 1, title: 'Reset a password' },
              { id: 2, title: 'Change an email address' },
            ],
          }),
        },
      ],
    }),
  );
  s.registerTool(
    'get_ticket',
    {
      description: 'Get the status of a support ticket',
      inputSchema: { ticket_id: z.string(), detail: z.enum(['short', 'full']) },
      outputSchema: { ticket_id: z.string(), status: z.string(), detail: z.string() },
    },
    async ({ ticket_id, detail }) => {
      const structuredContent = { ticket_id, status: 'open', detail };
      return { content: [{ type: 'text', text: JSON.stringify(structuredContent) }], structuredContent };
    },
  );
  s.registerTool('broken', { description: 'Always fails' }, async () => ({ isError: true, content: [{ type: 'text', text: 'the ticket system is down' }] }));
  s.registerTool('whoami', { description: 'Echoes the Authorization header it received' }, async (extra) => ({
    content: [{ type: 'text', text: `you sent: ${String(extra.requestInfo?.headers?.authorization)}` }],
  }));
  return s;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

async function listen(
  handler: (req: IncomingMessage, res: ServerResponse, body: unknown, seen: McpSeen[]) => Promise<void> | void,
  path = '/mcp',
): Promise<McpTestServer> {
  const seen: McpSeen[] = [];
  const server = createServer((req, res) => {
    void readBody(req).then(async (text) => {
      let body: unknown;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        body = text;
      }
      seen.push({ method: req.method ?? '', headers: req.headers, body });
      await handler(req, res, body, seen);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The SDK's server with sessions. `json` answers with JSON instead of event streams; `token` makes it
 * answer 401 to any request without `Authorization: Bearer <token>`.
 */
export async function startMcpServer(o: { json?: boolean; token?: string; build?: () => McpServer } = {}): Promise<McpTestServer> {
  const transports = new Map<string, StreamableHTTPServerTransport>();
  return listen(async (req, res, body) => {
    if (o.token && req.headers.authorization !== `Bearer ${o.token}`) {
      res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
      res.end(JSON.stringify({ error: 'invalid_token' }));
      return;
    }
    const sid = req.headers['mcp-session-id'];
    let t = typeof sid === 'string' ? transports.get(sid) : undefined;
    if (!t) {
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        enableJsonResponse: o.json ?? false,
        onsessioninitialized: (id) => {
          transports.set(id, created);
        },
      });
      created.onclose = () => {
        if (created.sessionId) transports.delete(created.sessionId);
      };
      await (o.build ?? docsServer)().connect(created);
      t = created;
    }
    await t.handleRequest(req, res, body);
  });
}

export type RpcHandler = (
  message: { id?: number | string; method: string; params?: Record<string, unknown> },
  req: IncomingMessage,
  res: ServerResponse,
) => unknown;

/**
 * A hand-written JSON-RPC endpoint: initialize is answered, notifications and responses get 202, and every other request
 * goes to `handle`, which returns the result (sent as JSON) or answers `res` itself (returning undefined).
 */
export async function startRpcServer(handle: RpcHandler): Promise<McpTestServer> {
  return listen((req, res, body) => {
    const m = body as { id?: number; method: string; params?: Record<string, unknown> };
    if (req.method !== 'POST') {
      res.writeHead(405);
      res.end();
      return;
    }
    if (m.id === undefined || m.method === undefined) {
      res.writeHead(202);
      res.end();
      return;
    } // notifications and responses
    if (m.method === 'initialize')
      return rpcJson(res, m.id, { protocolVersion: '2025-03-26', capabilities: { tools: {} }, serverInfo: { name: 'hand-written', version: '0.0.1' } });
    const result = handle(m, req, res);
    if (result !== undefined) rpcJson(res, m.id, result);
  });
}

export function rpcJson(res: ServerResponse, id: number | string | undefined, result: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id, result }));
}

/** Any HTTP server (not MCP) answering every request with `status`, `type` and `body`. */
export async function startPlainServer(status: number, type: string, body: string): Promise<McpTestServer> {
  return listen((_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  }, '/');
}

/** A server that accepts connections and reads requests but never answers. */
export async function startSilentServer(): Promise<McpTestServer> {
  return listen(() => undefined);
}

/**
 * A hand-written server with sessions that never answers tools/call of `hang` (the request is read and left
 * open), answers `quick`, and takes DELETE: every request it gets is in `seen`.
 */
export async function startHangingToolServer(): Promise<McpTestServer> {
  const session = 'session-7d1c';
  return listen((req, res, body) => {
    if (req.method === 'DELETE') {
      res.writeHead(req.headers['mcp-session-id'] === session ? 200 : 404);
      res.end();
      return;
    }
    const m = body as { id?: number; method: string; params?: { name?: string } };
    if (m.id === undefined) {
      res.writeHead(202);
      res.end();
      return;
    }
    if (m.method === 'initialize') {
      res.writeHead(200, { 'content-type': 'application/json', 'mcp-session-id': session });
      res.end(
        JSON.stringify({
          jsonrpc: '2.0',
          id: m.id,
          result: { protocolVersion: '2025-06-18', capabilities: { tools: {} }, serverInfo: { name: 'hanging', version: '1.0.0' } },
        }),
      );
      return;
    }
    if (m.method === 'tools/call' && m.params?.name === 'hang') return; // never answered
    rpcJson(res, m.id, { content: [{ type: 'text', text: 'quick answer' }] });
  });
}
