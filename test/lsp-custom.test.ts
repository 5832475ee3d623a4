// The custom requests (tree data, run plans, lock edits) and the treeChanged notification over real stdio.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';

describe('language server: custom requests', () => {
  let c: TestClient;
  let treeChanged = 0;
  before(async () => {
    c = new TestClient(copyWorkspace());
    c.conn.onNotification('stellarKit/treeChanged', () => {
      treeChanged++;
    });
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it('answers the integrations and agents trees per folder', async () => {
    const ints = await c.request<{ items: { id: string; actions: unknown[] }[] }[]>('stellarKit/integrationsTree', {});
    assert.equal(ints.length, 1);
    assert.equal(ints[0].items.length, 5);
    const agents = await c.request<{ items: { id: string; actions: { link?: string; status?: string }[] }[] }[]>('stellarKit/agentsTree', {});
    const statuses = agents[0].items.flatMap((a) =>
      a.actions.filter((x) => x.status === 'broken' || x.status === 'shapeChanged').map((x) => `${a.id}:${x.status}`),
    );
    assert.deepEqual(statuses, ['billing-support:broken', 'order-desk:shapeChanged']);
  });

  it('plans a run with the schema and the environments available', async () => {
    const agentUri = c.uri('agents/billing-support.agent.yaml');
    const info = await c.request<{ schema: { properties: object }; environments: string[]; plan?: { ok: boolean; plan?: { url: string } } }>(
      'stellarKit/runPlan',
      {
        agentUri,
        actionIndex: 0,
        environment: 'development',
        parameters: { invoice_number: 'INV-123456' },
      },
    );
    assert.deepEqual(info.environments, ['development', 'staging', 'production']);
    assert.ok('invoice_number' in info.schema.properties);
    assert.ok(info.plan?.ok, JSON.stringify(info.plan));
    assert.match(info.plan!.plan!.url, /invoice_number=INV-123456/);
    await assert.rejects(c.request('stellarKit/runPlan', { agentUri: c.uri('nope.agent.yaml'), actionIndex: 0 }));
  });

  it('returns a lock edit and notifies tree changes after an edit', async () => {
    const r = await c.request<{ edit?: { documentChanges: unknown[] }; locked: string[] }>('stellarKit/lockAgent', {
      agentUri: c.uri('agents/order-desk.agent.yaml'),
      fullId: 'billing-api/lookup_invoice',
    });
    assert.deepEqual(r.locked, ['billing-api/lookup_invoice']);
    assert.equal(r.edit?.documentChanges.length, 1);
    const before = treeChanged;
    const uri = c.uri('agents/winback-offers.agent.yaml');
    await c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'stellar-yaml', version: 1, text: 'name: W\nstatus: inactive\nactions: []\n' },
    });
    const deadline = Date.now() + 5000;
    while (treeChanged === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(treeChanged > before, 'no stellarKit/treeChanged after an edit');
  });
});
