// YAML merge keys (`<<: *anchor`) and `x-` extension fields in the core and the editor features: what is
// checked, where findings point, and that hover, definition, completion and rename work on merged content.
// The rule fixtures (test/fixtures/rules/*merge*, *extension*) hold the golden findings.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import Ajv from 'ajv';
import type { Position } from 'vscode-languageserver-types';
import { withoutExtensions } from '../server/src/service/extensions';
import { codeLenses, doComplete, doHover, doRename, findDefinition, prepareRename } from '../server/src/service/features/index';
import { LineIndex } from '../server/src/service/features/text';
import { planRequest } from '../server/src/service/run/plan';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { analyzeFile } from '../server/src/service/analyze';
import { parseYamlFile, valueRangeAt } from '../server/src/service/yamlFile';

const ROOT = 'file:///ws';
const u = (p: string) => `${ROOT}/${p}`;

const AGENT_TEXT = `x-lookup: &lookup
  link: billing-api/lookup_invoice
  phases: [in-call]
x-limits: &limits
  maxSuccessfulCalls: 2
  phases: [post-call]
name: Support
status: active
states: [greeting, billing]
actions:
  - <<: [*lookup, *limits]
    allowedStates: [billing]
  - <<: *lookup
    allowedStates: [greeting]
`;

const BASE: Record<string, string> = {
  'stellar.yaml': 'secrets:\n  BILLING_TOKEN: Bearer token\n',
  'auth/billing-token.auth.yaml': `x-token: &token
  token: { secret: BILLING_TOKEN }
type: bearer
name: Billing token
environments:
  development: *token
  production:
    <<: *token
`,
  'integrations/billing-api/billing-api.integration.yaml': `x-defaults:
  slot: &slot
    auth: billing-token
kind: custom-api
name: Billing API
headers:
  x-request-source: stellar
environments:
  development:
    <<: *slot
    baseUrl: http://127.0.0.1:4010
  production:
    <<: *slot
    baseUrl: https://billing.example.com
`,
  'integrations/billing-api/actions/lookup_invoice.action.yaml': `x-owner: billing-team
integration: billing-api
name: lookup_invoice
description: Look up an invoice by its number.
method: GET
path: /invoices/lookup
`,
  'agents/support.agent.yaml': AGENT_TEXT,
};

const AGENT = u('agents/support.agent.yaml');
const LOOKUP = u('integrations/billing-api/actions/lookup_invoice.action.yaml');
const BILLING = u('integrations/billing-api/billing-api.integration.yaml');

function workspace(over: Record<string, string> = {}): WorkspaceIndex {
  const index = new WorkspaceIndex(ROOT);
  for (const [p, t] of Object.entries({ ...BASE, ...over })) index.setFile(u(p), t);
  index.flush();
  return index;
}

function pos(index: WorkspaceIndex, uri: string, needle: string, delta = 0, nth = 0): Position {
  const text = index.text(uri)!;
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `'${needle}' is in ${uri}`);
  return new LineIndex(text).positionAt(at + delta);
}

const codes = (index: WorkspaceIndex) => index.allFindings().map((f) => `${f.code} ${f.uri.slice(ROOT.length + 1)}:${f.range.start.line}`);

describe('merge keys: the merged map is what is checked', () => {
  test('the workspace with merges in every kind is clean but for the duplicate binding, reported on the anchor', () => {
    // Both actions merge the same link: one shared action linked twice (SK080, on the link the anchor holds), no lock yet (SK014).
    assert.deepEqual(
      codes(workspace()).filter((c) => !c.startsWith('SK014')),
      ['SK080 agents/support.agent.yaml:1'],
    );
  });

  test('own keys win over merged ones, and in a list the earlier map wins', () => {
    const file = parseYamlFile(AGENT, AGENT_TEXT);
    const actions = (file.value as { actions: Record<string, unknown>[] }).actions;
    assert.deepEqual(actions[0], { link: 'billing-api/lookup_invoice', phases: ['in-call'], maxSuccessfulCalls: 2, allowedStates: ['billing'] });
    assert.deepEqual(actions[1], { link: 'billing-api/lookup_invoice', phases: ['in-call'], allowedStates: ['greeting'] });
    assert.equal('x-lookup' in (file.value as object), false, 'extension fields are not in the checked data');
  });

  test('paths into merged content resolve to the node in the anchor', () => {
    const file = parseYamlFile(AGENT, AGENT_TEXT);
    const lines = new LineIndex(AGENT_TEXT);
    const at = (needle: string) => lines.positionAt(AGENT_TEXT.indexOf(needle));
    assert.deepEqual(valueRangeAt(file, ['actions', 0, 'link'])?.start, at('billing-api/lookup_invoice'));
    assert.deepEqual(valueRangeAt(file, ['actions', 1, 'link'])?.start, at('billing-api/lookup_invoice'));
    assert.deepEqual(valueRangeAt(file, ['actions', 0, 'phases', 0])?.start, at('in-call'), 'the earlier map of the list wins');
    assert.deepEqual(valueRangeAt(file, ['actions', 0, 'maxSuccessfulCalls'])?.start, at('2\n'));
    assert.deepEqual(valueRangeAt(file, ['actions', 1, 'allowedStates', 0])?.start, at('greeting]\n'), 'own keys are found in place');
    assert.equal(valueRangeAt(file, ['actions', 1, 'maxSuccessfulCalls']), undefined);
  });

  test('a finding inside merged content is reported on the node in the anchor, unless the own key of the action overrides it', () => {
    const text = AGENT_TEXT.replace('phases: [post-call]', 'phases: [post-call]\n  allowedStates: [closing]').replace(
      '  - <<: *lookup\n    allowedStates: [greeting]\n',
      '',
    );
    const index = workspace({ 'agents/support.agent.yaml': text });
    const found = index.findings(AGENT).filter((f) => f.code === 'SK051');
    // The first action has its own allowedStates (they win); only a merged one is checked from the anchor.
    assert.deepEqual(found, []);
    const second = text.replace('    allowedStates: [billing]\n', '');
    const index2 = workspace({ 'agents/support.agent.yaml': second });
    const f2 = index2.findings(AGENT).filter((f) => f.code === 'SK051');
    assert.equal(f2.length, 1);
    assert.deepEqual(f2[0].range.start, pos(index2, AGENT, 'closing'));
  });

  test('merged data reaches the runner: merged slot auth, merged credentials, x- header sent, x- field not', () => {
    const index = workspace();
    const r = planRequest(index, { agentUri: AGENT, actionIndex: 0 }, 'production', {});
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.equal(r.plan.url, 'https://billing.example.com/invoices/lookup');
    assert.deepEqual(r.plan.auth, { type: 'bearer', token: { secret: 'BILLING_TOKEN' } });
    assert.equal(r.plan.authId, 'billing-token');
    assert.deepEqual(r.plan.headers['x-request-source'], 'stellar');
  });
});

describe('merge keys: bad input', () => {
  const findings = (text: string) => analyzeFile(AGENT, text, 'agent').local.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character}`);
  const HEAD = 'name: A\nstatus: active\n';

  test('a merge that is not of maps, or of a missing anchor, is located; the rest is still checked', () => {
    assert.deepEqual(findings(`${HEAD}x-s: &s [a]\nactions:\n  - <<: *s\n    type: end-call\n    name: e\n    description: d\n    phases: [post-call]\n`), [
      'SK002 4:8',
      'SK050 8:13',
    ]);
    assert.deepEqual(findings(`${HEAD}actions:\n  - <<: [1, *nope]\n    type: end-call\n    name: e\n    description: d\n`), ['SK002 3:9', 'SK001 3:12']);
    assert.deepEqual(findings(`${HEAD}<<:\n`), ['SK002 2:0']);
  });

  test('a merge of a map that contains it (directly or deeper) is one SK001 on the alias, not an endless value', () => {
    assert.deepEqual(findings(`${HEAD}x-a: &a\n  <<: *a\n  b: 1\n`), ['SK001 3:6']);
    assert.deepEqual(findings(`${HEAD}x-a: &a { b: { c: { <<: [*a, *a] } } }\n`), ['SK001 2:25', 'SK001 2:29']);
  });
});

describe('merge keys: alias budget', () => {
  test('each merge of an alias counts against the 100 alias expansions of a file: over it, one SK001 at an alias', () => {
    const many = (n: number) =>
      `x-d: &d { phases: [in-call] }\nname: A\nstatus: active\nactions:\n${Array.from({ length: n }, (_, i) => `  - <<: *d\n    type: static-response\n    name: r${i}\n    description: d\n    response: r\n`).join('')}`;
    const ok = parseYamlFile(AGENT, many(90));
    assert.deepEqual(ok.findings, []);
    const over = parseYamlFile(AGENT, many(150));
    assert.equal(over.value, undefined);
    assert.deepEqual(
      over.findings.map((f) => f.code),
      ['SK001'],
    );
    assert.match(over.findings[0].message, /aliases expand too far/);
  });
});

describe('extension fields', () => {
  test('x- keys leave maps of fields; in maps of names (headers, secrets, lock ids) and JSON Schemas they stay', () => {
    const value = {
      'x-a': 1,
      name: 'n',
      secrets: { 'x-s': 'kept' },
      headers: { 'x-request-id': 'kept', 'X-Other': { secret: 'S', 'x-note': 'dropped' } },
      actions: { 'x-api/lookup': { name: 'kept', 'x-b': 'dropped', headers: { 'x-h': 'kept' } } },
      environments: { 'x-c': 1, development: { baseUrl: 'u', 'x-d': 2 } },
      list: [{ 'x-e': 1, f: 2 }],
      parameters: { type: 'object', properties: { 'x-p': { type: 'string' } }, 'x-vendor': true },
      tools: [{ name: 't', inputSchema: { 'x-k': 1 } }],
    };
    assert.deepEqual(withoutExtensions(value), {
      name: 'n',
      secrets: { 'x-s': 'kept' },
      headers: { 'x-request-id': 'kept', 'X-Other': { secret: 'S' } },
      actions: { 'x-api/lookup': { name: 'kept', headers: { 'x-h': 'kept' } } },
      environments: { development: { baseUrl: 'u' } },
      list: [{ f: 2 }],
      parameters: { type: 'object', properties: { 'x-p': { type: 'string' } }, 'x-vendor': true },
      tools: [{ name: 't', inputSchema: { 'x-k': 1 } }],
    });
    const untouched = { name: 'n', headers: { A: 'b' } };
    assert.equal(withoutExtensions(untouched), untouched, 'nothing to drop: the same object');
  });

  test('an x- header is a header: part of the shape, sent by the runner', () => {
    const index = workspace();
    const s = index.analysis(LOOKUP)?.summary;
    assert.ok(s && s.kind === 'action');
    assert.deepEqual(Object.keys(s.shape), ['name', 'description', 'method', 'path', 'headers', 'outputVariables']);
    const withHeader = workspace({
      'integrations/billing-api/actions/lookup_invoice.action.yaml': `${BASE['integrations/billing-api/actions/lookup_invoice.action.yaml']}headers:\n  x-api-version: "2"\n`,
    });
    const s2 = withHeader.analysis(LOOKUP)?.summary;
    assert.ok(s2 && s2.kind === 'action');
    assert.deepEqual(s2.shape.headers, { 'x-api-version': '2' });
  });

  test('the JSON Schemas of schemas/ accept x- keys in maps of fields (editors using them, such as Red Hat YAML, report none)', () => {
    const dir = path.join(__dirname, '..', 'schemas');
    const load = (f: string) => JSON.parse(readFileSync(path.join(dir, f), 'utf8'));
    const ajv = new Ajv({ strict: false, allErrors: true, discriminator: true });
    ajv.addSchema(load('agent.schema.json'));
    for (const f of ['integration', 'action', 'auth', 'agent-lock', 'tools-lock', 'workspace']) if (f !== 'agent') ajv.addSchema(load(`${f}.schema.json`));
    const integration = ajv.getSchema('https://stellar-kit.dev/schemas/integration.schema.json')!;
    const raw = parseYamlFile(BILLING, BASE['integrations/billing-api/billing-api.integration.yaml']).doc!.toJS({ maxAliasCount: 100 });
    assert.ok('x-defaults' in raw);
    assert.equal(integration(raw), true, JSON.stringify(integration.errors));
    assert.equal(integration({ ...raw, x_defaults: 1 }), false, 'x_ is not an extension prefix');
    const agent = ajv.getSchema('https://stellar-kit.dev/schemas/agent.schema.json')!;
    const agentRaw = parseYamlFile(AGENT, AGENT_TEXT).doc!.toJS({ maxAliasCount: 100 });
    assert.equal(agent({ ...agentRaw, actions: [{ ...agentRaw.actions[0], 'x-ticket': 'T-1' }] }), true, JSON.stringify(agent.errors));
  });
});

describe('editor features on merged content', () => {
  test('hover on a key inside an anchor describes the field where it is merged', () => {
    const index = workspace();
    const h = doHover(index, AGENT, pos(index, AGENT, 'maxSuccessfulCalls', 2));
    assert.ok(h, 'a hover');
    assert.match(JSON.stringify(h.contents), /maxSuccessfulCalls/);
  });

  test('definition of a link written in an anchor goes to the shared action', () => {
    const index = workspace();
    const locs = findDefinition(index, AGENT, pos(index, AGENT, 'billing-api/lookup_invoice', 15));
    assert.deepEqual(
      locs.map((l) => l.uri),
      [LOOKUP],
    );
  });

  test('completion offers no x- or << keys, and the fields of the form as usual', () => {
    const index = workspace();
    const text = AGENT_TEXT.replace('    allowedStates: [greeting]\n', '    allowedStates: [greeting]\n    \n');
    index.setFile(AGENT, text);
    index.flush();
    const lines = new LineIndex(text);
    const p = lines.positionAt(text.lastIndexOf('    \n') + 4);
    const got = doComplete(index, AGENT, p).map((c) => c.label);
    assert.ok(got.includes('parameters') && got.includes('maxSuccessfulCalls'), got.join());
    assert.ok(!got.some((l) => l.startsWith('x-') || l === '<<'), got.join());
    const top = doComplete(index, AGENT, lines.positionAt(text.indexOf('name: Support'))).map((c) => c.label);
    assert.ok(!top.some((l) => l.startsWith('x-')), top.join());
  });

  test('renaming a shared action linked from merged content edits the anchor once', () => {
    const index = workspace();
    const edit = doRename(index, LOOKUP, pos(index, LOOKUP, 'lookup_invoice'), 'find_invoice');
    assert.ok(edit);
    const agentEdits = edit.documentChanges!.flatMap((c) => ('textDocument' in c && c.textDocument.uri === AGENT ? c.edits : []));
    assert.equal(agentEdits.length, 1, JSON.stringify(agentEdits));
    assert.deepEqual(agentEdits[0].range.start, pos(index, AGENT, 'lookup_invoice'));
    assert.equal(agentEdits[0].newText, 'find_invoice');
  });

  test('rename starts from a link inside an anchor too', () => {
    const index = workspace();
    const at = pos(index, AGENT, 'lookup_invoice', 2);
    assert.equal(prepareRename(index, AGENT, at)?.placeholder, 'lookup_invoice');
    const edit = doRename(index, AGENT, at, 'find_invoice');
    const renamed = edit!.documentChanges!.filter((c) => 'kind' in c);
    assert.equal(renamed.length, 1, 'the shared action file is renamed');
  });

  test('code lenses of actions whose link is merged sit on the actions, not on the anchor', () => {
    const index = workspace();
    const lenses = codeLenses(index, AGENT).filter((l) => l.command?.command === 'stellarKit.runAction');
    const lines = lenses.map((l) => `${l.range.start.line} ${l.command!.title}`);
    assert.deepEqual(lines, ['10 Run in development', '10 production', '12 Run in development', '12 production']);
  });

  test('an auth connector referenced from a merged slot: definition from the anchor', () => {
    const index = workspace();
    const locs = findDefinition(index, BILLING, pos(index, BILLING, 'billing-token', 3));
    assert.deepEqual(
      locs.map((l) => l.uri),
      [u('auth/billing-token.auth.yaml')],
    );
  });
});
