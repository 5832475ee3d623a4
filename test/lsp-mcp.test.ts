// The MCP requests (Discover Tools, tools lock edits, tool call plans) over real stdio, on the example workspace.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { TestClient } from './lsp/client';
import { withExampleServer } from './lsp/suite';

interface AgentsTree {
  items: { id: string; uri: string; actions: { index: number; link?: string; type?: string }[] }[];
}

describe('language server: MCP requests', () => {
  let c: TestClient;
  withExampleServer((client) => (c = client));

  const integration = () => c.uri('integrations/helpdesk-mcp/helpdesk-mcp.integration.yaml');

  it('stellarKit/mcpServer: where the tools lock goes, the environments, and the plan with the credentials kept symbolic', async () => {
    const info = await c.request<{
      id: string;
      authId: string;
      lockUri: string;
      environments: string[];
      plan?: { ok: boolean; plan?: { url: string; auth: unknown } };
    }>('stellarKit/mcpServer', { integrationUri: integration(), environment: 'production' });
    assert.equal(info.id, 'helpdesk-mcp');
    assert.equal(info.authId, 'helpdesk-token');
    assert.equal(info.lockUri, c.uri('integrations/helpdesk-mcp/helpdesk-mcp.tools.lock.yaml'));
    assert.deepEqual(info.environments, ['development', 'staging', 'production']);
    assert.deepEqual(info.plan, {
      ok: true,
      plan: {
        integration: 'helpdesk-mcp',
        environment: 'production',
        url: 'https://helpdesk.acme.example/mcp',
        auth: { type: 'bearer', token: { secret: 'HELPDESK_MCP_TOKEN' } },
        authId: 'helpdesk-token',
      },
    });
    await assert.rejects(
      c.request('stellarKit/mcpServer', { integrationUri: c.uri('integrations/billing-api/billing-api.integration.yaml') }),
      /not an MCP server integration/,
    );
  });

  it('stellarKit/toolsLockEdit: replaces the lock and names the bindings left without a tool', async () => {
    const r = await c.request<{ uri: string; text: string; tools: number; unoffered: string[]; edit: { documentChanges: unknown[] } }>(
      'stellarKit/toolsLockEdit',
      {
        integrationUri: integration(),
        tools: [
          { name: 'search_articles', description: 'Search', inputSchema: { type: 'object', properties: { query: { type: 'string' } } } },
          { bogus: true },
        ],
      },
    );
    assert.equal(r.tools, 1);
    assert.match(
      r.text,
      /^# Written by Stellar Kit\. Do not edit: run "Discover tools" on helpdesk-mcp[^\n]*\nintegration: helpdesk-mcp\ndiscoveredAt: "[^"]+"\ntools:\n {2}- name: search_articles\n/,
    );
    assert.equal(r.edit.documentChanges.length, 1, 'the existing lock is replaced in place');
    assert.deepEqual(r.unoffered, ['helpdesk-triage: helpdesk-mcp/get_ticket_status']);
  });

  it('stellarKit/toolCallPlan: the tool binding, its schema and environments; other actions are not tools', async () => {
    const agents = await c.request<AgentsTree[]>('stellarKit/agentsTree', {});
    const triage = agents[0].items.find((a) => a.id === 'helpdesk-triage')!;
    const tool = triage.actions.find((a) => a.link === 'helpdesk-mcp/search_articles')!;
    const info = await c.request<{
      tool: boolean;
      label: string;
      schema: { required: string[] };
      environments: string[];
      plan?: { ok: boolean; plan?: { tool: string; arguments: unknown }; error?: string };
    }>('stellarKit/toolCallPlan', {
      agentUri: triage.uri,
      actionIndex: tool.index,
      environment: 'staging',
      arguments: { query: 'router blinking' },
    });
    assert.equal(info.tool, true);
    assert.equal(info.label, 'helpdesk-triage/search_articles');
    assert.deepEqual(info.schema.required, ['query']);
    assert.deepEqual(info.environments, ['development', 'staging', 'production']);
    assert.ok(info.plan?.ok, JSON.stringify(info.plan));
    assert.equal(info.plan!.plan!.tool, 'search_articles');
    const bad = await c.request<{ plan?: { ok: boolean; error?: string } }>('stellarKit/toolCallPlan', {
      agentUri: triage.uri,
      actionIndex: tool.index,
      environment: 'staging',
      arguments: { limit: 50 },
    });
    assert.match(
      bad.plan?.error ?? '',
      /required property 'query'.*parameter 'limit' must be <= 10|parameter 'limit' must be <= 10.*required property 'query'/,
    );
    const other = triage.actions.find((a) => a.type === 'api-call')!;
    assert.deepEqual(await c.request('stellarKit/toolCallPlan', { agentUri: triage.uri, actionIndex: other.index }), { tool: false });
  });
});
