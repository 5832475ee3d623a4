// The new-file scaffolds, the snippets and the kinds completion offers on a new action item: every one,
// written into the example workspace (or an empty one) with its placeholders at their defaults, checks with no error.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { InsertTextMode, type CompletionItem, type TextEdit } from 'vscode-languageserver-types';
import { listStellarFiles } from '../server/src/node/loadFolder';
import { uriOf } from '../server/src/node/uris';
import { applyEdits } from '../server/src/service/features/format';
import { LineIndex } from '../server/src/service/features/text';
import {
  ACTION_SNIPPETS,
  actionItemLines,
  AUTH_TYPES,
  doComplete,
  FILE_SNIPPETS,
  scaffold,
  scaffoldInfo,
  snippetsFile,
  withDefaults,
  WorkspaceIndex,
  type Finding,
  type ScaffoldParams,
  type ScaffoldResult,
} from '../server/src/service';

const ROOT = path.resolve(__dirname, '..');
const EXAMPLE = path.join(ROOT, 'examples', 'acme-support');
const EMPTY = 'file:///empty';
let exampleTexts: Map<string, string>;
let exampleRoot: string;

before(async () => {
  exampleRoot = uriOf(EXAMPLE);
  exampleTexts = new Map();
  for (const f of await listStellarFiles(EXAMPLE)) exampleTexts.set(uriOf(f), readFileSync(f, 'utf8'));
});

function index(root: string, texts: Map<string, string> = new Map()): WorkspaceIndex {
  const ix = new WorkspaceIndex(root);
  for (const [u, t] of texts) ix.setFile(u, t);
  ix.flush();
  return ix;
}
const example = () => index(exampleRoot, exampleTexts);

/** Errors, but for the example's one deliberate error (SK012, a binding to a moved action). */
const errorsIn = (ix: WorkspaceIndex, uri?: string): Finding[] =>
  (uri ? ix.findings(uri) : ix.allFindings()).filter((f) => f.severity === 'error' && !(f.code === 'SK012' && f.uri.endsWith('/billing-support.agent.yaml')));
const show = (fs: Finding[]) => fs.map((f) => `${f.code} ${f.uri.split('/').pop()}:${f.range.start.line + 1} ${f.message}`).join('\n');

/** Writes a scaffold into the index the way the client does (new files, edits to others) and returns it. */
function written(ix: WorkspaceIndex, r: ScaffoldResult | { refused: string }): ScaffoldResult {
  assert.ok(!('refused' in r), `refused: ${'refused' in r ? r.refused : ''}`);
  for (const c of r.creates) ix.setFile(c, '');
  for (const e of r.edits) ix.setFile(e.uri, applyEdits(ix.text(e.uri) ?? '', e.edits as TextEdit[]));
  assert.ok(ix.setFile(r.uri, r.text), `${r.uri} is a Stellar file of the workspace`);
  ix.flush();
  return r;
}

const SCAFFOLDS: ScaffoldParams[] = [
  { kind: 'integration', integrationKind: 'custom-api', id: 'orders-api', url: 'https://orders.example.com', auth: 'billing-token' },
  { kind: 'integration', integrationKind: 'custom-api', id: 'open-api', name: 'Open: "data" API', url: 'http://127.0.0.1:4010' },
  { kind: 'integration', integrationKind: 'mcp-server', id: 'kb-mcp', url: 'https://kb.example.com/mcp', auth: 'helpdesk-token' },
  { kind: 'integration', integrationKind: 'messaging-channel', id: 'sms-eu', fromNumber: '+31201234567', auth: 'telnyx-key' },
  { kind: 'action', integration: 'billing-api', id: 'list_refunds', method: 'GET', path: '/refunds' },
  { kind: 'action', integration: 'crm-api', id: 'create_note', method: 'POST', path: '/notes' },
  ...AUTH_TYPES.flatMap((authType): ScaffoldParams[] => [
    { kind: 'auth', authType, id: `new-${authType}`, secret: 'BILLING_API_TOKEN' },
    { kind: 'auth', authType, id: `fresh-${authType}`, name: 'Fresh credentials', secret: `FRESH_${authType.replace('-', '_').toUpperCase()}` },
  ]),
  { kind: 'agent', id: 'returns-desk', name: 'Returns desk', status: 'active' },
  { kind: 'agent', id: 'draft', status: 'inactive' },
];

describe('scaffolds of the new-file commands', () => {
  for (const p of SCAFFOLDS) {
    it(`${p.kind} ${p.id} (${JSON.stringify(p).slice(0, 90)}) checks with no error in the example`, () => {
      const ix = example();
      const r = written(ix, scaffold(ix, p));
      assert.deepEqual(errorsIn(ix), [], show(errorsIn(ix)));
      assert.doesNotMatch(r.text, /[&*]a\d/, 'no anchors: each slot is written out');
      // The cursor lands on a value, on its line.
      const line = r.text.split('\n')[r.select.start.line];
      assert.ok(r.select.end.character > r.select.start.character && r.select.end.character === line.length, line);
      // A second time: refused, the id is taken.
      assert.match((scaffold(ix, p) as { refused: string }).refused, /already/);
    });
  }

  it('puts files next to their kind, an action under its integration, and in an Explorer folder when given', () => {
    const ix = example();
    const at = (p: ScaffoldParams) => (scaffold(ix, p) as ScaffoldResult).uri.slice(exampleRoot.length + 1);
    assert.equal(at(SCAFFOLDS[0]), 'integrations/orders-api/orders-api.integration.yaml');
    assert.equal(at(SCAFFOLDS[4]), 'integrations/billing-api/actions/list_refunds.action.yaml');
    assert.equal(at({ kind: 'auth', authType: 'bearer', id: 'x', secret: 'X' }), 'auth/x.auth.yaml');
    assert.equal(at({ kind: 'agent', id: 'x', status: 'active' }), 'agents/x.agent.yaml');
    assert.equal(at({ kind: 'agent', id: 'x', status: 'active', folderUri: `${exampleRoot}/integrations/sms` }), 'integrations/sms/x.agent.yaml');
  });

  it('declares a new secret in stellar.yaml, and creates stellar.yaml in an empty workspace', () => {
    const ix = example();
    written(ix, scaffold(ix, { kind: 'auth', authType: 'bearer', id: 'orders-token', secret: 'ORDERS_TOKEN' }));
    assert.ok(scaffoldInfo(ix).secrets.some((s) => s.name === 'ORDERS_TOKEN'));
    assert.match(ix.text(`${exampleRoot}/stellar.yaml`)!, /# Acme Support[\s\S]*CALLBACKS_API_TOKEN:.*\n {2}ORDERS_TOKEN: ""\n$/);

    const empty = index(EMPTY);
    const r = written(empty, scaffold(empty, { kind: 'auth', authType: 'oauth2', id: 'shop-oauth', secret: 'SHOP_SECRET' }));
    assert.deepEqual(r.creates, [`${EMPTY}/stellar.yaml`]);
    assert.equal(empty.text(`${EMPTY}/stellar.yaml`), 'secrets:\n  SHOP_SECRET: ""\n');
    assert.deepEqual(errorsIn(empty), [], show(errorsIn(empty)));
  });

  it('builds a whole workspace from nothing: integration, shared action, agent, all without errors', () => {
    const ix = index(EMPTY);
    written(ix, scaffold(ix, { kind: 'integration', integrationKind: 'custom-api', id: 'shop', url: 'https://shop.example.com' }));
    written(ix, scaffold(ix, { kind: 'action', integration: 'shop', id: 'find_order', method: 'GET', path: '/orders' }));
    written(ix, scaffold(ix, { kind: 'agent', id: 'shop-agent', status: 'active' }));
    assert.deepEqual(
      ix.uris().map((u) => u.slice(EMPTY.length + 1)),
      ['integrations/shop/shop.integration.yaml', 'integrations/shop/actions/find_order.action.yaml', 'agents/shop-agent.agent.yaml'],
    );
    assert.deepEqual(errorsIn(ix), [], show(errorsIn(ix)));
  });

  it('refuses bad answers with a sentence saying what is wrong', () => {
    const ix = example();
    const refused = (p: ScaffoldParams) => (scaffold(ix, p) as { refused?: string }).refused;
    assert.match(refused({ kind: 'agent', id: 'Bad Id', status: 'active' })!, /not an id/);
    assert.match(refused({ kind: 'agent', id: 'billing-support', status: 'active' })!, /already exists/);
    assert.match(refused({ kind: 'action', integration: 'helpdesk-mcp', id: 'x', method: 'GET', path: '/x' })!, /not a custom-api/);
    assert.match(refused({ kind: 'action', integration: 'billing-api', id: 'x', method: 'GET', path: '/x/{id}' })!, /not a path/);
    assert.match(refused({ kind: 'integration', integrationKind: 'custom-api', id: 'y', url: 'api.example.com' })!, /absolute/);
    assert.match(refused({ kind: 'integration', integrationKind: 'messaging-channel', id: 'y', fromNumber: '0612345678', auth: 'telnyx-key' })!, /E\.164/);
    assert.match(refused({ kind: 'auth', authType: 'bearer', id: 'y', secret: '1X' })!, /secret name/);
    assert.match(
      refused({ kind: 'integration', integrationKind: 'messaging-channel', id: 'y', fromNumber: '+31201234567', auth: 'billing-token' })!,
      /api-key/,
    );
    // What arrives over the wire is checked too.
    const wire = (p: Record<string, unknown>) => refused(p as unknown as ScaffoldParams);
    assert.match(wire({ kind: 'integration', integrationKind: 'ftp', id: 'y', url: 'https://x.example' })!, /not one of custom-api/);
    assert.match(wire({ kind: 'agent', id: 'y', status: 'sometimes' })!, /not a status/);
    assert.match(wire({ kind: 'agent', id: 'y', status: 'active', name: 5 })!, /'name' must be a string/);
    assert.match(wire({ kind: 'plugin', id: 'y' })!, /Unknown kind/);
  });
});

describe('snippets', () => {
  it('snippets/stellar.code-snippets is what the snippet table writes (node --import tsx scripts/write-snippets.ts)', () => {
    assert.equal(readFileSync(path.join(ROOT, 'snippets', 'stellar.code-snippets'), 'utf8'), snippetsFile());
  });

  it('has one action snippet per kind of action, handover three times', () => {
    const types = ACTION_SNIPPETS.map((s) => /^(?:- )?type: (\S+)/.exec(s.lines[0])?.[1] ?? 'binding');
    assert.deepEqual(types, ['binding', 'api-call', 'static-response', 'handover', 'handover', 'handover', 'end-call', 'client-event', 'send-text-message']);
  });

  for (const s of ACTION_SNIPPETS) {
    it(`action '${s.prefix}' at its defaults checks with no error in a new agent of the example`, () => {
      const ix = example();
      const uri = `${exampleRoot}/agents/snippet.agent.yaml`;
      const body = actionItemLines(s)
        .map((l) => `  ${l}`)
        .join('\n');
      ix.setFile(uri, `name: Snippet\nstatus: active\nactions:\n${withDefaults(body)}\n`);
      ix.flush();
      assert.deepEqual(errorsIn(ix, uri), [], `${show(errorsIn(ix, uri))}\n${ix.text(uri)}`);
    });
  }

  const fileOf: Record<string, string> = {
    integration: 'integrations/snippet.integration.yaml',
    shared: 'integrations/billing-api/actions/snippet.action.yaml',
  };
  for (const s of FILE_SNIPPETS) {
    it(`file '${s.prefix}' at its defaults checks with no error in the example`, () => {
      const ix = example();
      const group = s.prefix.split('-')[0];
      const uri = `${exampleRoot}/${fileOf[group] ?? `${group}s/snippet.${group}.yaml`}`;
      assert.ok(ix.setFile(uri, withDefaults(s.lines.join('\n')) + '\n'), uri);
      ix.flush();
      assert.deepEqual(errorsIn(ix, uri), [], `${show(errorsIn(ix, uri))}\n${ix.text(uri)}`);
    });
  }
});

describe('completion on a new action item', () => {
  const AGENT = 'file:///empty/agents/a.agent.yaml';
  const complete = (ix: WorkspaceIndex, marked: string): { items: CompletionItem[]; text: string } => {
    const at = marked.indexOf('‸');
    const text = marked.replace('‸', '');
    ix.setFile(AGENT, text);
    ix.flush();
    return { items: doComplete(ix, AGENT, new LineIndex(text).positionAt(at)), text };
  };

  it('offers the kinds of action, each inserting a skeleton that checks once filled in', () => {
    const ix = index(EMPTY);
    const { items, text } = complete(ix, 'name: A\nstatus: active\nactions:\n  - ‸\n');
    assert.deepEqual(
      items.map((i) => i.label),
      ACTION_SNIPPETS.map((s) => s.label),
    );
    const end = items.find((i) => i.label === 'type: end-call')!;
    assert.equal(end.insertTextMode, InsertTextMode.asIs);
    const filled = applyEdits(text, [{ ...(end.textEdit as TextEdit), newText: withDefaults((end.textEdit as TextEdit).newText) }]);
    assert.equal(
      filled,
      'name: A\nstatus: active\nactions:\n  - type: end-call\n    name: end_call\n    description: End the call once the caller has no more questions.\n    phases: [in-call]\n',
    );
    ix.setFile(AGENT, filled);
    assert.deepEqual(errorsIn(ix, AGENT), [], show(errorsIn(ix, AGENT)));
  });

  it('then only the keys of the kind chosen; a binding to an MCP tool only phases, maxSuccessfulCalls and allowedStates', () => {
    const ix = index(EMPTY);
    ix.setFile(`${EMPTY}/kb.integration.yaml`, 'kind: mcp-server\nname: KB\nurl: https://kb.example.com/mcp\n');
    ix.setFile(`${EMPTY}/api.integration.yaml`, 'kind: custom-api\nname: API\nenvironments:\n  development:\n    baseUrl: https://api.example.com\n');
    const labels = (marked: string) => complete(ix, marked).items.map((i) => i.label);
    assert.deepEqual(labels('name: A\nstatus: active\nactions:\n  - type: end-call\n    ‸\n'), [
      'name',
      'description',
      'parameters',
      'phases',
      'maxSuccessfulCalls',
      'allowedStates',
    ]);
    assert.deepEqual(labels('name: A\nstatus: active\nactions:\n  - link: api/x\n    ‸\n'), [
      'parameters',
      'bodyTemplate',
      'phases',
      'maxSuccessfulCalls',
      'allowedStates',
    ]);
    assert.deepEqual(labels('name: A\nstatus: active\nactions:\n  - link: kb/search\n    ‸\n'), ['phases', 'maxSuccessfulCalls', 'allowedStates']);
    // A second item after a full one starts with the kinds again.
    assert.equal(labels('name: A\nstatus: active\nactions:\n  - link: kb/search\n  - ‸\n')[0], 'link:');
  });
});
