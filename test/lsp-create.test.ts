// Creating files, over real LSP stdio (dist/server.js): the kinds of action completion offers on a new item
// and then the keys of the kind chosen, the new-file flows (client/src/create/flow.ts, scripted answers)
// asking the real server and writing what it answers, and the counts of the language status item.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { CompletionItem, TextEdit } from 'vscode-languageserver-protocol';
import { newFileFlow, type NewFileKind } from '../client/src/create/flow';
import { serverRequests } from '../client/src/requests';
import { statusText } from '../client/src/statusText';
import type { ScaffoldResult, WorkspaceStatus } from '../server/src/protocol';
import { applyEdits } from '../server/src/service/features/format';
import { withDefaults } from '../server/src/service';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';
import { FakeUi } from './run/fakeUi';

const Created = 1;
const Changed = 2;

async function started(root: string): Promise<TestClient> {
  const c = new TestClient(root);
  await c.initialize();
  await c.indexed();
  return c;
}

/** Writes what a flow answered to disk, as the extension does, and tells the server (its file watcher). */
async function write(c: TestClient, r: ScaffoldResult): Promise<void> {
  const changes: { uri: string; type: number }[] = [];
  for (const u of r.creates) {
    mkdirSync(path.dirname(fileURLToPath(u)), { recursive: true });
    writeFileSync(fileURLToPath(u), '');
  }
  for (const e of r.edits) {
    const file = fileURLToPath(e.uri);
    writeFileSync(file, applyEdits(readFileSync(file, 'utf8'), e.edits as TextEdit[]));
    changes.push({ uri: e.uri, type: r.creates.includes(e.uri) ? Created : Changed });
  }
  mkdirSync(path.dirname(fileURLToPath(r.uri)), { recursive: true });
  writeFileSync(fileURLToPath(r.uri), r.text);
  changes.push({ uri: r.uri, type: Created });
  const published = c.nextDiagnostics(r.uri);
  await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  await published;
}

const status = (c: TestClient) => c.request<WorkspaceStatus>('stellarKit/workspaceStatus', {});

describe('language server: completion on a new action item', () => {
  let c: TestClient;
  const AGENT = 'agents/new.agent.yaml';
  before(async () => {
    c = await started(copyWorkspace());
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it('offers the kinds of action first; the binding skeleton, filled in, is a valid binding', async () => {
    const text = 'name: New\nstatus: active\nactions:\n  - \n';
    await c.open(c.uri(AGENT), text, 1);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: c.uri(AGENT) }, position: { line: 3, character: 4 } });
    assert.deepEqual(
      items.map((i) => i.label),
      [
        'link:',
        'type: api-call',
        'type: static-response',
        'type: handover (phone)',
        'type: handover (queue)',
        'type: handover (sip)',
        'type: end-call',
        'type: client-event',
        'type: send-text-message',
      ],
    );
    assert.ok(items.every((i) => i.insertTextFormat === 2 && i.insertTextMode === 1));
    const edit = items[0].textEdit as TextEdit;
    const filled = applyEdits(text, [{ ...edit, newText: withDefaults(edit.newText) }]);
    assert.equal(filled, 'name: New\nstatus: active\nactions:\n  - link: billing-api/lookup_invoice\n    phases: [in-call]\n');
    const checked = c.nextDiagnostics(c.uri(AGENT), (p) => p.version === 2);
    await c.change(c.uri(AGENT), 2, [{ text: filled }]);
    const errors = (await checked).diagnostics.filter((d) => d.severity === 1);
    assert.deepEqual(errors, []);
  });

  it('then only the keys of that kind: a send-text-message, a binding, a binding to an MCP tool', async () => {
    const keysAt = async (text: string, line: number) => {
      await c.change(c.uri(AGENT), Date.now() % 1_000_000, [{ text }]);
      const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri: c.uri(AGENT) }, position: { line, character: 4 } });
      return items.map((i) => i.label);
    };
    assert.deepEqual(await keysAt('name: New\nstatus: active\nactions:\n  - type: send-text-message\n    \n', 4), [
      'name',
      'description',
      'channel',
      'recipient',
      'message',
      'parameters',
      'phases',
      'maxSuccessfulCalls',
      'allowedStates',
    ]);
    assert.deepEqual(await keysAt('name: New\nstatus: active\nactions:\n  - link: billing-api/lookup_invoice\n    \n', 4), [
      'parameters',
      'bodyTemplate',
      'phases',
      'maxSuccessfulCalls',
      'allowedStates',
    ]);
    assert.deepEqual(await keysAt('name: New\nstatus: active\nactions:\n  - link: helpdesk-mcp/search_articles\n    \n', 4), [
      'phases',
      'maxSuccessfulCalls',
      'allowedStates',
    ]);
  });
});

describe('language server: the new-file flows', () => {
  let c: TestClient;
  let ui: FakeUi;
  const flow = (kind: NewFileKind, picks: string[], inputs: string[], args = {}) => {
    ui = new FakeUi();
    ui.picks = picks;
    ui.inputs = inputs;
    return newFileFlow({ ui, server: serverRequests((m, p) => c.request(m, p)) }, kind, args);
  };
  before(async () => {
    c = await started(mkdtempSync(path.join(tmpdir(), 'stellar-create-')));
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it('an empty folder: no files, nothing to report (the welcome views show)', async () => {
    assert.deepEqual(await status(c), { indexing: false, files: 0, errors: 0, warnings: 0, information: 0 });
  });

  it('refuses a shared action before any custom-api integration, saying what to create first', async () => {
    assert.equal(await flow('action', [], []), undefined);
    assert.match(ui.errors[0], /create one first \(New Integration\)/);
  });

  it('builds a workspace from the questions alone: auth connector, integration, shared action, agent, with no error', async () => {
    const auth = await flow('auth', ['bearer', 'New secret…'], ['shop-token', '', 'SHOP_TOKEN']);
    assert.ok(auth, ui.errors.join('\n'));
    assert.deepEqual(ui.asked, [
      'pick New Auth Connector: type',
      'input New Auth Connector: id',
      'input New Auth Connector: display name',
      'pick New Auth Connector: secret (declared in stellar.yaml)',
      'input New Auth Connector: new secret name',
    ]);
    assert.deepEqual(auth.creates, [c.uri('stellar.yaml')]);
    await write(c, auth);

    const api = await flow('integration', ['custom-api', 'shop-token'], ['shop', 'Shop API', 'https://shop.example.com/v1']);
    assert.ok(api, ui.errors.join('\n'));
    assert.deepEqual(
      ui.offered.get('New Integration: auth connector')?.map((i) => i.label),
      ['(none)', 'shop-token'],
    );
    await write(c, api);

    const action = await flow('action', ['shop', 'GET'], ['find_order', '/orders']);
    assert.ok(action, ui.errors.join('\n'));
    assert.equal(action.uri, c.uri('integrations/shop/actions/find_order.action.yaml'));
    await write(c, action);

    const agent = await flow('agent', ['active'], ['shop-desk', 'Shop desk']);
    assert.ok(agent, ui.errors.join('\n'));
    await write(c, agent);
    assert.match(agent.text, /^name: Shop desk\ndescription: .*\nstatus: active\nstates: \[\]\nactions:\n {2}- type: end-call\n/);

    assert.deepEqual(await status(c), { indexing: false, files: 5, errors: 0, warnings: 0, information: 0 });
  });

  it('checks ids as they are typed: pattern and taken ids are refused', async () => {
    assert.equal(await flow('agent', [], ['Shop Desk']), undefined, 'not an id');
    assert.equal(await flow('agent', [], ['shop-desk']), undefined, 'taken');
    assert.equal(await flow('action', ['shop'], ['find_order']), undefined, 'taken within its integration');
    assert.ok(await flow('action', ['GET'], ['find_invoice', '/invoices'], { integration: 'shop' }), 'the Integrations view gives the integration');
  });

  it('puts the file in the Explorer folder it was asked from', async () => {
    const r = await flow('agent', ['inactive'], ['draft', ''], { folderUri: c.uri('drafts') });
    assert.equal(r?.uri, c.uri('drafts/draft.agent.yaml'));
  });

  it('counts errors as published for the language status item', async () => {
    const bad = {
      uri: c.uri('agents/broken.agent.yaml'),
      text: 'name: Broken\nstatus: sometimes\n',
      select: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      creates: [],
      edits: [],
    };
    await write(c, bad);
    const s = await status(c);
    assert.equal(s.files, 6);
    assert.equal(s.errors, 1);
    assert.equal(statusText(s), '6 files · 1 error');
    assert.equal(statusText({ ...s, errors: 0, warnings: 2 }), '6 files · 2 warnings');
    assert.equal(statusText({ ...s, files: 1, errors: 0, warnings: 0 }), '1 file · no errors');
    assert.equal(statusText({ ...s, errors: 3, warnings: 1 }), '6 files · 3 errors · 1 warning');
  });
});
