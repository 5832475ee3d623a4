// The Run panel for MCP tools and send-text-message actions, without VS Code: the same session as HTTP
// actions, against a real MCP server (the SDK's) and a local HTTP server standing in for Telnyx.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { discoverToolsFlow } from '../client/src/run/discover';
import type { FlowDeps } from '../client/src/run/flow';
import type { ToPanel } from '../client/src/run/panel/messages';
import { RunSession, sessionSpec, type PanelHost } from '../client/src/run/panel/session';
import { Secrets, secretKey } from '../client/src/secrets';
import { mcpIntegrationInfo, toolCallInfo } from '../server/src/service/run/mcpPlan';
import { runPlanInfo } from '../server/src/service/runInfo';
import { toolsLockAnswer } from '../server/src/service/toolsLock';
import { agentsTree, integrationsTree } from '../server/src/service/trees';
import type { WorkspaceIndex } from '../server/src/service/workspace';
import { FakeUi, memoryStore } from './run/fakeUi';
import { json, serve, workspace, type TestServer } from './run/helpers';
import { startMcpServer, type McpTestServer } from './run/mcpServer';

const CANARY = 'canary-panel-kinds-2b7e';
const FAST = { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 5000 } };

function host(): PanelHost & { posted: ToPanel[] } {
  const map = new Map<string, unknown>();
  const posted: ToPanel[] = [];
  return {
    posted,
    post: (m) => void posted.push(structuredClone(m)),
    copy: async () => undefined,
    showRaw: async () => undefined,
    updateSecret: async () => undefined,
    store: { get: <T>(k: string) => map.get(k) as T | undefined, update: async (k, v) => void map.set(k, v) },
  };
}

async function deps(index: WorkspaceIndex, secrets: Record<string, string>): Promise<FlowDeps> {
  const store = memoryStore();
  for (const [k, v] of Object.entries(secrets)) await store.store(k, v);
  return {
    ui: new FakeUi(),
    secrets: new Secrets(store),
    isTrusted: () => true,
    log: () => undefined,
    send: FAST,
    server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p), toolCallPlan: async (p) => toolCallInfo(index, p) },
  };
}

describe('run panel: MCP tools', () => {
  let server: McpTestServer;
  before(async () => {
    server = await startMcpServer({ token: CANARY });
  });
  after(() => server.close());

  it('the form comes from the tool input schema; the result shows the structured content', async () => {
    const index = workspace({
      'stellar.yaml': 'secrets:\n  DOCS_TOKEN: t\n',
      'docs.integration.yaml': `kind: mcp-server\nname: Docs\nurl: ${server.url}\nauth: docs-token\n`,
      'docs-token.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: DOCS_TOKEN } }\n',
      'support.agent.yaml': 'name: Support\nstatus: active\nactions:\n  - link: docs/get_ticket\n',
    });
    const d = await deps(index, { [secretKey('development', 'DOCS_TOKEN')]: CANARY });
    const found = await discoverToolsFlow(
      {
        ...d,
        server: {
          integrations: async () => integrationsTree(index),
          mcpServer: async (p) => mcpIntegrationInfo(index, p.integrationUri, p.environment)!,
          toolsLockEdit: async (p) => toolsLockAnswer(index, p.integrationUri, p.tools, new Date('2026-12-01T00:00:00Z'))!,
        },
        writeLock: async (w) => (index.setFile(w.uri, w.text), true),
        refresh: () => undefined,
      },
      { integrationUri: 'file:///ws/docs.integration.yaml', environment: 'development' },
    );
    assert.equal(found.kind, 'discovered');
    const spec = await sessionSpec(d, { agentUri: 'file:///ws/support.agent.yaml', actionIndex: 0 });
    assert.ok(!('error' in spec) && spec.kind === 'tool', JSON.stringify(spec));
    const h = host();
    const s = new RunSession(d, h, spec);
    await s.handle({ type: 'ready' });
    const init = h.posted[0] as Extract<ToPanel, { type: 'init' }>;
    assert.equal(init.kind, 'tool');
    assert.deepEqual(
      init.fields.map((f) => [f.name, f.kind, f.required]),
      [
        ['ticket_id', 'text', true],
        ['detail', 'select', true],
      ],
    );
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.ticket_id': 'T-9', 'parameters.detail': '"full"' } });
    const r = h.posted.at(-1) as Extract<ToPanel, { type: 'result' }>;
    assert.equal(r.type, 'result', JSON.stringify(r));
    assert.equal(r.view.status, 'tool ok');
    assert.match(r.view.request, /^tools\/call get_ticket at http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    assert.deepEqual(r.view.body.kind === 'json' && r.view.body.root, {
      key: undefined,
      type: 'object',
      size: 3,
      children: [
        { key: 'ticket_id', type: 'string', text: '"T-9"' },
        { key: 'status', type: 'string', text: '"open"' },
        { key: 'detail', type: 'string', text: '"full"' },
      ],
    });
    assert.deepEqual(r.actions, { curl: false, raw: true, recordShape: false, updateSecrets: [] });
    assert.ok(!JSON.stringify(h.posted).includes(CANARY));

    // The server refuses a wrong token (401): the panel offers to update the secret the auth connector sent.
    await d.secrets.set('development', 'DOCS_TOKEN', 'wrong-token');
    await s.handle({ type: 'send', environment: 'development', texts: { 'parameters.ticket_id': 'T-9', 'parameters.detail': '"full"' } });
    const f = h.posted.at(-1) as Extract<ToPanel, { type: 'failure' }>;
    assert.equal(f.type, 'failure', JSON.stringify(f));
    assert.match(f.message, /401/, f.message);
    assert.deepEqual(f.actions.updateSecrets, [{ name: 'DOCS_TOKEN', environment: 'development' }]);
  });
});

describe('run panel: send-text-message', () => {
  let telnyx: TestServer;
  before(async () => {
    telnyx = await serve((_req, res) => json(res, 200, { data: { id: 'msg-1', record_type: 'message' } }));
  });
  after(() => telnyx.close());

  it('asks the caller number and the text in the form, and posts to Telnyx', async () => {
    const index = workspace({
      'stellar.yaml': 'secrets:\n  TELNYX_API_KEY: k\n',
      'sms.integration.yaml':
        'kind: messaging-channel\nname: SMS\nprovider: telnyx\nenvironments:\n  development: { fromNumber: "+14155550100", messagingProfileId: prof-dev, auth: telnyx }\n',
      'telnyx.auth.yaml': 'type: api-key\nname: Telnyx\nenvironments:\n  development: { in: header, name: Authorization, value: { secret: TELNYX_API_KEY } }\n',
      'agent.agent.yaml':
        'name: A\nstatus: active\nactions:\n  - type: send-text-message\n    name: to_caller\n    description: d\n    channel: sms\n    recipient: caller\n',
    });
    const d = { ...(await deps(index, { [secretKey('development', 'TELNYX_API_KEY')]: CANARY })), telnyxBaseUrl: () => telnyx.url };
    const spec = await sessionSpec(d, { agentUri: 'file:///ws/agent.agent.yaml', actionIndex: 0 });
    assert.ok(!('error' in spec), JSON.stringify(spec));
    const h = host();
    const s = new RunSession(d, h, spec);
    assert.deepEqual(
      s.fields.map((f) => f.id),
      ['variables.call.from', 'message'],
    );
    await s.handle({ type: 'send', environment: 'development', texts: { 'variables.call.from': '+31612345678', message: 'Hello there' } });
    const r = h.posted.at(-1) as Extract<ToPanel, { type: 'result' }>;
    assert.equal(r.type, 'result', JSON.stringify(r));
    assert.equal(r.view.status, '200 OK');
    const sent = JSON.parse(telnyx.seen.at(-1)!.body);
    assert.equal(sent.to, '+31612345678');
    assert.equal(sent.text, 'Hello there');
    assert.equal(telnyx.seen.at(-1)!.url, '/v2/messages');
    assert.ok(!JSON.stringify(h.posted).includes(CANARY));
    assert.equal(r.actions.recordShape, false, 'no response shape for a text message');
  });
});
