// Merge keys and extension fields through the real language server over stdio: diagnostics of merged content on the
// anchor's node, an edit of the anchor re-checks every action merging it, and a rename edits the anchor once.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, WorkspaceEdit } from 'vscode-languageserver-protocol';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';

const FIXTURE = path.join(__dirname, 'fixtures', 'rules', 'SK051-merged-content-points-at-anchor');
const AGENT = 'agents/support.agent.yaml';

describe('LSP: merge keys and extension fields', () => {
  let c: TestClient;
  before(async () => {
    c = new TestClient(copyWorkspace(FIXTURE, 'stellar-lsp-merge-'));
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  const sk051 = (ds: Diagnostic[]) =>
    ds.filter((d) => d.code === 'SK051').map((d) => `${d.range.start.line}:${d.range.start.character} ${d.message.split(':')[0]}`);

  it('publishes the findings of merged content on the anchor, one per action', async () => {
    const uri = c.uri(AGENT);
    const p = c.diagnostics.get(uri) ?? (await c.nextDiagnostics(uri));
    assert.deepEqual(sk051(p.diagnostics), ["2:28 Binding 'billing-api/lookup_invoice'", "2:28 Action 'billing_hours'"]);
  });

  it('fixing the anchor clears the finding in every action merging it', async () => {
    const uri = c.uri(AGENT);
    const text = readFileSync(path.join(c.root, AGENT), 'utf8');
    const fixed = c.nextDiagnostics(uri, (p) => sk051(p.diagnostics).length === 0, 10_000);
    await c.open(uri, text.replace('[identify, biling]', '[identify, billing]'), 2);
    const p = await fixed;
    assert.deepEqual(
      p.diagnostics.map((d) => d.code),
      ['SK002'],
      'only the merged maxSuccessfulCalls: 0 is left',
    );
  });

  it('a rename of the shared action linked from an anchor edits the anchor once', async () => {
    const uri = c.uri(AGENT);
    const text = readFileSync(path.join(c.root, AGENT), 'utf8');
    const merged = `x-lookup: &lookup\n  link: billing-api/lookup_invoice\n${text}`.replace(
      '  - <<: *defaults\n    link: billing-api/lookup_invoice\n',
      '  - <<: [*lookup, *defaults]\n',
    );
    assert.notEqual(merged, text);
    const published = c.nextDiagnostics(uri, (p) => p.version === 3, 10_000);
    await c.open(uri, merged, 3);
    assert.deepEqual(sk051((await published).diagnostics), ["4:28 Binding 'billing-api/lookup_invoice'", "4:28 Action 'billing_hours'"]);
    const action = c.uri('integrations/billing-api/actions/lookup_invoice.action.yaml');
    const edit = await c.request<WorkspaceEdit>('textDocument/rename', {
      textDocument: { uri: action },
      position: { line: 1, character: 8 },
      newName: 'find_invoice',
    });
    const agentEdits = (edit.documentChanges ?? []).flatMap((ch) => ('textDocument' in ch && ch.textDocument.uri === c.uri(AGENT) ? ch.edits : []));
    assert.equal(agentEdits.length, 1, JSON.stringify(agentEdits));
    assert.deepEqual(agentEdits[0].range.start, { line: 1, character: 20 }, 'the link written in the anchor');
    assert.equal(agentEdits[0].newText, 'find_invoice');
  });
});
