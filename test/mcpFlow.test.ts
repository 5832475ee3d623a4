// Discover Tools and running an MCP tool from the editor, without VS Code: a scripted Ui, an in-memory
// secret store, the core answering the server requests, and a real MCP server (the SDK's).
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { discoverToolsFlow, type DiscoverDeps } from '../client/src/run/discover';
import { runActionFlow, type FlowDeps } from '../client/src/run/flow';
import type { PickItem } from '../client/src/run/ui';
import { Secrets, secretKey } from '../client/src/secrets';
import { doComplete } from '../server/src/service/features';
import { mcpIntegrationInfo, toolCallInfo } from '../server/src/service/run/mcpPlan';
import { runPlanInfo } from '../server/src/service/runInfo';
import { toolsLockAnswer } from '../server/src/service/toolsLock';
import { agentsTree, integrationsTree } from '../server/src/service/trees';
import type { WorkspaceIndex } from '../server/src/service/workspace';
import { FakeUi, memoryStore } from './run/fakeUi';
import { workspace } from './run/helpers';
import { startMcpServer, type McpTestServer } from './run/mcpServer';

const CANARY = 'canary-flow-83c1f0aa';
const NOW = new Date('2026-11-20T10:00:00.000Z');
const INTEGRATION = 'file:///ws/docs.integration.yaml';
const AGENT = 'file:///ws/support.agent.yaml';
const LOCK = 'file:///ws/docs.tools.lock.yaml';
const AGENT_TEXT = 'name: Support\nstatus: active\nactions:\n  - link: docs/search_docs\n  - link: docs/get_ticket\n  - link: docs/retired_tool\n';

function files(url: string, auth = true): Record<string, string> {
  return {
    'stellar.yaml': 'secrets:\n  DOCS_TOKEN: t\n',
    'docs.integration.yaml': `kind: mcp-server\nname: Docs\nurl: ${url}\n${auth ? 'auth: docs-token\n' : ''}`,
    'docs-token.auth.yaml':
      'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: DOCS_TOKEN } }\n  production: { token: { secret: DOCS_TOKEN } }\n',
    'support.agent.yaml': AGENT_TEXT,
  };
}

/** The shared scripted Ui, recording each pick with the labels it offered. */
class ListingUi extends FakeUi {
  override async pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined> {
    const value = await super.pick(title, items);
    this.asked[this.asked.length - 1] += `: ${items.map((i) => i.label).join(', ')}`;
    return value;
  }
}

const FAST = { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 3000 } };

describe('Discover Tools and MCP tool runs in the editor (flows without VS Code)', () => {
  let server: McpTestServer;
  before(async () => {
    server = await startMcpServer({ token: CANARY });
  });
  after(() => server.close());

  function setup(auth = true) {
    const index = workspace(files(server.url, auth));
    const ui = new ListingUi();
    const store = memoryStore();
    const logs: string[] = [];
    const state = { trusted: true, refreshed: 0, written: [] as string[] };
    const discoverDeps: DiscoverDeps = {
      ui,
      secrets: new Secrets(store),
      isTrusted: () => state.trusted,
      log: (l) => logs.push(l),
      send: FAST,
      server: {
        integrations: async () => integrationsTree(index),
        mcpServer: async (p) => mcpIntegrationInfo(index, p.integrationUri, p.environment)!,
        toolsLockEdit: async (p) => toolsLockAnswer(index, p.integrationUri, p.tools, NOW)!,
      },
      writeLock: async (w) => {
        state.written.push(w.uri);
        index.setFile(w.uri, w.text);
        return true;
      },
      refresh: () => {
        state.refreshed++;
      },
    };
    const runDeps: FlowDeps = {
      ui,
      secrets: new Secrets(store),
      isTrusted: () => state.trusted,
      log: (l) => logs.push(l),
      send: FAST,
      server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p), toolCallPlan: async (p) => toolCallInfo(index, p) },
    };
    return { index, ui, store, logs, state, discoverDeps, runDeps };
  }

  function assertNoCanary(index: WorkspaceIndex, ui: FakeUi, logs: string[]): void {
    for (const t of [...ui.shown.map((s) => s.text), ...ui.messages, ...logs, index.text(LOCK) ?? ''])
      assert.ok(!t.includes(CANARY), `the secret leaked: ${t}`);
  }

  it('refuses in an untrusted workspace before asking anything, also when called with arguments', async () => {
    const { ui, state, discoverDeps, runDeps } = setup();
    state.trusted = false;
    const seen = server.seen.length;
    assert.equal((await discoverToolsFlow(discoverDeps, { integrationUri: INTEGRATION, environment: 'development' })).kind, 'untrusted');
    assert.equal((await runActionFlow(runDeps, { agentUri: AGENT, actionIndex: 0, environment: 'development' })).kind, 'untrusted');
    assert.deepEqual(ui.asked, []);
    assert.match(ui.messages[0], /^error: Discovering tools needs a trusted workspace/);
    assert.equal(server.seen.length, seen);
  });

  it('picks the integration and whose credentials, asks the secret once, writes the lock and refreshes the views', async () => {
    const { index, ui, store, logs, state, discoverDeps } = setup();
    assert.equal(integrationsTree(index)[0].tools, undefined, 'nothing discovered yet');
    ui.picks = ['docs', 'development'];
    ui.inputs = [CANARY];
    const r = await discoverToolsFlow(discoverDeps);
    assert.equal(r.kind, 'discovered', JSON.stringify(r));
    assert.deepEqual(ui.asked, [
      'pick Discover the tools of which MCP server?: docs',
      "pick Discover the tools of docs with which environment's credentials (docs-token)?: development, production",
      'password Secret DOCS_TOKEN (development)',
    ]);
    assert.equal(store.map.get(secretKey('development', 'DOCS_TOKEN')), CANARY);
    assert.equal(server.seen[server.seen.length - 1].headers.authorization, `Bearer ${CANARY}`);
    assert.deepEqual(state.written, [LOCK]);
    assert.equal(state.refreshed, 1);
    assert.match(
      index.text(LOCK)!,
      /^# Written by Stellar Kit\. Do not edit: run "Discover tools" on docs[^\n]*\nintegration: docs\ndiscoveredAt: "2026-11-20T10:00:00\.000Z"\ntools:\n {2}- name: broken\n/,
    );
    assert.match(
      ui.messages[ui.messages.length - 1],
      /^info: Discovered 4 tools of Docs \(docs-test 1\.4\.0\) and wrote docs\.tools\.lock\.yaml\. 1 binding\(s\) link tools it does not offer: support: docs\/retired_tool\./,
    );

    // The views and completion now know the tools; the bindings are checked (SK061 for the absent one only).
    assert.deepEqual(
      integrationsTree(index)[0].tools?.map((t) => t.name),
      ['broken', 'get_ticket', 'search_docs', 'whoami'],
    );
    const actions = agentsTree(index)[0].actions;
    assert.deepEqual(
      actions.map((a) => [a.name, a.status, !!a.message]),
      [
        ['search_docs', 'tool', false],
        ['get_ticket', 'tool', false],
        ['retired_tool', 'tool', true],
      ],
    );
    const sk061 = index.findings(AGENT).filter((f) => f.code === 'SK061');
    assert.deepEqual(
      sk061.map((f) => f.severity),
      ['warning'],
    );
    const line = AGENT_TEXT.split('\n').findIndex((l) => l.includes('retired_tool'));
    const items = doComplete(index, AGENT, { line, character: '  - link: '.length });
    for (const name of ['docs/search_docs', 'docs/whoami'])
      assert.ok(
        items.some((i) => i.label === name),
        `completion offers ${name}`,
      );

    ui.picks = ['development'];
    const again = await discoverToolsFlow(discoverDeps, { integrationUri: INTEGRATION });
    assert.equal(again.kind, 'discovered');
    assert.equal(ui.asked.filter((a) => a.startsWith('password')).length, 1, 'the stored secret is reused');
    assertNoCanary(index, ui, logs);
  });

  it('without an auth connector no environment is asked; a missing environment is refused', async () => {
    const { ui, discoverDeps } = setup(false);
    const r = await discoverToolsFlow(discoverDeps, { integrationUri: INTEGRATION });
    assert.equal(r.kind, 'error', 'the server wants a token the integration does not send');
    assert.deepEqual(ui.asked, []);
    assert.match(ui.messages[0], /401 Unauthorized: the server wants credentials, and integration 'docs' has no auth connector: add auth to it/);
    const withAuth = setup();
    const staging = await discoverToolsFlow(withAuth.discoverDeps, { integrationUri: INTEGRATION, environment: 'staging' });
    assert.equal(staging.kind, 'error');
    assert.match(withAuth.ui.messages[0], /Auth connector 'docs-token' of MCP server 'docs' has no staging credentials \(it has development, production\)/);
  });

  it('Run Action offers tool bindings, collects the arguments from the input schema and shows the result', async () => {
    const { index, ui, store, logs, discoverDeps, runDeps } = setup();
    await store.store(secretKey('development', 'DOCS_TOKEN'), CANARY);
    await store.store(secretKey('production', 'DOCS_TOKEN'), CANARY);

    // Nothing discovered yet: the binding is offered, and says what to do.
    ui.picks = ['support/search_docs'];
    const early = await runActionFlow(runDeps);
    assert.equal(early.kind, 'error');
    assert.match(ui.messages[0], /No tools have been discovered for MCP server 'docs' yet/);

    assert.equal((await discoverToolsFlow(discoverDeps, { integrationUri: INTEGRATION, environment: 'development' })).kind, 'discovered');
    ui.picks = ['support/search_docs', 'development', '(leave out)'];
    ui.inputs = ['reset my password'];
    const r = await runActionFlow(runDeps);
    assert.equal(r.kind, 'called', JSON.stringify(r));
    assert.ok(ui.asked.includes('pick Run which action?: support/search_docs, support/get_ticket, support/retired_tool'), ui.asked.join('\n'));
    assert.ok(ui.asked.includes('input support/search_docs: query'));
    assert.ok(ui.asked.includes('pick support/search_docs: locale (optional): (leave out), en-US, nl-NL'));
    const text = ui.shown[ui.shown.length - 1].text;
    assert.match(text, /tools\/call search_docs at http:\/\/127\.0\.0\.1:\d+\/mcp\nArguments: \{"query":"reset my password"\}/);
    assert.match(text, /2 articles for "reset my password"/);

    // Production asks every time; refused, nothing is called.
    const calls = () => server.seen.filter((x) => (x.body as { method?: string })?.method === 'tools/call').length;
    const before = calls();
    ui.picks = ['short'];
    ui.inputs = ['T-9'];
    ui.confirmAnswer = false;
    const declined = await runActionFlow(runDeps, { agentUri: AGENT, actionIndex: 1, environment: 'production' });
    assert.equal(declined.kind, 'declined');
    assert.match(ui.confirms[0], /^Call tool get_ticket at http:\/\/127\.0\.0\.1:\d+\/mcp \(support\/get_ticket\) with PRODUCTION credentials\?$/);
    assert.equal(calls(), before);
    ui.picks = ['full'];
    ui.inputs = ['T-9'];
    ui.confirmAnswer = true;
    const called = await runActionFlow(runDeps, { agentUri: AGENT, actionIndex: 1, environment: 'production' });
    assert.equal(called.kind, 'called');
    assert.equal(calls(), before + 1);
    assert.match(ui.shown[ui.shown.length - 1].text, /Structured content:\n\{\n {2}"ticket_id": "T-9",\n {2}"status": "open",\n {2}"detail": "full"\n\}/);

    const staging = await runActionFlow(runDeps, { agentUri: AGENT, actionIndex: 0, environment: 'staging' });
    assert.equal(staging.kind, 'error');
    assert.match(
      ui.messages[ui.messages.length - 1],
      /cannot be called in staging: the MCP server's auth connector has credentials for development, production only/,
    );
    assertNoCanary(index, ui, logs);
  });
});
