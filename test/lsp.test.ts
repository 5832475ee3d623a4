// The built language server (dist/server.js) over real stdio, driven the way an editor drives it.
import { strict as assert } from 'node:assert';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CancellationTokenSource } from 'vscode-languageserver-protocol/node';
import { freshFindings, simplifyDiagnostic } from './lsp/expected';
import { copyWorkspace, fileUri, removeDir, TestClient } from './lsp/client';

const FileChangeType = { Created: 1, Changed: 2, Deleted: 3 } as const;
const AGENT = 'agents/billing-support.agent.yaml';
const ORDER_DESK = 'agents/order-desk.agent.yaml';
const MOVED = 'integrations/payments-api/actions/refund_payment.action.yaml';
const LOOKUP = 'integrations/billing-api/actions/lookup_invoice.action.yaml';

/** A fresh server on a fresh copy of the example, indexed. */
async function started(settings?: Record<string, unknown>): Promise<TestClient> {
  const c = new TestClient(copyWorkspace(), { settings });
  await c.initialize();
  await c.indexed();
  return c;
}

async function stopped(c: TestClient): Promise<void> {
  await c.stop();
  removeDir(c.root);
}

/** A request round trip: every notification the server sent before answering has arrived. */
async function settle(c: TestClient): Promise<void> {
  await c.request('workspace/symbol', { query: '' });
}

/** The server's latest diagnostics for every file equal a from-scratch check of the same texts. */
async function assertConsistent(c: TestClient, open = new Map<string, string>()): Promise<void> {
  const expected = await freshFindings(c.root, open);
  for (const [uri, findings] of expected) {
    const published = c.diagnostics.get(uri);
    assert.ok(published, `no diagnostics were published for ${uri}`);
    const got = published.diagnostics.map(simplifyDiagnostic);
    assert.deepEqual(got, findings, `diagnostics of ${path.relative(c.root, new URL(uri).pathname)}`);
  }
  for (const [uri, p] of c.diagnostics) {
    if (!expected.has(uri)) assert.deepEqual(p.diagnostics, [], `a file no longer indexed keeps diagnostics: ${uri}`);
  }
}

function offsetToPosition(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

function rangeOf(text: string, needle: string) {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, `'${needle}' not found`);
  return { start: offsetToPosition(text, i), end: offsetToPosition(text, i + needle.length) };
}

describe('language server: diagnostics', () => {
  let c: TestClient;
  before(async () => {
    c = await started();
  });
  after(() => stopped(c));

  it("indexes the workspace at start-up with progress and publishes exactly the example's SK012 and SK013", async () => {
    assert.deepEqual(c.nonEmpty(), { [AGENT]: ['SK012'], [ORDER_DESK]: ['SK013'] });
    assert.equal(c.diagnostics.size, 32, 'every Stellar file gets a publication');
    assert.equal(c.progress[0], 'begin');
    assert.equal(c.progress.at(-1), 'end');
    assert.ok(c.progress.includes('report'));
    assert.ok(c.serverRequests.includes('window/workDoneProgress/create'), 'server-initiated progress');
    await c.waitFor(() => c.serverRequests.includes('register workspace/didChangeWatchedFiles') || undefined, 'the file watcher registration');
    const moved = c.diagnostics.get(c.uri(AGENT))!.diagnostics[0];
    assert.equal(moved.source, 'stellar-kit');
    assert.equal(moved.severity, 1);
    assert.equal(moved.codeDescription?.href, 'https://stellar-kit.dev/docs/rules#sk012');
    assert.deepEqual(moved.range, { start: { line: 86, character: 10 }, end: { line: 86, character: 36 } });
    assert.deepEqual(
      moved.relatedInformation?.map((r) => r.location.uri),
      [c.uri(MOVED)],
    );
    const shape = c.diagnostics.get(c.uri(ORDER_DESK))!.diagnostics[0];
    assert.equal(shape.severity, 2);
    await assertConsistent(c);
  });

  it('publishes on open with the document version, and after incremental edits only for the last version', async () => {
    const uri = c.uri(AGENT);
    const text = readFileSync(path.join(c.root, AGENT), 'utf8');
    const opened = c.nextDiagnostics(uri, (p) => p.version === 7);
    await c.open(uri, text, 7);
    assert.deepEqual(
      (await opened).diagnostics.map((d) => d.code),
      ['SK012'],
    );

    const from = c.publications.length;
    const link = rangeOf(text, 'billing-api/refund_payment');
    const integration = { start: link.start, end: { line: link.start.line, character: link.start.character + 'billing-api'.length } };
    const last = c.nextDiagnostics(uri, (p) => p.version === 10);
    await c.change(uri, 8, [{ range: integration, text: 'x' }]);
    await c.change(uri, 9, [
      { range: { start: integration.start, end: { line: integration.start.line, character: integration.start.character + 1 } }, text: 'payments-ap' },
    ]);
    await c.change(uri, 10, [
      {
        range: {
          start: { line: integration.start.line, character: integration.start.character + 'payments-ap'.length },
          end: { line: integration.start.line, character: integration.start.character + 'payments-ap'.length },
        },
        text: 'i',
      },
    ]);
    const p = await last;
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['SK014'],
      're-linked: only "no lock entry yet" remains',
    );
    const versions = c.publications
      .slice(from)
      .filter((x) => x.uri === uri)
      .map((x) => x.version);
    assert.deepEqual(versions, [10], 'superseded versions are never published');

    const edited = text.replace('billing-api/refund_payment', 'payments-api/refund_payment');
    await settle(c);
    await assertConsistent(c, new Map([[uri, edited]]));

    // Closing drops the unsaved edit: the file on disk is the truth again.
    const closed = c.nextDiagnostics(uri, (x) => x.version === undefined);
    await c.close(uri);
    assert.deepEqual(
      (await closed).diagnostics.map((d) => d.code),
      ['SK012'],
    );
  });

  it('editing a shared action on disk updates every agent that links it, open or not', async () => {
    const agentUri = c.uri(AGENT);
    const file = path.join(c.root, MOVED);
    writeFileSync(file, readFileSync(file, 'utf8').replace('integration: payments-api', 'integration: billing-api'));
    const updated = c.nextDiagnostics(agentUri, (p) => !p.diagnostics.some((d) => d.code === 'SK012'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri(MOVED), type: FileChangeType.Changed }] });
    assert.equal((await updated).version, undefined, 'the agent is not open');
    await settle(c);
    await assertConsistent(c);
  });

  it('handles deletes, creates and a burst of hundreds of events (a checkout) in batches', async () => {
    // A deleted shared action: its bindings report SK011.
    const lookup = path.join(c.root, LOOKUP);
    const lookupText = readFileSync(lookup, 'utf8');
    rmSync(lookup);
    const deleted = c.nextDiagnostics(c.uri(ORDER_DESK), (p) => p.diagnostics.some((d) => d.code === 'SK011'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: c.uri(LOOKUP), type: FileChangeType.Deleted }] });
    await deleted;
    await settle(c);
    await assertConsistent(c);

    // A checkout: hundreds of events, new folders reported once, files churned several times.
    writeFileSync(lookup, lookupText);
    renameSync(path.join(c.root, 'integrations', 'crm-api'), path.join(c.root, 'integrations', 'crm'));
    const changes: { uri: string; type: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const rel = `generated/g${i}.action.yaml`;
      changes.push({ uri: c.uri(rel), type: FileChangeType.Created });
    }
    const { mkdirSync } = await import('node:fs');
    mkdirSync(path.join(c.root, 'generated'));
    for (let i = 0; i < 200; i++) {
      writeFileSync(
        path.join(c.root, `generated/g${i}.action.yaml`),
        `integration: billing-api\nname: g${i}\ndescription: Generated ${i}\nmethod: GET\npath: /g/${i}\n`,
      );
    }
    for (let i = 0; i < 150; i++) changes.push({ uri: c.uri(`generated/g${i}.action.yaml`), type: FileChangeType.Changed });
    changes.push({ uri: c.uri('integrations/crm-api'), type: FileChangeType.Deleted });
    changes.push({ uri: c.uri('integrations/crm'), type: FileChangeType.Created });
    changes.push({ uri: c.uri(LOOKUP), type: FileChangeType.Created });
    changes.push({ uri: c.uri('generated/never-existed.agent.yaml'), type: FileChangeType.Deleted });
    assert.ok(changes.length > 300);
    const restored = c.nextDiagnostics(c.uri(ORDER_DESK), (p) => !p.diagnostics.some((d) => d.code === 'SK011'), 10_000);
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await restored;
    await settle(c);
    await assertConsistent(c);
    assert.ok(c.diagnostics.has(c.uri('generated/g7.action.yaml')), c.logs.join('\n') + c.stderr);
    assert.deepEqual(c.diagnostics.get(c.uri('integrations/crm-api/crm-api.integration.yaml'))?.diagnostics, []);
  });

  it('applies severity overrides and exclusions from the settings when they change', async () => {
    c.settings = { severity: { SK013: 'hint', SK012: 'off' } };
    const hinted = c.nextDiagnostics(c.uri(ORDER_DESK), (p) => p.diagnostics[0]?.severity === 4);
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { stellarKit: c.settings } });
    await hinted;
    await settle(c);
    assert.deepEqual(c.codes(c.uri(AGENT)), []);

    c.settings = { exclude: ['agents'] };
    const cleared = c.nextDiagnostics(c.uri(ORDER_DESK), (p) => p.diagnostics.length === 0);
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { stellarKit: c.settings } });
    await cleared;
    await settle(c);
    assert.deepEqual(c.nonEmpty(), {});

    c.settings = {};
    const back = c.nextDiagnostics(c.uri(ORDER_DESK), (p) => p.diagnostics.length > 0);
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { stellarKit: c.settings } });
    await back;
    await settle(c);
    await assertConsistent(c);
  });

  it('publishes nothing when the settings did not change', async () => {
    const published = c.publications.length;
    const asked = c.serverRequests.length;
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings: { stellarKit: c.settings } });
    await c.waitFor(() => c.serverRequests.slice(asked).includes('workspace/configuration') || undefined, 'the server to read the settings');
    await settle(c);
    assert.equal(c.publications.length, published);
  });
});

describe('language server: node IPC', () => {
  it("speaks LSP over node IPC (the VS Code client's transport) too", async () => {
    const c = new TestClient(copyWorkspace(), { transport: 'ipc' });
    try {
      await c.initialize();
      await c.indexed();
      assert.deepEqual(c.nonEmpty(), { [AGENT]: ['SK012'], [ORDER_DESK]: ['SK013'] });
    } finally {
      await stopped(c);
    }
  });
});

describe('language server: multi-root', () => {
  let c: TestClient;
  let second: string;
  before(async () => {
    c = await started();
    second = copyWorkspace();
  });
  after(async () => {
    await stopped(c);
    removeDir(second);
  });

  it('keeps one index per workspace folder as folders come and go', async () => {
    const otherAgent = fileUri(path.join(second, AGENT));
    const added = c.nextDiagnostics(otherAgent, (p) => p.diagnostics.some((d) => d.code === 'SK012'));
    await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: fileUri(second), name: 'second' }], removed: [] } });
    await added;
    // The folders are independent: fixing the second one leaves the first alone.
    const moved = path.join(second, MOVED);
    writeFileSync(moved, readFileSync(moved, 'utf8').replace('integration: payments-api', 'integration: billing-api'));
    const fixed = c.nextDiagnostics(otherAgent, (p) => !p.diagnostics.some((d) => d.code === 'SK012'));
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(moved), type: FileChangeType.Changed }] });
    await fixed;
    await settle(c);
    assert.deepEqual(c.codes(c.uri(AGENT)), ['SK012']);

    const removed = c.nextDiagnostics(fileUri(path.join(second, ORDER_DESK)), (p) => p.diagnostics.length === 0);
    await c.conn.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: fileUri(second), name: 'second' }] } });
    await removed;
  });
});

interface Loc {
  uri: string;
  range: { start: { line: number; character: number } };
}
interface Edit {
  documentChanges?: { textDocument?: { uri: string }; edits?: { newText: string }[]; kind?: string; oldUri?: string; newUri?: string }[];
}

describe('language server: features', () => {
  let c: TestClient;
  let agent: string;
  let text: string;
  const LINK = { line: 9, character: 24 }; // inside `billing-api/lookup_invoice` of the first binding
  before(async () => {
    c = await started();
    agent = c.uri(AGENT);
    text = readFileSync(path.join(c.root, AGENT), 'utf8');
    const opened = c.nextDiagnostics(agent, (p) => p.version === 1);
    await c.open(agent, text, 1);
    await opened;
  });
  after(() => stopped(c));

  it('completes shared action ids for a link', async () => {
    const items = await c.request<{ label: string }[]>('textDocument/completion', { textDocument: { uri: agent }, position: LINK });
    const labels = items.map((i) => i.label);
    assert.ok(labels.includes('billing-api/lookup_invoice') && labels.includes('payments-api/refund_payment'), labels.join(', '));
  });

  it('leaves completion documentation to completionItem/resolve, which finds it', async () => {
    type Item = { label: string; documentation?: { value: string }; filterText?: string; data?: unknown };
    const items = await c.request<Item[]>('textDocument/completion', { textDocument: { uri: agent }, position: LINK });
    const item = items.find((i) => i.label === 'billing-api/lookup_invoice');
    assert.ok(item && item.data !== undefined);
    assert.ok(items.every((i) => i.documentation === undefined && i.filterText === undefined));
    const resolved = await c.request<Item>('completionItem/resolve', item);
    assert.equal(resolved.label, item.label);
    assert.ok(resolved.documentation && resolved.documentation.value.length > 0, JSON.stringify(resolved));
    // An item the server did not make comes back as it was.
    assert.deepEqual(await c.request<Item>('completionItem/resolve', { label: 'x' }), { label: 'x' });
  });

  it('hovers, goes to the definition and finds references of a binding', async () => {
    const hover = await c.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: agent }, position: LINK });
    assert.match(hover.contents.value, /billing-api\/lookup_invoice/);
    const defs = await c.request<Loc[]>('textDocument/definition', { textDocument: { uri: agent }, position: LINK });
    assert.deepEqual(
      defs.map((d) => d.uri),
      [c.uri(LOOKUP)],
    );
    const refs = await c.request<Loc[]>('textDocument/references', { textDocument: { uri: agent }, position: LINK, context: { includeDeclaration: true } });
    assert.deepEqual(new Set(refs.map((r) => r.uri)), new Set([c.uri(LOOKUP), agent, c.uri(ORDER_DESK)]));
  });

  it('renames a shared action everywhere, with prepareRename', async () => {
    const prepared = await c.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', { textDocument: { uri: agent }, position: LINK });
    assert.equal(prepared.placeholder, 'lookup_invoice');
    const edit = await c.request<Edit>('textDocument/rename', { textDocument: { uri: agent }, position: LINK, newName: 'find_invoice' });
    const touched = new Set(edit.documentChanges!.map((d) => d.textDocument?.uri ?? d.oldUri));
    for (const uri of [agent, c.uri(ORDER_DESK), c.uri(LOOKUP)]) assert.ok(touched.has(uri), `rename touches ${uri}`);
    assert.ok(edit.documentChanges!.some((d) => d.kind === 'rename' && d.newUri?.endsWith('/find_invoice.action.yaml')));
    await assert.rejects(
      c.request('textDocument/rename', { textDocument: { uri: agent }, position: LINK, newName: 'Not Valid' }),
      (e: { code: number; message: string }) => e.code === -32803 && /not a valid/.test(e.message),
    );
  });

  it('offers the quick fix of a diagnostic, from the diagnostic the server published', async () => {
    const moved = c.diagnostics.get(agent)!.diagnostics.find((d) => d.code === 'SK012')!;
    assert.ok(moved.data, "the diagnostic carries the finding's data");
    const actions = await c.request<{ title: string; kind: string; edit: Edit }[]>('textDocument/codeAction', {
      textDocument: { uri: agent },
      range: moved.range,
      context: { diagnostics: [moved] },
    });
    const relink = actions.find((a) => /payments-api\/refund_payment/.test(a.title));
    assert.ok(relink, actions.map((a) => a.title).join(', '));
    assert.equal(relink.kind, 'quickfix');
    assert.ok(relink.edit.documentChanges!.some((d) => d.textDocument?.uri === agent && d.edits?.[0].newText === 'payments-api/refund_payment'));
  });

  it('answers symbols and code lenses', async () => {
    const symbols = await c.request<{ name: string }[]>('textDocument/documentSymbol', { textDocument: { uri: agent } });
    assert.ok(symbols.length > 0);
    const found = await c.request<{ name: string }[]>('workspace/symbol', { query: 'lookup_inv' });
    assert.ok(found.some((s) => s.name.includes('lookup_invoice')));
    const lenses = await c.request<{ command: { command: string; arguments: unknown[] } }[]>('textDocument/codeLens', { textDocument: { uri: c.uri(LOOKUP) } });
    assert.equal(lenses[0].command.command, 'stellarKit.showReferences');
    assert.equal((lenses[0].command.arguments[2] as unknown[]).length, 2);
  });

  it('asks before a delete that breaks active agents, and returns the edit only when accepted', async () => {
    const files = [{ uri: c.uri(LOOKUP) }];
    c.messageAnswer = 'Delete anyway';
    assert.equal(await c.request('workspace/willDeleteFiles', { files }), null);
    const asked = c.messages.at(-1)!;
    assert.equal(asked.type, 2, 'a warning');
    assert.match(asked.message, /billing-api\/lookup_invoice/);
    c.messageAnswer = 'Update links';
    const edit = await c.request<Edit>('workspace/willDeleteFiles', { files });
    assert.deepEqual(new Set(edit.documentChanges!.map((d) => d.textDocument?.uri)), new Set([agent, c.uri(ORDER_DESK)]));
    const asks = c.messages.length;
    assert.equal(await c.request('workspace/willDeleteFiles', { files: [{ uri: c.uri('auth/crm-basic.auth.yaml') }] }), null);
    assert.equal(c.messages.length, asks, 'a harmless delete asks nothing');
  });

  it('makes references follow a renamed file', async () => {
    const edit = await c.request<Edit>('workspace/willRenameFiles', {
      files: [{ oldUri: c.uri(LOOKUP), newUri: c.uri(LOOKUP.replace('lookup_invoice', 'find_invoice')) }],
    });
    assert.ok(edit.documentChanges!.some((d) => d.textDocument?.uri === agent && d.edits!.some((e) => e.newText.includes('find_invoice'))));
  });
});

describe('language server: robustness', () => {
  let c: TestClient;
  let agent: string;
  before(async () => {
    c = await started();
    agent = c.uri(AGENT);
    await c.open(agent, readFileSync(path.join(c.root, AGENT), 'utf8'), 1);
  });
  after(async () => {
    assert.doesNotMatch(c.stderr, /Uncaught|Unhandled/);
    await stopped(c);
  });

  it('answers RequestCancelled (-32800) to a cancelled request', async () => {
    for (const [method, params] of [
      ['textDocument/hover', { textDocument: { uri: agent }, position: { line: 9, character: 24 } }],
      ['textDocument/completion', { textDocument: { uri: agent }, position: { line: 9, character: 24 } }],
      ['textDocument/references', { textDocument: { uri: agent }, position: { line: 9, character: 24 }, context: { includeDeclaration: true } }],
      ['workspace/symbol', { query: '' }],
    ] as const) {
      await assert.rejects(c.requestCancelled(method, params), (e: { code: number }) => e.code === -32800, method);
    }
    // Cancelled while running (the cancel arrives after dispatch): still RequestCancelled, or a normal answer if it finished first.
    const source = new CancellationTokenSource();
    const running = c.request(
      'textDocument/references',
      { textDocument: { uri: agent }, position: { line: 9, character: 24 }, context: { includeDeclaration: true } },
      source,
    );
    setImmediate(() => source.cancel());
    await running.then(
      () => undefined,
      (e: { code: number }) => assert.equal(e.code, -32800),
    );
  });

  it('answers requests at positions past the end, and malformed ones, without an error', async () => {
    const far = { line: 100_000, character: 100_000 };
    const lineEnd = { line: 3, character: 5_000 };
    for (const position of [far, lineEnd]) {
      await c.request('textDocument/hover', { textDocument: { uri: agent }, position });
      await c.request('textDocument/completion', { textDocument: { uri: agent }, position });
      await c.request('textDocument/definition', { textDocument: { uri: agent }, position });
      await c.request('textDocument/references', { textDocument: { uri: agent }, position, context: { includeDeclaration: false } });
      await c.request('textDocument/prepareRename', { textDocument: { uri: agent }, position });
      await c.request('textDocument/codeAction', { textDocument: { uri: agent }, range: { start: position, end: far }, context: { diagnostics: [] } });
    }
    assert.equal(await c.request('textDocument/hover', { textDocument: { uri: agent } }), null);
    assert.equal(await c.request('textDocument/hover', {}), null);
    assert.deepEqual(await c.request('textDocument/completion', { textDocument: { uri: c.uri('nowhere/x.agent.yaml') }, position: far }), []);
    assert.equal(await c.request('textDocument/definition', { textDocument: { uri: 'untitled:Untitled-1' }, position: far }), null);
  });

  it('answers a request about a document closed while it was in flight', async () => {
    const uri = c.uri(ORDER_DESK);
    await c.open(uri, readFileSync(path.join(c.root, ORDER_DESK), 'utf8'), 1);
    const pending = [
      c.request('textDocument/references', { textDocument: { uri }, position: { line: 9, character: 24 }, context: { includeDeclaration: true } }),
      c.request('textDocument/hover', { textDocument: { uri }, position: { line: 9, character: 24 } }),
      c.request('textDocument/codeLens', { textDocument: { uri } }),
    ];
    await c.close(uri);
    await Promise.all(pending);
    const after = await c.nextDiagnostics(uri, (p) => p.version === undefined);
    assert.deepEqual(
      after.diagnostics.map((d) => d.code),
      ['SK013'],
    );
  });

  it('survives garbage text and garbage edits', async () => {
    const uri = c.uri('agents/garbage.agent.yaml');
    const garbage = [
      '\u0000\u0001{{{[[[:::',
      '- - - : : ]]]',
      'actions:\n  - link: {{ .parameters.',
      '\t\tkey: "unterminated',
      '&a [*a, *a, *a]',
      '\ud800\udc00\ud83d',
      'x'.repeat(10_000),
    ].join('\n');
    const first = c.nextDiagnostics(uri, (p) => p.version === 1);
    await c.open(uri, garbage, 1);
    assert.ok((await first).diagnostics.length > 0);
    await c.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 99, character: 99 }, end: { line: -1, character: 'x' } }, text: 'y' }, { text: 42 }, null],
    });
    await c.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 3 },
      contentChanges: [{ range: { start: { line: 2, character: 3 }, end: { line: 900, character: 0 } }, text: '{{ if }}' }],
    });
    await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: 42 } });
    await c.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: 'nope' });
    for (let line = 0; line < 8; line++) {
      for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition', 'textDocument/prepareRename']) {
        await c.request(method, { textDocument: { uri }, position: { line, character: line * 3 } });
      }
    }
    await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    await c.request('textDocument/codeLens', { textDocument: { uri } });
    const last = await c.waitFor(() => (c.diagnostics.get(uri)?.version === 3 ? c.diagnostics.get(uri) : undefined), 'version 3 of the garbage');
    assert.ok(last.diagnostics.every((d) => d.source === 'stellar-kit'));
    assert.ok(await c.request('textDocument/hover', { textDocument: { uri: agent }, position: { line: 9, character: 24 } }), 'still serving');
  });
});
