// Random edit sequences and random requests against the live server over stdio. After each
// sequence the diagnostics it published (for the final versions) must equal a from-scratch check of
// the final texts, and nothing may crash or fail.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { freshFindings, simplifyDiagnostic } from './lsp/expected';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';

const DOCS = ['agents/billing-support.agent.yaml', 'integrations/billing-api/actions/lookup_invoice.action.yaml'];

/** Pieces that change what files define and link, plus YAML punctuation that breaks structure. */
const FRAGMENTS = [
  '\n',
  '\r\n',
  '  ',
  '- ',
  ': ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '---\n',
  '&a ',
  '*a',
  '\t',
  'link: billing-api/lookup_invoice',
  'payments-api/refund_payment',
  'billing-api/',
  '\n  - link: crm-api/create_ticket\n',
  'integration: payments-api\n',
  'integration: billing-api\n',
  'name: lookup_invoice\n',
  'name: refund_payment\n',
  'method: POST\n',
  'status: inactive\n',
  '    bodyTemplate: "{{ .parameters.nope }}"\n',
  '{{ if }}',
  '{ secret: NOPE }',
  'outputVariables:\n  - name: amount\n    path: $.invoice.amount\n',
  'allowedStates: [nowhere]\n',
  'é',
  '😀',
];

type Command =
  { kind: 'edit'; doc: number; at: number; del: number; text: string } | { kind: 'request'; doc: number; at: number; method: string; beyond: boolean };

const METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/codeAction',
  'textDocument/documentSymbol',
  'textDocument/codeLens',
];

const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      doc: fc.integer({ min: 0, max: 1 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
      text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 3 }), fc.constant('')),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      doc: fc.integer({ min: 0, max: 1 }),
      at: fc.double({ min: 0, max: 1, noNaN: true }),
      method: fc.constantFrom(...METHODS),
      beyond: fc.boolean(),
    }),
  },
);

describe('language server: fuzz', () => {
  let c: TestClient;
  before(async () => {
    c = new TestClient(copyWorkspace(undefined, 'stellar-fuzz-'));
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it('random edits and requests: no failure, and the published diagnostics equal a full re-check', async () => {
    let version = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 14 }), async (commands) => {
        const uris = DOCS.map((d) => c.uri(d));
        const docs = DOCS.map((d, i) => TextDocument.create(uris[i], 'stellar-yaml', ++version, readFileSync(path.join(c.root, d), 'utf8')));
        for (const d of docs) await c.open(d.uri, d.getText(), d.version);

        for (const cmd of commands) {
          const doc = docs[cmd.doc];
          const text = doc.getText();
          const offset = Math.floor(cmd.at * (text.length + 1));
          if (cmd.kind === 'edit') {
            const range = { start: doc.positionAt(offset), end: doc.positionAt(offset + cmd.del) };
            const next = TextDocument.update(doc, [{ range, text: cmd.text }], ++version);
            docs[cmd.doc] = next;
            await c.change(doc.uri, next.version, [{ range, text: cmd.text }]);
          } else {
            const position = cmd.beyond ? { line: doc.lineCount + 3, character: 1_000 } : doc.positionAt(offset);
            const params: Record<string, unknown> = { textDocument: { uri: doc.uri }, position };
            if (cmd.method === 'textDocument/references') params.context = { includeDeclaration: true };
            if (cmd.method === 'textDocument/rename') params.newName = 'renamed_thing';
            if (cmd.method === 'textDocument/codeAction')
              Object.assign(params, { range: { start: position, end: position }, context: { diagnostics: c.diagnostics.get(doc.uri)?.diagnostics ?? [] } });
            await c.request(cmd.method, params).catch((e: { code?: number; message?: string }) => {
              // A name the rename cannot use is a RequestFailed answer, not a failure.
              if (!(cmd.method === 'textDocument/rename' && e.code === -32803)) throw new Error(`${cmd.method} failed: ${e.code} ${e.message}`);
            });
          }
        }

        // A request brings pending edits into the index; its answer comes after their diagnostics.
        for (const d of docs) await c.request('textDocument/documentSymbol', { textDocument: { uri: d.uri } });
        for (const d of docs) assert.equal(c.diagnostics.get(d.uri)?.version, d.version, `diagnostics of ${d.uri} are for the final version`);
        const expected = await freshFindings(c.root, new Map(docs.map((d) => [d.uri, d.getText()])));
        for (const [uri, findings] of expected) {
          assert.deepEqual(c.diagnostics.get(uri)?.diagnostics.map(simplifyDiagnostic), findings, `diagnostics of ${uri}`);
        }
        for (const d of docs) await c.close(d.uri);
        assert.deepEqual(
          c.logs.filter((l) => /failed/i.test(l)),
          [],
          'no handler failed',
        );
      }),
      { numRuns: 40 },
    );
    assert.doesNotMatch(c.stderr, /Uncaught|Unhandled/);
  });
});
