// An MCP request that times out is cancelled (notifications/cancelled with its id and a reason) and the
// session is ended (DELETE with its Mcp-Session-Id), against a hand-written server and the SDK's own server.
import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { callTool } from '../server/src/runner/mcp';
import { EnvSecretSource } from '../server/src/runner/secrets';
import type { ToolCallPlan } from '../server/src/service/run/mcpPlan';
import { startHangingToolServer, startMcpServer, type McpTestServer } from './run/mcpServer';

const servers: McpTestServer[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

function plan(url: string, tool: string): ToolCallPlan {
  return { label: 'support/' + tool, link: `docs/${tool}`, tool, arguments: {}, server: { integration: 'docs', environment: 'development', url } };
}

const LIMITS = { connectTimeoutMs: 1000, totalTimeoutMs: 700 };

describe('MCP timeouts', () => {
  it('a tools/call without an answer: notifications/cancelled with the request id and a reason, then DELETE of the session', async () => {
    const s = await startHangingToolServer();
    servers.push(s);
    const r = await callTool(plan(s.url, 'hang'), { secrets: new EnvSecretSource({}), limits: LIMITS });
    assert.ok(!r.ok);
    assert.match(
      r.error,
      /^tools\/call to http:\/\/127\.0\.0\.1:\d+\/mcp: no complete response within 0\.7 s \(timed out\)\. Sent notifications\/cancelled for the tools\/call request and ended the session\.$/,
    );
    const methods = s.seen.map((x) => (x.method === 'POST' ? (x.body as { method?: string }).method : x.method));
    assert.deepEqual(methods, ['initialize', 'notifications/initialized', 'tools/call', 'notifications/cancelled', 'DELETE']);
    const call = s.seen[2].body as { id: number };
    const cancel = s.seen[3];
    assert.deepEqual((cancel.body as { params: { requestId: number } }).params.requestId, call.id);
    assert.match((cancel.body as { params: { reason: string } }).params.reason, /timed out/);
    assert.equal(cancel.headers['mcp-session-id'], 'session-7d1c');
    assert.equal(s.seen[4].headers['mcp-session-id'], 'session-7d1c');
  });

  it('a call that answers in time sends no cancellation', async () => {
    const s = await startHangingToolServer();
    servers.push(s);
    const r = await callTool(plan(s.url, 'quick'), { secrets: new EnvSecretSource({}), limits: LIMITS });
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.ok(!s.seen.some((x) => (x.body as { method?: string } | undefined)?.method === 'notifications/cancelled'));
    assert.equal(s.seen[s.seen.length - 1].method, 'DELETE');
  });

  it('the SDK server aborts the tool when it gets the cancellation on its event stream session', async () => {
    let aborted: unknown;
    const build = () => {
      const m = new McpServer({ name: 'slow', version: '1.0.0' });
      m.registerTool(
        'slow',
        { description: 'Waits until cancelled' },
        (extra) =>
          new Promise((resolve) => {
            extra.signal.addEventListener('abort', () => {
              aborted = extra.signal.reason ?? true;
              resolve({ content: [{ type: 'text', text: 'cancelled' }] });
            });
          }),
      );
      return m;
    };
    const s = await startMcpServer({ build });
    servers.push(s);
    const r = await callTool(plan(s.url, 'slow'), { secrets: new EnvSecretSource({}), limits: LIMITS });
    assert.ok(!r.ok && /timed out\)\. Sent notifications\/cancelled/.test(r.error), JSON.stringify(r));
    // The SDK aborts the handler when it processes the notification (bounded wait: 40 x 50 ms).
    for (let i = 0; i < 40 && !aborted; i++) await new Promise((res) => setTimeout(res, 50));
    assert.ok(aborted, 'the server saw the cancellation');
    assert.match(String(aborted), /timed out/);
    assert.ok(s.seen.some((x) => x.method === 'DELETE' && typeof x.headers['mcp-session-id'] === 'string'));
  });
});
