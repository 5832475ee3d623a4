// The response contract: shape inference (never a value, bounded), the schema path walker, drift, and
// `stellar-kit run ... --record` against a real HTTP server on 127.0.0.1.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'yaml';
import { main } from '../server/src/cli/main';
import { runCommand } from '../server/src/cli/run';
import { diffSchemas, driftLines } from '../server/src/service/contract/drift';
import { inferSchema, NOT_RECORDED, SHAPE_LIMITS } from '../server/src/service/contract/infer';
import { walkSchema } from '../server/src/service/contract/walk';
import { shapeFileText } from '../server/src/service/contract/shapeFile';
import { getCodeActions } from '../server/src/service/features/codeActions';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { willRenameFiles } from '../server/src/service/features/fileOperations';
import { doRename } from '../server/src/service/features/rename';
import { captured, json, serve, type TestServer } from './run/helpers';

describe('response shape inference', () => {
  it('records types, properties, required keys and array items, and no value at all', () => {
    const body = { id: 'inv_secret_123', amount: 1250, rate: 0.2, paid: false, note: null, lines: [{ sku: 'S-1', qty: 2 }, { sku: 'S-2' }], tags: [] };
    const schema = inferSchema(body);
    assert.deepEqual(schema, {
      type: 'object',
      properties: {
        id: { type: 'string' },
        amount: { type: 'integer' },
        rate: { type: 'number' },
        paid: { type: 'boolean' },
        note: { type: 'null' },
        lines: { type: 'array', items: { type: 'object', properties: { sku: { type: 'string' }, qty: { type: 'integer' } }, required: ['sku'] } },
        tags: { type: 'array' },
      },
      required: ['id', 'amount', 'rate', 'paid', 'note', 'lines', 'tags'],
    });
    const text = JSON.stringify(schema);
    for (const value of ['inv_secret_123', '1250', '0.2', 'S-1']) assert.ok(!text.includes(value), `no value '${value}' in the shape`);
    for (const keyword of ['examples', 'enum', 'const', 'default']) assert.ok(!text.includes(keyword), `no '${keyword}'`);
  });

  it('unites the types of items that differ: integer and number make number, null joins the list', () => {
    assert.deepEqual(inferSchema([1, 2.5]), { type: 'array', items: { type: 'number' } });
    assert.deepEqual(inferSchema([{ a: 1 }, null, 'x']), {
      type: 'array',
      items: { type: ['object', 'string', 'null'], properties: { a: { type: 'integer' } }, required: ['a'] },
    });
  });

  it('stops at the depth limit: a body nested 100,000 levels deep is recorded to 32 levels, without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    let node = inferSchema(deep);
    let depth = 0;
    while (node.properties?.a) {
      node = node.properties.a;
      depth++;
    }
    assert.equal(depth, SHAPE_LIMITS.depth + 1);
    assert.deepEqual(node, { description: NOT_RECORDED });
  });

  it('records an object with more than 200 keys as a map (no key names) and merges at most 1,000 items', () => {
    const wide: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) wide[`+3161234${i}`] = { name: 'n' };
    const s = inferSchema({ byPhone: wide, list: Array.from({ length: 200_000 }, (_, i) => ({ i })) });
    assert.deepEqual(s.properties!.byPhone, {
      type: 'object',
      additionalProperties: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
    });
    assert.ok(!JSON.stringify(s).includes('+3161234'), 'no phone number as a key');
    assert.deepEqual(s.properties!.list.items, { type: 'object', properties: { i: { type: 'integer' } }, required: ['i'] });
  });
});

describe('walking a JSONPath over a recorded schema', () => {
  const schema = inferSchema({
    invoice: { amountDue: 5, status: 'open' },
    lines: [{ sku: 'a' }],
    empty: [],
    map: Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`k${i}`, { v: 1 }])),
  });

  it('finds what the response had, by name, index, wildcard and descendant', () => {
    for (const p of [
      '$',
      '$.invoice.status',
      "$['invoice']['amountDue']",
      '$.lines[0].sku',
      '$.lines[-1].sku',
      '$.lines[*]',
      '$..sku',
      '$.invoice.*',
      '$.map.k7.v',
      '$.map.*.v',
    ])
      assert.deepEqual(walkSchema(schema, p), { status: 'found' }, p);
  });

  it('cannot tell inside an array recorded empty, nor for a path outside the subset (no finding)', () => {
    assert.deepEqual(walkSchema(schema, '$.empty[0].x'), { status: 'unknown' });
    assert.deepEqual(walkSchema(schema, '$.lines[?(@.sku)]'), { status: 'unknown' });
  });

  it('names the deepest existing prefix and the nearest path', () => {
    assert.deepEqual(walkSchema(schema, '$.invoice.amount_due'), {
      status: 'missing',
      existing: '$.invoice',
      missing: '.amount_due',
      nearest: '$.invoice.amountDue',
      fields: ['amountDue', 'status'],
    });
    assert.deepEqual(walkSchema(schema, '$.invoices.status'), {
      status: 'missing',
      existing: '$',
      missing: '.invoices',
      nearest: '$.invoice.status',
      fields: ['invoice', 'lines', 'empty', 'map'],
    });
    assert.deepEqual(walkSchema(schema, '$.lines[0].price'), {
      status: 'missing',
      existing: '$.lines[0]',
      missing: '.price',
      nearest: '$.lines[0]',
      fields: ['sku'],
    });
    assert.deepEqual(walkSchema(schema, '$.invoice[0]'), {
      status: 'missing',
      existing: '$.invoice',
      missing: '[0]',
      nearest: '$.invoice',
      fields: ['amountDue', 'status'],
    });
  });
});

describe('drift from the recorded shape', () => {
  it('lists fields added, removed and type changes, once per subtree', () => {
    const before = inferSchema({ a: 1, b: { c: 'x', d: true }, e: [1] });
    const now = inferSchema({ a: '1', e: [1.5], f: { g: 1 } });
    assert.deepEqual(driftLines(diffSchemas(before, now)), ['~ $.a: integer → string', '~ $.e[*]: integer → number', '+ $.f (object)', '- $.b (object)']);
    assert.deepEqual(diffSchemas(before, before), []);
  });
});

describe('SK016 in the index', () => {
  const action = (path: string) =>
    `integration: api\nname: lookup\ndescription: d\nmethod: GET\npath: /x\noutputVariables:\n  - name: amount\n    path: ${path}\n`;
  const shape = (body: unknown) =>
    shapeFileText({ uri: '', action: 'api/lookup', runTarget: 'a/lookup' }, 'staging', 200, new Date('2026-12-04T00:00:00Z'), inferSchema(body));
  const uri = 'file:///ws/lookup.action.yaml';
  const shapeUri = 'file:///ws/lookup.response.yaml';

  it('follows the shape file incrementally: recorded again with the field, the finding goes; removed, nothing is checked', () => {
    const index = new WorkspaceIndex('file:///ws');
    index.setFile('file:///ws/api.integration.yaml', 'kind: custom-api\nname: API\nenvironments:\n  staging: { baseUrl: "https://x.example" }\n');
    index.setFile(uri, action('$.invoice.amount_due'));
    assert.deepEqual(index.findings(uri), []);
    index.setFile(shapeUri, shape({ invoice: { amount: 1 } }));
    assert.deepEqual(
      index.findings(uri).map((f) => [f.code, f.severity, f.data]),
      [['SK016', 'warning', { path: '$.invoice.amount_due', existing: '$.invoice', nearest: '$.invoice' }]],
    );
    index.setFile(shapeUri, shape({ invoice: { amount_due: 1 } }));
    assert.deepEqual(index.findings(uri), []);
    index.setFile(shapeUri, shape({ invoice: { amountDue: 1 } }));
    assert.equal(index.findings(uri)[0]?.code, 'SK016');
    index.removeFile(shapeUri);
    assert.deepEqual(index.findings(uri), []);
  });

  it("offers the nearest path as a quick fix, which edits the path's value", () => {
    const index = new WorkspaceIndex('file:///ws');
    index.setFile('file:///ws/api.integration.yaml', 'kind: custom-api\nname: API\nenvironments:\n  staging: { baseUrl: "https://x.example" }\n');
    index.setFile(uri, action('$.invoice.amount_due'));
    index.setFile(shapeUri, shape({ invoice: { amountDue: 1 } }));
    const [f] = index.findings(uri);
    const actions = getCodeActions(index, uri, f.range, [{ code: f.code, range: f.range, data: f.data }]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ["Change the path to '$.invoice.amountDue'"],
    );
    const edit = actions[0].edit!.documentChanges![0] as { edits: { newText: string }[] };
    assert.equal(edit.edits[0].newText, '$.invoice.amountDue');
  });

  it('reads a hand-edited shape file within bounds: past the recording depth it cannot tell; too deep to parse is SK001', () => {
    const index = new WorkspaceIndex('file:///ws');
    const nested = (levels: number) => {
      let schema = '{ type: string }';
      for (let i = 0; i < levels; i++) schema = `{ type: object, properties: { a: ${schema} } }`;
      return `action: api/lookup\nenvironment: staging\nrecordedAt: x\nstatus: 200\nschema: ${schema}\n`;
    };
    index.setFile(uri, action('$' + '.a'.repeat(40) + '.b'));
    index.setFile(shapeUri, nested(30));
    assert.deepEqual(
      index.findings(uri).map((f) => f.code),
      ['SK010', 'SK016'],
    );
    index.setFile(shapeUri, nested(200));
    assert.deepEqual(
      index.findings(uri).map((f) => f.code),
      ['SK010'],
    );
    index.setFile(shapeUri, nested(5000));
    assert.deepEqual(
      index.findings(shapeUri).map((f) => f.code),
      ['SK001'],
    );
    assert.deepEqual(
      index.findings(uri).map((f) => f.code),
      ['SK010'],
    );
  });
});

describe('a recorded response shape follows what it belongs to', () => {
  const shape = (action: string) =>
    `# Written by stellar-kit; do not edit.\naction: ${action}\nenvironment: staging\nrecordedAt: x\nstatus: 200\nschema: { type: object }\n`;
  function index(): WorkspaceIndex {
    const ix = new WorkspaceIndex('file:///ws');
    const files: Record<string, string> = {
      'api.integration.yaml': 'kind: custom-api\nname: API\nenvironments:\n  staging: { baseUrl: "https://x.example" }\n',
      'actions/lookup.action.yaml': 'integration: api\nname: lookup\ndescription: d\nmethod: GET\npath: /x\n',
      'actions/lookup.response.yaml': shape('api/lookup'),
      'agents/support.agent.yaml':
        'name: S\nstatus: active\nactions:\n  - link: api/lookup\n  - type: api-call\n    name: weather\n    description: d\n    method: GET\n    url: https://w.example/now\n',
      'agents/support.weather.response.yaml': shape('support/weather'),
    };
    for (const [f, text] of Object.entries(files)) ix.setFile(`file:///ws/${f}`, text);
    return ix;
  }
  type Change = { kind?: string; oldUri?: string; newUri?: string; textDocument?: { uri: string }; edits?: { newText: string }[] };
  const summary = (edit: { documentChanges?: unknown[] } | null) =>
    ((edit?.documentChanges ?? []) as Change[]).map((c) =>
      c.kind === 'rename' ? `rename ${c.oldUri} -> ${c.newUri}` : `edit ${c.textDocument?.uri}: ${c.edits?.map((e) => e.newText).join(', ')}`,
    );

  it('renaming a shared action (the rename refactoring) renames its shape file and its action: field', () => {
    const ix = index();
    const edit = doRename(ix, 'file:///ws/agents/support.agent.yaml', { line: 3, character: 14 }, 'find');
    const changes = summary(edit);
    assert.ok(changes.includes('rename file:///ws/actions/lookup.response.yaml -> file:///ws/actions/find.response.yaml'), changes.join('\n'));
    assert.ok(changes.includes('edit file:///ws/actions/lookup.response.yaml: api/find'), changes.join('\n'));
  });

  it('moving or renaming the files: the shape follows the action file, and the agent’s api-call shapes follow the agent', () => {
    const ix = index();
    const moved = summary(willRenameFiles(ix, [{ oldUri: 'file:///ws/actions/lookup.action.yaml', newUri: 'file:///ws/shared/lookup.action.yaml' }]));
    assert.ok(moved.includes('rename file:///ws/actions/lookup.response.yaml -> file:///ws/shared/lookup.response.yaml'), moved.join('\n'));
    const agent = summary(willRenameFiles(ix, [{ oldUri: 'file:///ws/agents/support.agent.yaml', newUri: 'file:///ws/agents/helpdesk.agent.yaml' }]));
    assert.ok(agent.includes('rename file:///ws/agents/support.weather.response.yaml -> file:///ws/agents/helpdesk.weather.response.yaml'), agent.join('\n'));
    assert.ok(agent.includes('edit file:///ws/agents/support.weather.response.yaml: helpdesk/weather'), agent.join('\n'));
  });
});

describe('stellar-kit run --record', () => {
  let server: TestServer;
  let body: { status: number; value: unknown; raw?: string } = { status: 200, value: {} };
  const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-contract-'));
  before(async () => {
    server = await serve((_req, res) => {
      if (body.raw !== undefined) {
        res.writeHead(body.status, { 'content-type': 'text/plain' });
        res.end(body.raw);
      } else json(res, body.status, body.value);
    });
  });
  after(async () => {
    await server.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  function ws(): string {
    const dir = mkdtempSync(path.join(scratch, 'ws-'));
    const files: Record<string, string> = {
      'billing-api.integration.yaml': `kind: custom-api\nname: Billing\nenvironments:\n  development: { baseUrl: "${server.url}/v2" }\n`,
      'actions/lookup_invoice.action.yaml':
        'integration: billing-api\nname: lookup_invoice\ndescription: Look up\nmethod: GET\npath: /invoices\noutputVariables:\n  - { name: amount_due, path: $.invoice.amount_due }\n',
      'agents/support.agent.yaml': `name: Support\nstatus: active\nactions:\n  - link: billing-api/lookup_invoice\n  - type: api-call\n    name: weather\n    description: Weather\n    method: GET\n    url: ${server.url}/weather\n    outputVariables: [{ name: temp, path: $.temp }]\n  - type: end-call\n    name: bye\n    description: End\n    phases: [in-call]\n`,
    };
    for (const [f, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      writeFileSync(path.join(dir, f), text);
    }
    return dir;
  }
  const now = () => new Date('2026-12-04T12:00:00.000Z');
  const run = (dir: string, target: string, ...extra: string[]) =>
    captured(runCommand, [target, '--env', 'development', '--folder', dir, ...extra], { secrets: { get: async () => undefined, hint: () => '' }, now });

  it('writes <action-id>.response.yaml next to the shared action, says where, and SK016 then reads it', async () => {
    const dir = ws();
    body = { status: 200, value: { invoice: { amount: 1250, currency: 'EUR' } } };
    const r = await run(dir, 'support/lookup_invoice', '--record');
    // amount_due found nothing in the response: exit 1, and the shape is recorded all the same.
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /recorded response shape -> .*actions\/lookup_invoice\.response\.yaml\n/);
    const file = path.join(dir, 'actions', 'lookup_invoice.response.yaml');
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# Written by stellar-kit; do not edit\./);
    assert.ok(!text.includes('1250') && !text.includes('EUR'), 'no value in the shape file');
    const doc = parse(text) as Record<string, unknown>;
    assert.equal(doc.action, 'billing-api/lookup_invoice');
    assert.equal(doc.environment, 'development');
    assert.equal(doc.recordedAt, '2026-12-04T12:00:00.000Z');
    assert.equal(doc.status, 200);
    assert.deepEqual((doc.schema as { properties: unknown }).properties, {
      invoice: { type: 'object', properties: { amount: { type: 'integer' }, currency: { type: 'string' } }, required: ['amount', 'currency'] },
    });

    const check = await captured((a, io) => main(a, { ...io, color: false }), ['check', dir, '--format', 'json'], {});
    const sk016 = (JSON.parse(check.out) as { code: string; file: string; message: string; related: { file: string }[] }[]).filter((f) => f.code === 'SK016');
    assert.equal(sk016.length, 1, check.out);
    assert.equal(sk016[0].file, 'actions/lookup_invoice.action.yaml');
    assert.match(sk016[0].message, /'\$\.invoice' has no 'amount_due'/);
    assert.equal(sk016[0].related[0].file, 'actions/lookup_invoice.response.yaml');
  });

  it('records an api-call next to its agent as <agent-id>.<action-name>.response.yaml; a later run prints the drift', async () => {
    const dir = ws();
    body = { status: 200, value: { temp: 21, wind: 'n' } };
    const first = await run(dir, 'support/weather', '--record');
    assert.equal(first.code, 0, first.err);
    assert.ok(existsSync(path.join(dir, 'agents', 'support.weather.response.yaml')));
    assert.match(first.out, /recorded response shape -> .*agents\/support\.weather\.response\.yaml\n$/);

    body = { status: 200, value: { temp: 21.5, humidity: 40 } };
    const second = await run(dir, 'support/weather');
    assert.equal(second.code, 0, second.err);
    assert.ok(
      second.out.endsWith(
        'Response shape drifted since it was recorded in development at 2026-12-04T12:00:00.000Z:\n  ~ $.temp: integer → number\n  + $.humidity (integer)\n  - $.wind (string)\n',
      ),
      second.out,
    );

    const asJson = await run(dir, 'support/weather', '--format', 'json');
    const report = JSON.parse(asJson.out) as { responseShape: { changes: { kind: string; path: string }[] } };
    assert.deepEqual(
      report.responseShape.changes.map((c) => `${c.kind} ${c.path}`),
      ['typeChanged $.temp', 'added $.humidity', 'removed $.wind'],
    );
  });

  it('refuses to record a non-2xx response, a body that is not JSON, and an action with no response', async () => {
    const dir = ws();
    body = { status: 404, value: { error: 'not found' } };
    const notFound = await run(dir, 'support/weather', '--record');
    assert.equal(notFound.code, 1);
    assert.match(notFound.err, /was not recorded: the status is 404, and only a 2xx response is a contract/);
    assert.ok(!existsSync(path.join(dir, 'agents', 'support.weather.response.yaml')));

    body = { status: 200, value: null, raw: 'hello' };
    const text = await run(dir, 'support/weather', '--record');
    assert.equal(text.code, 1);
    assert.match(text.err, /was not recorded: the body is not JSON/);
    assert.ok(!existsSync(path.join(dir, 'agents', 'support.weather.response.yaml')));

    const before = server.seen.length;
    const endCall = await run(dir, 'support/bye', '--record');
    assert.equal(endCall.code, 2);
    assert.match(endCall.err, /--record: Only bindings to shared actions and api-call actions have a response shape to record/);
    assert.equal(server.seen.length, before, 'nothing was sent');
  });
});
