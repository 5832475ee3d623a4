// The views' new requests over real stdio: stellarKit/secretsTree (names and descriptions, never values) and
// stellarKit/shapeDiff (Show Diff's two texts), through the extension's own request wiring.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import { serverRequests } from '../client/src/requests';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';

describe('language server: the Secrets view and Show Diff requests', () => {
  let c: TestClient;
  let server: ReturnType<typeof serverRequests>;
  before(async () => {
    c = new TestClient(copyWorkspace());
    await c.initialize();
    await c.indexed();
    server = serverRequests((method, params) => c.request(method, params));
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it('secretsTree answers each declared secret per folder, with its description and declaration', async () => {
    const folders = await server.secretsTree();
    assert.equal(folders.length, 1);
    const names = folders[0].items.map((s) => s.name);
    assert.equal(names.length, 9);
    assert.equal(names[0], 'BILLING_API_TOKEN');
    assert.ok(folders[0].items.every((s) => s.uri === c.uri('stellar.yaml') && typeof s.description === 'string'));
    assert.deepEqual(
      (await server.declaredSecrets()).map((s) => s.name),
      names,
    );
  });

  it('secretsTree follows stellar.yaml as it is edited', async () => {
    const uri = c.uri('stellar.yaml');
    await c.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'stellar-yaml', version: 1, text: 'secrets:\n  ONLY_ONE: the one\n' },
    });
    try {
      const folders = await server.secretsTree();
      assert.deepEqual(
        folders[0].items.map((s) => [s.name, s.description, s.range.start.line]),
        [['ONLY_ONE', 'the one', 1]],
      );
    } finally {
      await c.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    }
  });

  it("shapeDiff answers the lock's and the current shape of a changed binding, and why not for a broken one", async () => {
    const r = await server.shapeDiff(c.uri('agents/order-desk.agent.yaml'), 'billing-api/lookup_invoice');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.title, 'lookup_invoice: locked ↔ current');
    assert.ok(!r.locked.includes('X-Api-Version') && r.current.includes('X-Api-Version'));
    assert.equal(r.lockUri, c.uri('agents/order-desk.agent.lock.yaml'));
    const broken = await server.shapeDiff(c.uri('agents/billing-support.agent.yaml'), 'billing-api/refund_payment');
    assert.ok(!broken.ok && /re-link the binding first/.test(broken.error));
  });

  it('shapeDiff refuses malformed parameters with a clear error, and the server keeps answering', async () => {
    await assert.rejects(c.request('stellarKit/shapeDiff', { agentUri: c.uri('nope.agent.yaml'), fullId: 'a/b' }), /not a Stellar file of an open folder/);
    await assert.rejects(c.request('stellarKit/shapeDiff', { agentUri: c.uri('agents/order-desk.agent.yaml'), fullId: 7 }), /fullId must be a string/);
    await assert.rejects(c.request('stellarKit/shapeDiff', {}), /agentUri must be a string/);
    assert.equal((await server.secretsTree()).length, 1);
  });
});
