import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import type { CodeAction, Location, Position, WorkspaceEdit } from 'vscode-languageserver-types';
import { loadFolder } from '../server/src/node/loadFolder';
import { buildLock } from '../server/src/service/lock';
import type { Finding } from '../server/src/service/types';
import { WorkspaceIndex } from '../server/src/service/workspace';
import {
  codeLenses,
  doComplete,
  doHover,
  doRename,
  documentSymbols,
  fileOperations,
  findDefinition,
  findReferences,
  getCodeActions,
  prepareRename,
  RenameError,
  workspaceSymbols,
} from '../server/src/service/features/index';
import { getCodeActions as rawCodeActions } from '../server/src/service/features/codeActions';
import { codeLenses as rawCodeLenses } from '../server/src/service/features/codeLens';
import { doComplete as rawComplete } from '../server/src/service/features/completion';
import { findDefinition as rawDefinition } from '../server/src/service/features/definition';
import { willDeleteFiles as rawWillDelete, willRenameFiles as rawWillRename } from '../server/src/service/features/fileOperations';
import { doHover as rawHover } from '../server/src/service/features/hover';
import { documentSymbols as rawDocumentSymbols, workspaceSymbols as rawWorkspaceSymbols } from '../server/src/service/features/outline';
import { findReferences as rawReferences } from '../server/src/service/features/references';
import { doRename as rawRename, prepareRename as rawPrepareRename } from '../server/src/service/features/rename';
import { RenameError as RawRenameError } from '../server/src/service/features/renameEdits';
import { LineIndex } from '../server/src/service/features/text';

// ---------------------------------------------------------------------------------------------
// An in-memory workspace: a custom-api integration with two shared actions, a second custom-api
// with one slot, an MCP server with discovered tools, an SMS channel, two auth connectors, the
// manifest, and an active agent with its lock (one changed shape: SK013, one unlocked link: SK014).
// ---------------------------------------------------------------------------------------------

const ROOT = 'file:///ws';
const u = (p: string) => `${ROOT}/${p}`;

const BASE: Record<string, string> = {
  'stellar.yaml': `secrets:
  BILLING_TOKEN: Bearer token of the billing API
  TELNYX_KEY: ""
`,
  'auth/billing-token.auth.yaml': `type: bearer
name: Billing token
environments:
  development:
    token: { secret: BILLING_TOKEN }
  production:
    token: { secret: BILLING_TOKEN }
`,
  'auth/telnyx-key.auth.yaml': `type: api-key
name: Telnyx key
environments:
  development:
    in: header
    name: Authorization
    value: { secret: TELNYX_KEY }
`,
  'integrations/billing-api/billing-api.integration.yaml': `kind: custom-api
name: Billing API
environments:
  development:
    baseUrl: http://127.0.0.1:4010
    auth: billing-token
  production:
    baseUrl: https://billing.example.com
    auth: billing-token
`,
  'integrations/billing-api/actions/lookup_invoice.action.yaml': `integration: billing-api
name: lookup_invoice
description: Look up an invoice by its number.
method: GET
path: /invoices/lookup
headers:
  Accept: application/json
outputVariables:
  - name: amount_due
    path: $.invoice.amount_due
`,
  'integrations/billing-api/actions/create_refund.action.yaml': `integration: billing-api
name: create_refund
description: Refund a payment.
method: POST
path: /refunds
`,
  'integrations/crm/crm.integration.yaml': `kind: custom-api
name: CRM
environments:
  development:
    baseUrl: http://127.0.0.1:4020
`,
  'integrations/crm/actions/find_customer.action.yaml': `integration: crm
name: find_customer
description: Find a customer.
method: GET
path: /customers
`,
  'integrations/docs/docs.integration.yaml': `kind: mcp-server
name: Docs
url: https://docs.example.com/mcp
`,
  'integrations/docs/docs.tools.lock.yaml': `integration: docs
discoveredAt: "2026-11-20T10:00:00.000Z"
tools:
  - name: search_docs
    description: Search the help center
    inputSchema: { type: object, properties: { query: { type: string } } }
`,
  'integrations/sms/sms.integration.yaml': `kind: messaging-channel
name: SMS
provider: telnyx
environments:
  development:
    fromNumber: "+14155550100"
    messagingProfileId: profile-1
    auth: telnyx-key
`,
  'agents/support.agent.yaml': `name: Support
status: active
states:
  - greeting
  - billing
actions:
  - link: billing-api/lookup_invoice
    parameters:
      type: object
      properties:
        invoice_number:
          type: string
          description: The invoice number
    allowedStates: [billing]

  - link: billing-api/create_refund
    parameters:
      type: object
      properties:
        amount:
          type: number
    bodyTemplate: '{"amount": {{ .parameters.amount }}}'

  - link: docs/search_docs

  - type: send-text-message
    name: text_link
    description: Text the invoice link.
    channel: sms
    recipient: caller
    message: "Invoice {{ .parameters.invoice }}"
    parameters:
      type: object
      properties:
        invoice:
          type: string
`,
  'agents/support.agent.lock.yaml': `agent: support
lockedAt: "2026-11-01T00:00:00.000Z"
actions:
  billing-api/lookup_invoice:
    lockedAt: "2026-11-01T00:00:00.000Z"
    name: lookup_invoice
    description: Look up an invoice by its number.
    method: GET
    path: /invoices/lookup
    headers: { Accept: application/json }
    outputVariables:
      - { name: amount, path: $.invoice.amount_due }
`,
};

const AGENT = u('agents/support.agent.yaml');
const LOCK = u('agents/support.agent.lock.yaml');
const LOOKUP = u('integrations/billing-api/actions/lookup_invoice.action.yaml');
const REFUND = u('integrations/billing-api/actions/create_refund.action.yaml');
const BILLING = u('integrations/billing-api/billing-api.integration.yaml');
const CRM = u('integrations/crm/crm.integration.yaml');
const BILLING_TOKEN = u('auth/billing-token.auth.yaml');
const MANIFEST = u('stellar.yaml');
const SMS = u('integrations/sms/sms.integration.yaml');

/** The base workspace with some files replaced (a string), added, or removed (null). */
function workspace(over: Record<string, string | null> = {}): WorkspaceIndex {
  const index = new WorkspaceIndex(ROOT);
  for (const [p, t] of Object.entries({ ...BASE, ...over })) if (t !== null) index.setFile(u(p), t);
  index.flush();
  return index;
}

const MARK = '‸';

/** Puts `text` (with one ‸ marking the cursor) into the index and returns the cursor position. */
function withCursor(index: WorkspaceIndex, uri: string, marked: string): Position {
  const at = marked.indexOf(MARK);
  assert.ok(at >= 0, 'the text has a cursor mark');
  const text = marked.slice(0, at) + marked.slice(at + MARK.length);
  index.setFile(uri, text);
  index.flush();
  return new LineIndex(text).positionAt(at);
}

/** Position of the `nth` occurrence of `needle` in a file of the index, plus `delta` characters. */
function pos(index: WorkspaceIndex, uri: string, needle: string, delta = 0, nth = 0): Position {
  const text = index.text(uri)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' is in ${uri}`);
  return new LineIndex(text).positionAt(at + delta);
}

function labels(index: WorkspaceIndex, uri: string, p: Position): string[] {
  return doComplete(index, uri, p).map((c) => c.label);
}

/** Applies a WorkspaceEdit to the index's texts: returns every file's text afterwards (by uri). */
function apply(index: WorkspaceIndex, edit: WorkspaceEdit | null | undefined): Map<string, string> {
  assert.ok(edit, 'an edit');
  const files = new Map(index.uris().map((x) => [x, index.text(x)!]));
  for (const change of edit.documentChanges ?? []) {
    if ('kind' in change) {
      if (change.kind === 'create') {
        if (!files.has(change.uri)) files.set(change.uri, '');
      } else if (change.kind === 'rename') {
        assert.ok(files.has(change.oldUri), `renamed file ${change.oldUri} exists`);
        assert.ok(!files.has(change.newUri), `rename target ${change.newUri} is free`);
        files.set(change.newUri, files.get(change.oldUri)!);
        files.delete(change.oldUri);
      } else files.delete(change.uri);
      continue;
    }
    const uri = change.textDocument.uri;
    assert.equal(change.textDocument.version, null);
    const text = files.get(uri);
    assert.ok(text !== undefined, `edited file ${uri} exists`);
    const lines = new LineIndex(text);
    const edits = change.edits.map((e) => ({ s: lines.offsetAt(e.range.start), e: lines.offsetAt(e.range.end), t: e.newText })).sort((a, b) => b.s - a.s);
    let out = text;
    for (const e of edits) out = out.slice(0, e.s) + e.t + out.slice(e.e);
    files.set(uri, out);
  }
  return files;
}

function diagnostics(index: WorkspaceIndex, uri: string, code?: string): { code: string; range: Finding['range']; data?: unknown; message: string }[] {
  return index
    .findings(uri)
    .filter((f) => !code || f.code === code)
    .map((f) => ({ code: f.code, range: f.range, data: f.data, message: f.message }));
}

function fixesFor(index: WorkspaceIndex, uri: string, code: string): CodeAction[] {
  const ds = diagnostics(index, uri, code);
  assert.ok(ds.length > 0, `${code} is reported in ${uri}`);
  return getCodeActions(index, uri, ds[0].range, ds.slice(0, 1), { now: new Date('2026-12-01T00:00:00.000Z') });
}

function fix(index: WorkspaceIndex, uri: string, code: string, title: string | RegExp): { action: CodeAction; files: Map<string, string> } {
  const all = fixesFor(index, uri, code);
  const action = all.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(action, `quick fix ${title} among: ${all.map((a) => a.title).join(' | ')}`);
  assert.equal(action.kind, 'quickfix');
  assert.equal(action.diagnostics?.[0]?.code, code);
  return { action, files: apply(index, action.edit) };
}

const where = (l: Location) => `${l.uri.slice(ROOT.length + 1)}:${l.range.start.line}:${l.range.start.character}`;

// ---------------------------------------------------------------------------------------------

describe('fixture', () => {
  test('the base workspace reports only the changed shape and the missing lock entry', () => {
    const index = workspace();
    assert.deepEqual(
      index.allFindings().map((f) => `${f.code} ${f.uri.slice(ROOT.length + 1)}`),
      ['SK013 agents/support.agent.yaml', 'SK014 agents/support.agent.yaml'],
    );
  });
});

describe('doComplete', () => {
  test('top-level keys of an agent come from the schema, with descriptions, required first', () => {
    const index = workspace();
    const p = withCursor(index, u('agents/new.agent.yaml'), `name: New\n${MARK}\n`);
    const items = doComplete(index, u('agents/new.agent.yaml'), p);
    const byLabel = new Map(items.map((i) => [i.label, i]));
    for (const k of ['status', 'description', 'states', 'strictStateSeparation', 'actions']) assert.ok(byLabel.has(k), k);
    assert.ok(!byLabel.has('name'), 'a key already present is not offered');
    const status = byLabel.get('status')!;
    assert.match(JSON.stringify(status.documentation), /active/);
    assert.ok(status.sortText! < byLabel.get('description')!.sortText!, 'required keys sort first');
    assert.equal((status.textEdit as { newText: string }).newText, 'status: ');
  });

  test('keys of an agent action follow its form: link or type, then the chosen type', () => {
    const index = workspace();
    let p = withCursor(index, u('agents/new.agent.yaml'), `name: New\nstatus: active\nactions:\n  - ${MARK}\n`);
    let got = labels(index, u('agents/new.agent.yaml'), p);
    // A new item offers the kinds first (test/scaffold.test.ts has the skeletons they insert).
    assert.ok(got[0] === 'link:' && got.includes('type: handover (queue)') && !got.includes('name'), got.join());
    p = withCursor(index, u('agents/new.agent.yaml'), `name: New\nstatus: active\nactions:\n  - type: handover\n    ${MARK}\n`);
    got = labels(index, u('agents/new.agent.yaml'), p);
    assert.ok(got.includes('handoverType') && got.includes('fallbackQueue'), got.join());
    assert.ok(!got.includes('channel') && !got.includes('link'), got.join());
    p = withCursor(index, u('agents/new.agent.yaml'), `name: New\nstatus: active\nactions:\n  - link: billing-api/lookup_invoice\n    ${MARK}\n`);
    got = labels(index, u('agents/new.agent.yaml'), p);
    assert.deepEqual(got.sort(), ['allowedStates', 'bodyTemplate', 'maxSuccessfulCalls', 'parameters', 'phases']);
  });

  test('enum values, with the discriminator branch descriptions', () => {
    const index = workspace();
    let p = withCursor(index, u('x.action.yaml'), `integration: billing-api\nmethod: ${MARK}\n`);
    assert.deepEqual(labels(index, u('x.action.yaml'), p), ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
    p = withCursor(index, u('x.integration.yaml'), `kind: ${MARK}\n`);
    const kinds = doComplete(index, u('x.integration.yaml'), p);
    assert.deepEqual(
      kinds.map((k) => k.label),
      ['custom-api', 'mcp-server', 'messaging-channel'],
    );
    assert.match(JSON.stringify(kinds[1].documentation), /Model Context Protocol/);
  });

  test('link values: every custom-api shared action and every discovered MCP tool', () => {
    const index = workspace();
    const p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('link: docs/search_docs', `link: bil${MARK}`));
    const items = doComplete(index, AGENT, p);
    assert.deepEqual(items.map((i) => i.label).sort(), ['billing-api/create_refund', 'billing-api/lookup_invoice', 'crm/find_customer', 'docs/search_docs']);
    const lookup = items.find((i) => i.label === 'billing-api/lookup_invoice')!;
    assert.equal(lookup.detail, 'GET /invoices/lookup');
    const edit = lookup.textEdit as { range: { start: Position; end: Position }; newText: string };
    assert.equal(edit.range.end.character - edit.range.start.character, 3, 'replaces what was typed of the link');
  });

  test('auth ids (api-key only in messaging slots), channels, integrations, secrets', () => {
    const index = workspace();
    let p = withCursor(index, CRM, BASE['integrations/crm/crm.integration.yaml'].replace('4020\n', `4020\n    auth: ${MARK}\n`));
    assert.deepEqual(labels(index, CRM, p), ['billing-token', 'telnyx-key']);
    p = withCursor(index, SMS, BASE['integrations/sms/sms.integration.yaml'].replace('auth: telnyx-key', `auth: ${MARK}`));
    assert.deepEqual(labels(index, SMS, p), ['telnyx-key']);
    p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('channel: sms', `channel: ${MARK}`));
    assert.deepEqual(labels(index, AGENT, p), ['sms']);
    p = withCursor(
      index,
      REFUND,
      BASE['integrations/billing-api/actions/create_refund.action.yaml'].replace('integration: billing-api', `integration: ${MARK}`),
    );
    assert.deepEqual(labels(index, REFUND, p), ['billing-api', 'crm']);
    p = withCursor(
      index,
      LOOKUP,
      BASE['integrations/billing-api/actions/lookup_invoice.action.yaml'].replace('Accept: application/json', `X-Key: { secret: ${MARK} }`),
    );
    const secrets = doComplete(index, LOOKUP, p);
    assert.deepEqual(
      secrets.map((s) => s.label),
      ['BILLING_TOKEN', 'TELNYX_KEY'],
    );
    assert.match(JSON.stringify(secrets[0].documentation), /Bearer token of the billing API/);
  });

  test('phases and allowedStates, without what the list already holds', () => {
    const index = workspace();
    let p = withCursor(
      index,
      AGENT,
      BASE['agents/support.agent.yaml'].replace('    allowedStates: [billing]', `    allowedStates: [billing]\n    phases: [in-call, ${MARK}]`),
    );
    assert.deepEqual(labels(index, AGENT, p), ['post-call']);
    p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('allowedStates: [billing]', `allowedStates: [billing, ${MARK}]`));
    assert.deepEqual(labels(index, AGENT, p), ['greeting']);
    p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('    allowedStates: [billing]', `    allowedStates:\n      - ${MARK}`));
    assert.deepEqual(labels(index, AGENT, p).sort(), ['billing', 'greeting']);
  });

  test("template placeholders from the action's own parameters", () => {
    const index = workspace();
    let p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('{{ .parameters.amount }}', `{{ .par${MARK} }}`));
    let got = labels(index, AGENT, p);
    assert.ok(got.includes('.parameters.amount') && !got.includes('.parameters.invoice_number'), got.join());
    p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('Invoice {{ .parameters.invoice }}', `Invoice {{ ${MARK}`));
    got = labels(index, AGENT, p);
    assert.ok(got.includes('.parameters.invoice') && got.includes('.variables.call.from'), got.join());
    p = withCursor(index, AGENT, BASE['agents/support.agent.yaml'].replace('recipient: caller', `recipient: ${MARK}`));
    assert.ok(labels(index, AGENT, p).includes('caller'));
  });

  test('environment names as keys under environments', () => {
    const index = workspace();
    const p = withCursor(index, CRM, BASE['integrations/crm/crm.integration.yaml'] + `  ${MARK}\n`);
    assert.deepEqual(labels(index, CRM, p), ['staging', 'production']);
  });
});

describe('doHover', () => {
  test('a link shows the current shape and what changed since the lock', () => {
    const index = workspace();
    const h = doHover(index, AGENT, pos(index, AGENT, 'billing-api/lookup_invoice', 15));
    assert.ok(h);
    const md = (h.contents as { value: string }).value;
    for (const s of [
      '`GET`',
      '`/invoices/lookup`',
      'Look up an invoice',
      '`Accept`',
      '`amount_due`',
      'Changed since the lock',
      "output variable 'amount' renamed to 'amount_due'",
    ])
      assert.ok(md.includes(s), s);
    assert.deepEqual(h.range, { start: pos(index, AGENT, 'billing-api/lookup_invoice'), end: pos(index, AGENT, 'billing-api/lookup_invoice', 26) });
  });

  test('a link to an MCP tool shows the discovered tool', () => {
    const index = workspace();
    const md = (doHover(index, AGENT, pos(index, AGENT, 'docs/search_docs', 8))!.contents as { value: string }).value;
    assert.match(md, /Search the help center/);
    assert.match(md, /`query` \(string\)/);
  });

  test('a key shows its schema description', () => {
    const index = workspace();
    const md = (doHover(index, AGENT, pos(index, AGENT, 'status'))!.contents as { value: string }).value;
    assert.match(md, /`active` agents take conversations/);
    assert.match(md, /Values: `active`, `inactive`/);
  });

  test('the first key of an integration or shared action lists the agents that link it', () => {
    const index = workspace();
    let md = (doHover(index, BILLING, { line: 0, character: 1 })!.contents as { value: string }).value;
    assert.match(md, /\*\*Linked by 1 agent\*\*/);
    assert.match(md, /`support` \(Support, active\): `billing-api\/lookup_invoice`, `billing-api\/create_refund`/);
    md = (doHover(index, LOOKUP, pos(index, LOOKUP, 'lookup_invoice', 2))!.contents as { value: string }).value;
    assert.match(md, /Linked by 1 agent/);
    md = (doHover(index, CRM, { line: 0, character: 1 })!.contents as { value: string }).value;
    assert.match(md, /No agent links this integration/);
  });

  test('a secret reference shows its declaration, never a value', () => {
    const index = workspace();
    const md = (doHover(index, BILLING_TOKEN, pos(index, BILLING_TOKEN, 'BILLING_TOKEN', 2))!.contents as { value: string }).value;
    assert.match(md, /Bearer token of the billing API/);
  });

  test('nothing under the cursor, unknown files and past the end give null', () => {
    const index = workspace();
    assert.equal(doHover(index, u('nope.agent.yaml'), { line: 0, character: 0 }), null);
    assert.equal(doHover(index, AGENT, { line: 999, character: 0 }), null);
    assert.equal(doHover(index, AGENT, { line: 14, character: 0 }), null, 'a blank line between actions');
  });
});

describe('findDefinition', () => {
  const index = workspace();
  const one = (uri: string, p: Position) => {
    const locs = findDefinition(index, uri, p);
    assert.equal(locs.length, 1);
    return where(locs[0]);
  };
  test('link → the shared action (its name)', () => {
    assert.equal(one(AGENT, pos(index, AGENT, 'billing-api/lookup_invoice', 20)), 'integrations/billing-api/actions/lookup_invoice.action.yaml:1:6');
  });
  test('tool link → the tools lock entry', () => {
    assert.equal(one(AGENT, pos(index, AGENT, 'docs/search_docs', 6)), 'integrations/docs/docs.tools.lock.yaml:3:10');
  });
  test('auth → connector, channel → integration, integration field → integration', () => {
    assert.equal(one(BILLING, pos(index, BILLING, 'billing-token', 1)), 'auth/billing-token.auth.yaml:0:0');
    assert.equal(one(AGENT, pos(index, AGENT, 'channel: sms', 10)), 'integrations/sms/sms.integration.yaml:0:0');
    assert.equal(one(LOOKUP, pos(index, LOOKUP, 'billing-api')), 'integrations/billing-api/billing-api.integration.yaml:0:0');
  });
  test('secret → its declaration in stellar.yaml', () => {
    assert.equal(one(BILLING_TOKEN, pos(index, BILLING_TOKEN, 'BILLING_TOKEN')), 'stellar.yaml:1:2');
  });
  test("allowed state → the agent's state; template placeholder → the parameter", () => {
    assert.equal(one(AGENT, pos(index, AGENT, '[billing]', 2)), 'agents/support.agent.yaml:4:4');
    assert.equal(one(AGENT, pos(index, AGENT, '.parameters.amount', 14)), 'agents/support.agent.yaml:19:8');
    assert.equal(one(AGENT, pos(index, AGENT, '.parameters.invoice', 14)), 'agents/support.agent.yaml:34:8');
  });
  test('lock key → the shared action', () => {
    assert.equal(one(LOCK, pos(index, LOCK, 'billing-api/lookup_invoice:', 3)), 'integrations/billing-api/actions/lookup_invoice.action.yaml:1:6');
  });
  test('a moved link → every candidate', () => {
    const moved = workspace({
      'integrations/payments/payments.integration.yaml': 'kind: custom-api\nname: Payments\nenvironments:\n  development:\n    baseUrl: http://localhost:1\n',
      'integrations/payments/actions/refund.action.yaml': 'integration: payments\nname: refund\ndescription: Refund.\nmethod: POST\npath: /refunds\n',
      'agents/legacy.agent.yaml': 'name: Legacy\nstatus: inactive\nactions:\n  - link: billing-api/refund\n',
    });
    assert.deepEqual(findDefinition(moved, u('agents/legacy.agent.yaml'), { line: 3, character: 12 }).map(where), [
      'integrations/payments/actions/refund.action.yaml:1:6',
    ]);
  });
  test('plain values and unknown places have no definition', () => {
    assert.deepEqual(findDefinition(index, AGENT, pos(index, AGENT, 'Support')), []);
    assert.deepEqual(findDefinition(index, u('missing.agent.yaml'), { line: 0, character: 0 }), []);
  });
});

describe('findReferences', () => {
  const index = workspace({ 'agents/other.agent.yaml': 'name: Other\nstatus: inactive\nactions:\n  - link: billing-api/lookup_invoice\n' });
  test('a shared action: every binding, from its file or from a link', () => {
    const fromFile = findReferences(index, LOOKUP, pos(index, LOOKUP, 'GET'), true).map(where);
    assert.deepEqual(fromFile, [
      'integrations/billing-api/actions/lookup_invoice.action.yaml:0:0',
      'agents/other.agent.yaml:3:10',
      'agents/support.agent.yaml:6:10',
    ]);
    const fromLink = findReferences(index, AGENT, pos(index, AGENT, 'lookup_invoice'), false).map(where);
    assert.deepEqual(fromLink, ['agents/other.agent.yaml:3:10', 'agents/support.agent.yaml:6:10']);
  });
  test('an auth connector: every slot using it', () => {
    assert.deepEqual(findReferences(index, BILLING_TOKEN, pos(index, BILLING_TOKEN, 'bearer'), false).map(where), [
      'integrations/billing-api/billing-api.integration.yaml:5:10',
      'integrations/billing-api/billing-api.integration.yaml:8:10',
    ]);
  });
  test('an integration: bindings, shared actions and channels', () => {
    const refs = findReferences(index, BILLING, { line: 1, character: 2 }, true).map(where);
    assert.equal(refs.length, 1 + 3 + 2);
    assert.ok(refs.includes('integrations/billing-api/actions/create_refund.action.yaml:0:13'));
    assert.deepEqual(findReferences(index, AGENT, pos(index, AGENT, 'channel: sms', 10), false).map(where), ['agents/support.agent.yaml:28:13']);
  });
  test('a secret: its declaration and every use', () => {
    const refs = findReferences(index, MANIFEST, pos(index, MANIFEST, 'BILLING_TOKEN'), true).map(where);
    assert.deepEqual(refs, ['stellar.yaml:1:2', 'auth/billing-token.auth.yaml:4:21', 'auth/billing-token.auth.yaml:6:21']);
  });
  test('a state: its declaration and every allowedStates item', () => {
    assert.deepEqual(findReferences(index, AGENT, pos(index, AGENT, '- billing', 2), true).map(where), [
      'agents/support.agent.yaml:4:4',
      'agents/support.agent.yaml:13:20',
    ]);
  });
});

describe('rename', () => {
  test('prepareRename names what would be renamed', () => {
    const index = workspace();
    assert.deepEqual(prepareRename(index, AGENT, pos(index, AGENT, 'lookup_invoice', 3)), {
      range: { start: pos(index, AGENT, 'lookup_invoice'), end: pos(index, AGENT, 'lookup_invoice', 14) },
      placeholder: 'lookup_invoice',
    });
    assert.equal(prepareRename(index, AGENT, pos(index, AGENT, 'billing-api/lookup', 2))?.placeholder, 'billing-api');
    assert.equal(prepareRename(index, AGENT, pos(index, AGENT, 'docs/search_docs', 8)), null, 'MCP tools are named by their server');
    assert.equal(prepareRename(index, AGENT, pos(index, AGENT, 'Support')), null);
  });

  test('a shared action: file, every link and lock key', () => {
    const index = workspace();
    const edit = doRename(index, AGENT, pos(index, AGENT, 'lookup_invoice', 3), 'find_invoice');
    const renames = edit!.documentChanges!.filter((c) => 'kind' in c);
    assert.deepEqual(renames, [
      {
        kind: 'rename',
        oldUri: LOOKUP,
        newUri: u('integrations/billing-api/actions/find_invoice.action.yaml'),
        options: { overwrite: false, ignoreIfExists: false },
      },
    ]);
    const files = apply(index, edit);
    assert.match(files.get(AGENT)!, /- link: billing-api\/find_invoice\n/);
    assert.match(files.get(LOCK)!, /\n {2}billing-api\/find_invoice:\n/);
    assert.match(files.get(u('integrations/billing-api/actions/find_invoice.action.yaml'))!, /^name: find_invoice$/m, 'the name that was the id follows it');
    // The renamed workspace is consistent: the same findings as before, on the new names.
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(
      after.allFindings().map((f) => f.code),
      ['SK013', 'SK014'],
    );
  });

  test('a shared action from its own file', () => {
    const index = workspace();
    const files = apply(index, doRename(index, REFUND, pos(index, REFUND, 'create_refund'), 'issue_refund'));
    assert.ok(files.has(u('integrations/billing-api/actions/issue_refund.action.yaml')));
    assert.match(files.get(AGENT)!, /link: billing-api\/issue_refund/);
  });

  test('an integration: file, shared actions, link prefixes and lock keys', () => {
    const index = workspace();
    const files = apply(index, doRename(index, AGENT, pos(index, AGENT, 'billing-api/lookup', 1), 'invoicing'));
    assert.ok(files.has(u('integrations/billing-api/invoicing.integration.yaml')) && !files.has(BILLING));
    assert.match(files.get(LOOKUP)!, /^integration: invoicing\n/);
    assert.match(files.get(REFUND)!, /^integration: invoicing\n/);
    assert.match(files.get(AGENT)!, /link: invoicing\/lookup_invoice[\s\S]*link: invoicing\/create_refund/);
    assert.match(files.get(LOCK)!, /invoicing\/lookup_invoice:/);
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(
      after.allFindings().map((f) => f.code),
      ['SK013', 'SK014'],
    );
  });

  test('an MCP integration takes its tools lock along', () => {
    const index = workspace();
    const files = apply(index, doRename(index, u('integrations/docs/docs.integration.yaml'), { line: 1, character: 1 }, 'help'));
    assert.ok(files.has(u('integrations/docs/help.integration.yaml')));
    assert.match(files.get(u('integrations/docs/help.tools.lock.yaml'))!, /^integration: help\n/);
    assert.match(files.get(AGENT)!, /link: help\/search_docs/);
  });

  test('an auth connector, a secret and a state', () => {
    let index = workspace();
    let files = apply(index, doRename(index, BILLING, pos(index, BILLING, 'billing-token', 3), 'billing-key'));
    assert.ok(files.has(u('auth/billing-key.auth.yaml')));
    assert.equal(files.get(BILLING)!.match(/auth: billing-key/g)?.length, 2);
    index = workspace();
    files = apply(index, doRename(index, BILLING_TOKEN, pos(index, BILLING_TOKEN, 'BILLING_TOKEN'), 'BILLING_API_TOKEN'));
    assert.match(files.get(MANIFEST)!, /^secrets:\n {2}BILLING_API_TOKEN: Bearer/);
    assert.equal(files.get(BILLING_TOKEN)!.match(/secret: BILLING_API_TOKEN/g)?.length, 2);
    index = workspace();
    files = apply(index, doRename(index, AGENT, pos(index, AGENT, '[billing]', 1), 'invoices'));
    assert.match(files.get(AGENT)!, /- greeting\n {2}- invoices\n/);
    assert.match(files.get(AGENT)!, /allowedStates: \[invoices\]/);
  });

  test('invalid or taken names are refused with a clear error', () => {
    const index = workspace();
    assert.throws(
      () => doRename(index, AGENT, pos(index, AGENT, 'lookup_invoice'), 'Find Invoice'),
      (e: unknown) => e instanceof RenameError && /not a valid id/.test((e as Error).message),
    );
    assert.throws(() => doRename(index, AGENT, pos(index, AGENT, 'lookup_invoice'), 'create_refund'), /already exists/);
    assert.throws(() => doRename(index, MANIFEST, pos(index, MANIFEST, 'TELNYX_KEY'), '1BAD'), /not a valid secret name/);
    assert.equal(doRename(index, AGENT, pos(index, AGENT, 'Support'), 'x'), null);
  });
});

describe('getCodeActions', () => {
  const LEGACY = u('agents/legacy.agent.yaml');
  const legacy = () =>
    workspace({
      'integrations/payments/payments.integration.yaml': 'kind: custom-api\nname: Payments\nenvironments:\n  development:\n    baseUrl: http://localhost:1\n',
      'integrations/payments/actions/refund.action.yaml': 'integration: payments\nname: refund\ndescription: Refund.\nmethod: POST\npath: /refunds\n',
      'agents/legacy.agent.yaml': `name: Legacy
status: inactive
actions:
  - link: billing-api/refund

  - link: billing-api/gone

  - link: nowhere/thing
`,
      'agents/legacy.agent.lock.yaml': `agent: legacy
lockedAt: "2026-11-01T00:00:00.000Z"
actions:
  billing-api/refund:
    lockedAt: "2026-11-01T00:00:00.000Z"
    name: refund
    description: Refund.
    method: POST
    path: /refunds
`,
    });

  test('SK012: re-link to the candidate, carrying the lock entry over', () => {
    const index = legacy();
    const { action, files } = fix(index, LEGACY, 'SK012', "Re-link to 'payments/refund'");
    assert.equal(action.isPreferred, true);
    assert.match(files.get(LEGACY)!, /^ {2}- link: payments\/refund\n/m);
    assert.match(files.get(u('agents/legacy.agent.lock.yaml'))!, /\n {2}payments\/refund:\n/);
  });

  test('SK011 and SK010: remove the whole binding', () => {
    const index = legacy();
    let files = fix(index, LEGACY, 'SK011', "Remove the binding 'billing-api/gone'").files;
    assert.equal(files.get(LEGACY), 'name: Legacy\nstatus: inactive\nactions:\n  - link: billing-api/refund\n\n  - link: nowhere/thing\n');
    files = fix(index, LEGACY, 'SK010', "Remove the binding 'nowhere/thing'").files;
    assert.equal(files.get(LEGACY), 'name: Legacy\nstatus: inactive\nactions:\n  - link: billing-api/refund\n\n  - link: billing-api/gone\n');
  });

  test('SK011 and SK010 of a mistyped link: "did you mean" re-links to the closest full ids come first, preferred', () => {
    const agent = 'name: Legacy\nstatus: inactive\nactions:\n  - link: payments/refnd\n  - link: paymnts/refnd\n';
    const index = workspace({
      'integrations/payments/payments.integration.yaml': 'kind: custom-api\nname: Payments\nenvironments:\n  development:\n    baseUrl: http://localhost:1\n',
      'integrations/payments/actions/refund.action.yaml': 'integration: payments\nname: refund\ndescription: Refund.\nmethod: POST\npath: /refunds\n',
      'agents/legacy.agent.yaml': agent,
    });
    for (const [code, typo] of [
      ['SK011', 'payments/refnd'],
      ['SK010', 'paymnts/refnd'],
    ] as const) {
      const titles = fixesFor(index, LEGACY, code).map((a) => a.title);
      assert.deepEqual(titles, ["Did you mean 'payments/refund'? Re-link to it", `Remove the binding '${typo}'`]);
      const { action, files } = fix(index, LEGACY, code, "Did you mean 'payments/refund'? Re-link to it");
      assert.equal(action.isPreferred, true);
      assert.equal(files.get(LEGACY), agent.replace(typo, 'payments/refund'));
    }
  });

  test('SK002 missing fields: one fix adds every required field missing from that map, with values to start from', () => {
    const uri = u('agents/bare.agent.yaml');
    const index = workspace({ 'agents/bare.agent.yaml': 'name: Bare\nactions: []\n' });
    const missing = diagnostics(index, uri, 'SK002')
      .filter((d) => (d.data as { missing?: string }).missing)
      .map((d) => (d.data as { missing: string }).missing);
    assert.ok(missing.includes('status'), `status is reported missing (${missing.join(', ')})`);
    const { action, files } = fix(index, uri, 'SK002', /^Add missing required field/);
    assert.equal(action.isPreferred, true);
    assert.equal(action.title, `Add missing required field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(
      after.findings(uri).filter((f) => f.code === 'SK002' && (f.data as { missing?: string } | undefined)?.missing),
      [],
      'no field is missing afterwards',
    );
    assert.match(files.get(uri)!, /^status: active$/m, 'an enum starts with its first value');
  });

  test('removing the only binding leaves an empty list', () => {
    const index = workspace({
      'agents/solo.agent.yaml': 'name: Solo\nstatus: inactive\nactions:\n  - link: billing-api/gone\n    phases: [in-call]\nstates: []\n',
    });
    const files = fix(index, u('agents/solo.agent.yaml'), 'SK011', /Remove the binding/).files;
    assert.equal(files.get(u('agents/solo.agent.yaml')), 'name: Solo\nstatus: inactive\nactions: []\nstates: []\n');
  });

  test('SK013: accept the current shape into the lock (a full replace built by buildLock)', () => {
    const index = workspace();
    const { action, files } = fix(index, AGENT, 'SK013', "Accept the current shape of 'billing-api/lookup_invoice' into the lock");
    assert.equal(action.isPreferred, true);
    const expected = buildLock(index, AGENT, new Date('2026-12-01T00:00:00.000Z'), 'billing-api/lookup_invoice')!.text;
    assert.equal(files.get(LOCK), expected);
    const lock = parse(files.get(LOCK)!);
    assert.deepEqual(lock.actions['billing-api/lookup_invoice'].outputVariables, [{ name: 'amount_due', path: '$.invoice.amount_due' }]);
    assert.equal(lock.actions['billing-api/create_refund'], undefined, 'only that entry is accepted');
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(
      after.allFindings().map((f) => f.code),
      ['SK014'],
    );
  });

  test('SK014: lock the binding; a missing lock file is created', () => {
    let index = workspace();
    let files = fix(index, AGENT, 'SK014', "Lock 'billing-api/create_refund' with its current shape").files;
    assert.equal(parse(files.get(LOCK)!).actions['billing-api/create_refund'].method, 'POST');
    index = workspace({ 'agents/support.agent.lock.yaml': null });
    const { action } = fix(index, AGENT, 'SK014', /Lock 'billing-api\/lookup_invoice'/);
    assert.deepEqual(action.edit!.documentChanges![0], { kind: 'create', uri: LOCK, options: { overwrite: false, ignoreIfExists: true } });
    files = apply(index, action.edit);
    assert.deepEqual(Object.keys(parse(files.get(LOCK)!).actions), ['billing-api/lookup_invoice']);
  });

  test('SK015: refresh the lock, dropping the entry no longer linked', () => {
    const index = workspace({
      'agents/support.agent.lock.yaml':
        BASE['agents/support.agent.lock.yaml'] +
        '  billing-api/old_thing:\n    lockedAt: "2026-11-01T00:00:00.000Z"\n    name: old_thing\n    description: Old.\n    method: GET\n    path: /old\n',
    });
    const { files } = fix(index, LOCK, 'SK015', /^Refresh the lock/);
    const lock = parse(files.get(LOCK)!);
    assert.deepEqual(Object.keys(lock.actions), ['billing-api/lookup_invoice']);
    assert.deepEqual(
      lock.actions['billing-api/lookup_invoice'].outputVariables,
      [{ name: 'amount', path: '$.invoice.amount_due' }],
      'kept entries keep their locked shape',
    );
  });

  test('SK021: fix the typo, or declare the secret (in the section, or a new manifest)', () => {
    const auth = BASE['auth/billing-token.auth.yaml'].replace('token: { secret: BILLING_TOKEN }', 'token: { secret: BILLING_TOKN }');
    let index = workspace({ 'auth/billing-token.auth.yaml': auth });
    let r = fix(index, BILLING_TOKEN, 'SK021', "Change to 'BILLING_TOKEN'");
    assert.equal(r.action.isPreferred, true);
    assert.equal(r.files.get(BILLING_TOKEN), BASE['auth/billing-token.auth.yaml']);
    r = fix(index, BILLING_TOKEN, 'SK021', "Declare secret 'BILLING_TOKN' in stellar.yaml");
    assert.equal(r.files.get(MANIFEST), BASE['stellar.yaml'] + '  BILLING_TOKN: ""\n');
    index = workspace({ 'stellar.yaml': null });
    const ds = diagnostics(index, BILLING_TOKEN, 'SK021');
    const declare = getCodeActions(index, BILLING_TOKEN, ds[0].range, ds).find((a) => a.title === "Declare secret 'BILLING_TOKEN' in stellar.yaml")!;
    const files = apply(index, declare.edit);
    assert.equal(files.get(MANIFEST), 'secrets:\n  BILLING_TOKEN: ""\n');
    index = workspace({ 'stellar.yaml': '# secrets go here\n' });
    const ds2 = diagnostics(index, BILLING_TOKEN, 'SK021');
    const files2 = apply(index, getCodeActions(index, BILLING_TOKEN, ds2[0].range, ds2).find((a) => /Declare/.test(a.title))!.edit);
    assert.equal(files2.get(MANIFEST), '# secrets go here\nsecrets:\n  BILLING_TOKEN: ""\n');
  });

  test('SK003: replace the unknown key with the suggestion (or remove it)', () => {
    const text = BASE['integrations/billing-api/actions/create_refund.action.yaml'].replace('description:', 'descripton:');
    const index = workspace({ 'integrations/billing-api/actions/create_refund.action.yaml': text });
    const ds = diagnostics(index, REFUND, 'SK003');
    const actions = getCodeActions(index, REFUND, ds[0].range, ds);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Change to 'description'", "Remove 'descripton'"],
    );
    assert.equal(apply(index, actions[0].edit).get(REFUND), BASE['integrations/billing-api/actions/create_refund.action.yaml']);
    assert.equal(apply(index, actions[1].edit).get(REFUND), text.replace('descripton: Refund a payment.\n', ''));
  });

  test('SK002: an enum typo is replaced by the suggestion', () => {
    const index = workspace({
      'integrations/billing-api/actions/create_refund.action.yaml': BASE['integrations/billing-api/actions/create_refund.action.yaml'].replace('POST', 'PSOT'),
    });
    const { files } = fix(index, REFUND, 'SK002', "Change to 'POST'");
    assert.equal(files.get(REFUND), BASE['integrations/billing-api/actions/create_refund.action.yaml']);
  });

  test('SK020: create the missing auth connector for the environments of its slots', () => {
    const crm = BASE['integrations/crm/crm.integration.yaml'].replace('4020\n', '4020\n    auth: crm-token\n');
    const index = workspace({ 'integrations/crm/crm.integration.yaml': crm });
    const { action, files } = fix(index, CRM, 'SK020', "Create auth connector 'crm-token'");
    assert.equal(action.isPreferred, true);
    assert.equal(
      files.get(u('auth/crm-token.auth.yaml')),
      'type: bearer\nname: Crm Token\nenvironments:\n  development:\n    token: { secret: CRM_TOKEN_TOKEN }\n',
    );
    assert.match(files.get(MANIFEST)!, / {2}CRM_TOKEN_TOKEN: ""\n$/);
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(after.findings(CRM), []);
  });

  test('SK020: a Telnyx key written with "Bearer " loses the prefix in the auth file', () => {
    const key = BASE['auth/telnyx-key.auth.yaml'].replace('{ secret: TELNYX_KEY }', '"Bearer KEY0192example"');
    const index = workspace({ 'auth/telnyx-key.auth.yaml': key });
    const sms = u('integrations/sms/sms.integration.yaml');
    const ds = diagnostics(index, sms, 'SK020');
    assert.equal(ds.length, 1);
    assert.ok(!ds[0].message.includes('KEY0192example'), 'the message never shows the value');
    const { action, files } = fix(index, sms, 'SK020', "Remove 'Bearer ' from the key in telnyx-key.auth.yaml");
    assert.equal(action.isPreferred, true);
    assert.equal(files.get(u('auth/telnyx-key.auth.yaml')), key.replace('"Bearer KEY0192example"', '"KEY0192example"'));
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(after.findings(sms), []);
  });

  test('SK031: add the missing slot to the integration', () => {
    const agent = BASE['agents/support.agent.yaml'].replace('  - link: docs/search_docs\n', '  - link: docs/search_docs\n\n  - link: crm/find_customer\n');
    const index = workspace({ 'agents/support.agent.yaml': agent });
    const { files } = fix(index, AGENT, 'SK031', "Add a production slot to 'crm'");
    assert.equal(files.get(CRM), BASE['integrations/crm/crm.integration.yaml'] + '  production:\n    baseUrl: https://production.example.invalid\n');
  });

  test("SK023: add the environment's credentials to the auth connector", () => {
    const billing =
      BASE['integrations/billing-api/billing-api.integration.yaml'] + '  staging:\n    baseUrl: https://staging.example.com\n    auth: billing-token\n';
    const index = workspace({ 'integrations/billing-api/billing-api.integration.yaml': billing });
    const { files } = fix(index, BILLING, 'SK023', "Add staging credentials to auth connector 'billing-token'");
    assert.equal(files.get(BILLING_TOKEN), BASE['auth/billing-token.auth.yaml'] + '  staging:\n    token: { secret: BILLING_TOKEN }\n');
  });

  test('diagnostics without a fix, or without data, give no actions', () => {
    const index = workspace();
    assert.deepEqual(
      getCodeActions(index, AGENT, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [
        { code: 'SK080', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
      ]),
      [],
    );
    assert.deepEqual(
      getCodeActions(index, AGENT, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, [
        { code: 'SK012', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } },
      ]),
      [],
    );
  });
});

describe('symbols', () => {
  test("documentSymbols: an agent's states and actions (bindings by their shared action name)", () => {
    const index = workspace();
    const syms = documentSymbols(index, AGENT);
    assert.deepEqual(
      syms.map((s) => s.name),
      ['states', 'actions'],
    );
    assert.deepEqual(
      syms[0].children!.map((c) => c.name),
      ['greeting', 'billing'],
    );
    assert.deepEqual(
      syms[1].children!.map((c) => `${c.name} (${c.detail})`),
      [
        'lookup_invoice (billing-api/lookup_invoice)',
        'create_refund (billing-api/create_refund)',
        'search_docs (docs/search_docs)',
        'text_link (send-text-message)',
      ],
    );
    for (const s of syms[1].children!) {
      assert.ok(s.selectionRange.start.line >= s.range.start.line && s.selectionRange.end.line <= s.range.end.line, 'selection inside range');
    }
  });

  test('documentSymbols: integration slots, action fields, lock entries', () => {
    const index = workspace();
    const slots = documentSymbols(index, BILLING).find((s) => s.name === 'environments')!;
    assert.deepEqual(
      slots.children!.map((c) => `${c.name} ${c.detail}`),
      ['development http://127.0.0.1:4010', 'production https://billing.example.com'],
    );
    const fields = documentSymbols(index, LOOKUP);
    assert.deepEqual(
      fields.map((f) => f.name),
      ['integration', 'name', 'description', 'method', 'path', 'headers', 'outputVariables'],
    );
    assert.deepEqual(
      fields[6].children!.map((c) => c.name),
      ['amount_due'],
    );
    assert.deepEqual(
      documentSymbols(index, LOCK)[0].children!.map((c) => `${c.name} ${c.detail}`),
      ['billing-api/lookup_invoice GET /invoices/lookup'],
    );
  });

  test('workspaceSymbols: fuzzy across integrations, shared actions, connectors, agents and their actions', () => {
    const index = workspace();
    assert.deepEqual(
      workspaceSymbols(index, 'lookinv').map((s) => `${s.name}|${s.containerName}`),
      ['billing-api/lookup_invoice|billing-api', 'lookup_invoice|support'],
    );
    assert.deepEqual(
      workspaceSymbols(index, 'billing-token').map((s) => s.name),
      ['billing-token'],
    );
    assert.ok(workspaceSymbols(index, 'supp').some((s) => s.name === 'support' && s.location.uri === AGENT));
    const all = workspaceSymbols(index, '');
    assert.ok(all.length > 10);
    const big = workspace(
      Object.fromEntries(
        Array.from({ length: 600 }, (_, i) => [
          `many/a${i}.auth.yaml`,
          'type: bearer\nname: A\nenvironments:\n  development:\n    token: { secret: BILLING_TOKEN }\n',
        ]),
      ),
    );
    assert.equal(workspaceSymbols(big, 'a').length, 500);
  });
});

describe('codeLenses', () => {
  test('a shared action: linked by N agents, with the binding locations', () => {
    const index = workspace({ 'agents/other.agent.yaml': 'name: Other\nstatus: inactive\nactions:\n  - link: billing-api/lookup_invoice\n' });
    const [lens] = codeLenses(index, LOOKUP);
    assert.equal(lens.command!.title, 'linked by 2 agents');
    assert.equal(lens.command!.command, 'stellarKit.showReferences');
    const [uri, position, locations] = lens.command!.arguments!;
    assert.equal(uri, LOOKUP);
    assert.deepEqual(position, { line: 0, character: 0 });
    assert.deepEqual((locations as Location[]).map(where), ['agents/other.agent.yaml:3:10', 'agents/support.agent.yaml:6:10']);
    assert.equal(codeLenses(index, u('integrations/crm/actions/find_customer.action.yaml'))[0].command!.title, 'not linked by any agent');
  });

  test("bindings: run in each environment the integration has a slot for; send-text-message: the channel's slots", () => {
    const index = workspace();
    const lenses = codeLenses(index, AGENT);
    const titles = lenses.map((l) => `${l.range.start.line} ${l.command!.title}`);
    assert.deepEqual(titles, [
      '6 Run in development',
      '6 production',
      '15 Run in development',
      '15 production',
      '23 Run in development',
      '23 staging',
      '23 production',
      '26 Run in development',
    ]);
    assert.deepEqual(lenses[1].command!.arguments, [{ agentUri: AGENT, actionIndex: 0, environment: 'production' }]);
    assert.equal(lenses[1].command!.command, 'stellarKit.runAction');
  });

  test('api-call actions run where their auth connector has credentials', () => {
    const index = workspace({
      'agents/api.agent.yaml':
        'name: Api\nstatus: active\nactions:\n  - type: api-call\n    name: ping\n    description: Ping.\n    method: GET\n    url: https://x.example.com/ping\n    auth: billing-token\n',
    });
    assert.deepEqual(
      codeLenses(index, u('agents/api.agent.yaml')).map((l) => l.command!.title),
      ['Run in development', 'production'],
    );
  });
});

describe('fileOperations', () => {
  test('willDeleteFiles: SK090 for bindings of active agents, and an edit removing them', () => {
    const index = workspace();
    const { findings, edit } = fileOperations.willDeleteFiles(index, [REFUND]);
    assert.deepEqual(
      findings.map((f) => `${f.code} ${f.uri.slice(ROOT.length + 1)}:${f.range.start.line}`),
      ['SK090 agents/support.agent.yaml:15'],
    );
    const files = apply(index, edit);
    assert.ok(!files.get(AGENT)!.includes('create_refund'));
    assert.ok(files.get(AGENT)!.includes('  - link: billing-api/lookup_invoice') && files.get(AGENT)!.includes('  - link: docs/search_docs'));
    files.delete(REFUND);
    const after = new WorkspaceIndex(ROOT);
    for (const [k, v] of files) after.setFile(k, v);
    assert.deepEqual(
      after.allFindings().map((f) => f.code),
      ['SK013'],
    );
  });

  test('willDeleteFiles: a folder deletes everything below it; other files are harmless', () => {
    const index = workspace();
    const { findings } = fileOperations.willDeleteFiles(index, [u('integrations/billing-api')]);
    assert.deepEqual(
      findings.map((f) => f.range.start.line).sort((a, b) => a - b),
      [6, 15],
    );
    assert.deepEqual(fileOperations.willDeleteFiles(index, [u('auth/telnyx-key.auth.yaml'), u('not/there.yaml')]), { findings: [] });
  });

  test('willRenameFiles: a renamed shared action or integration keeps every reference', () => {
    let index = workspace();
    let files = apply(
      index,
      fileOperations.willRenameFiles(index, [{ oldUri: LOOKUP, newUri: u('integrations/billing-api/actions/get_invoice.action.yaml') }]),
    );
    assert.match(files.get(AGENT)!, /link: billing-api\/get_invoice/);
    assert.match(files.get(LOCK)!, /billing-api\/get_invoice:/);
    assert.match(files.get(LOOKUP)!, /^name: get_invoice$/m, 'the name that was the id follows it');
    assert.ok(files.has(LOOKUP), 'the renamed file itself is left to the client');
    index = workspace();
    const edit = fileOperations.willRenameFiles(index, [
      { oldUri: u('integrations/docs/docs.integration.yaml'), newUri: u('integrations/docs/kb.integration.yaml') },
    ]);
    files = apply(index, edit);
    assert.match(files.get(AGENT)!, /link: kb\/search_docs/);
    assert.match(files.get(u('integrations/docs/kb.tools.lock.yaml'))!, /^integration: kb\n/);
    assert.equal(fileOperations.willRenameFiles(index, [{ oldUri: u('integrations'), newUri: u('apis') }]), null, 'moving folders changes no id');
  });

  test('willRenameFiles: an agent takes its lock along', () => {
    const index = workspace();
    const files = apply(index, fileOperations.willRenameFiles(index, [{ oldUri: AGENT, newUri: u('agents/helpdesk.agent.yaml') }]));
    assert.ok(files.has(u('agents/helpdesk.agent.lock.yaml')) && !files.has(LOCK));
    assert.match(files.get(u('agents/helpdesk.agent.lock.yaml'))!, /^agent: helpdesk\n/);
  });
});

// ---------------------------------------------------------------------------------------------
// Robustness: every feature at every position of every example file, past the ends, and on
// garbage, must answer without throwing (the raw implementations, not the guarded exports).
// ---------------------------------------------------------------------------------------------

const rawPositional = [
  (i: WorkspaceIndex, uri: string, p: Position) => rawComplete(i, uri, p),
  (i: WorkspaceIndex, uri: string, p: Position) => rawHover(i, uri, p),
  (i: WorkspaceIndex, uri: string, p: Position) => rawDefinition(i, uri, p),
  (i: WorkspaceIndex, uri: string, p: Position) => rawReferences(i, uri, p, true),
  (i: WorkspaceIndex, uri: string, p: Position) => rawPrepareRename(i, uri, p),
  (i: WorkspaceIndex, uri: string, p: Position) => {
    try {
      rawRename(i, uri, p, 'renamed_x');
    } catch (e) {
      if (!(e instanceof RawRenameError)) throw e;
    }
  },
];

function sweep(index: WorkspaceIndex, uri: string): number {
  const text = index.text(uri) ?? '';
  const lines = text.split('\n');
  let calls = 0;
  const at = (p: Position) => {
    for (const f of rawPositional) {
      try {
        f(index, uri, p);
      } catch (e) {
        throw new Error(`${uri} at ${p.line}:${p.character}: ${(e as Error).stack}`, { cause: e });
      }
      calls++;
    }
  };
  for (let line = 0; line < lines.length; line++) for (let character = 0; character <= lines[line].length + 1; character++) at({ line, character });
  for (const p of [
    { line: lines.length + 3, character: 0 },
    { line: 0, character: 9999 },
    { line: -1, character: -5 },
    { line: Number.NaN, character: 2 },
  ])
    at(p);
  const whole = { start: { line: 0, character: 0 }, end: { line: lines.length, character: 0 } };
  rawCodeActions(
    index,
    uri,
    whole,
    index.findings(uri).map((f) => ({ code: f.code, range: f.range, data: f.data })),
  );
  rawCodeActions(index, uri, whole, [
    { code: 'SK012', range: whole, data: { candidates: ['a/b'] } },
    { code: 'SK021', range: whole, data: {} },
    { code: 'SK003', range: whole, data: { suggestion: 'x' } },
    { code: 'SK020', range: whole, data: { auth: 'zz' } },
    { code: 'SK031', range: whole, data: { integration: 'zz', missing: ['staging'] } },
    { code: 'SK023', range: whole, data: { auth: 'zz', env: 'staging' } },
  ]);
  rawDocumentSymbols(index, uri);
  rawCodeLenses(index, uri);
  rawWillDelete(index, [uri]);
  rawWillRename(index, [{ oldUri: uri, newUri: uri.replace(/\/([^/]+)$/, '/renamed-$1') }]);
  return calls;
}

describe('robustness', () => {
  test('every feature at every position of every example file', async () => {
    const { index } = await loadFolder(path.join(__dirname, '..', 'examples', 'acme-support'));
    index.flush();
    const uris = index.uris().sort();
    assert.ok(uris.length >= 20, 'the example workspace is loaded');
    let calls = 0;
    for (const uri of uris) calls += sweep(index, uri);
    assert.ok(calls > 100_000, `${calls} calls`);
    rawWorkspaceSymbols(index, '');
    rawWorkspaceSymbols(index, 'zzzzzz');
  });

  test('garbage documents, unknown uris and odd inputs', () => {
    const index = workspace();
    const garbage = [
      '',
      '\n\n\n',
      ':::\n- - -\n  ? ]\n',
      '{ unclosed: [1, 2\n',
      'actions:\n  - link: \n  - link: /\n  - link: a/b/c\n  - link: "billing-api/lookup_invoice"\n',
      'name: x\nstatus: active\nactions: 7\nstates: { a: 1 }\n',
      '- just\n- a\n- list\n',
      'a: &x [1, 2]\nb: *x\n',
      'x: "\\u0000"\n',
      'name: \u{1F600}\u{1F600}\nstatus: \u{1F600}\n',
      'actions:\n  - type: send-text-message\n    message: "{{ .parameters.\n',
      '\t\tname: tab\n',
      'key: |\n  {{ if }}\n  {{\n',
    ];
    for (const g of garbage) {
      for (const file of [
        'agents/g.agent.yaml',
        'g.integration.yaml',
        'g.action.yaml',
        'g.auth.yaml',
        'agents/support.agent.lock.yaml',
        'stellar.yaml',
        'g.tools.lock.yaml',
      ]) {
        index.setFile(u(file), g);
        index.flush();
        sweep(index, u(file));
      }
    }
    for (const f of rawPositional) f(index, u('unknown.agent.yaml'), { line: 0, character: 0 });
    for (const f of rawPositional) f(index, 'not a uri', { line: 0, character: 0 });
    assert.deepEqual(doComplete(index, u('nope.agent.yaml'), { line: 0, character: 0 }), []);
    assert.deepEqual(findReferences(index, u('nope.agent.yaml'), { line: 0, character: 0 }, true), []);
    assert.deepEqual(codeLenses(index, u('nope.agent.yaml')), []);
    assert.deepEqual(documentSymbols(index, u('nope.agent.yaml')), []);
    assert.deepEqual(getCodeActions(index, u('nope.agent.yaml'), { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, []), []);
    assert.equal(fileOperations.willRenameFiles(index, []), null);
    assert.deepEqual(fileOperations.willDeleteFiles(index, []), { findings: [] });
  });
});
