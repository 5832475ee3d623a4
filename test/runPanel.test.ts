// The Run panel's pure parts: the form a parameters schema makes and how it reads the typed texts back, the
// response view with its caps on large bodies, and the page with its content security policy.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { formOf, initialTexts, readField, readForm } from '../client/src/run/panel/form';
import { csp, makeNonce, panelHtml } from '../client/src/run/panel/html';
import { jsonTree, statusClass, toolView, type JsonNode } from '../client/src/run/panel/view';

const SCHEMA = {
  type: 'object',
  required: ['invoice', 'kind'],
  properties: {
    invoice: { type: 'string', pattern: '^INV-[0-9]+$', description: 'The invoice number', examples: ['INV-1'] },
    kind: { type: 'string', enum: ['a', 'b'] },
    limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
    ratio: { type: 'number' },
    urgent: { type: 'boolean' },
    tags: { type: 'array', items: { type: 'string' } },
    odd: { type: 'string', pattern: '(?<!x' },
  },
};

describe('run panel form', () => {
  const fields = formOf(SCHEMA);
  const byName = (n: string) => fields.find((f) => f.name === n)!;

  it('makes one field per property with its kind, required mark, help, placeholder and default', () => {
    assert.deepEqual(
      fields.map((f) => [f.name, f.kind, f.required]),
      [
        ['invoice', 'text', true],
        ['kind', 'select', true],
        ['limit', 'number', false],
        ['ratio', 'number', false],
        ['urgent', 'checkbox', false],
        ['tags', 'json', false],
        ['odd', 'text', false],
      ],
    );
    assert.equal(byName('invoice').description, 'The invoice number');
    assert.equal(byName('invoice').placeholder, 'e.g. INV-1');
    assert.deepEqual(byName('kind').options, [
      { label: 'a', value: '"a"' },
      { label: 'b', value: '"b"' },
    ]);
    assert.deepEqual(initialTexts(fields, undefined), { 'parameters.limit': '10' });
    assert.deepEqual(initialTexts(fields, { 'parameters.invoice': 'INV-7' }), { 'parameters.invoice': 'INV-7', 'parameters.limit': '10' });
  });

  it('an optional enum can be left out', () => {
    const f = formOf({ type: 'object', properties: { k: { enum: [1, 'x'] } } })[0];
    assert.deepEqual(f.options?.[0], { label: '(leave out)', value: '' });
    assert.deepEqual(readForm([f], { [f.id]: '' }).values.parameters, {});
    assert.deepEqual(readForm([f], { [f.id]: '1' }).values.parameters, { k: 1 });
  });

  it('validates live: required, pattern, integer, bounds, JSON; an invalid pattern is left to the schema check', () => {
    assert.equal(readField(byName('invoice'), '').problem, 'Required.');
    assert.equal(readField(byName('invoice'), 'X-1').problem, 'Must match ^INV-[0-9]+$.');
    assert.deepEqual(readField(byName('invoice'), 'INV-204518'), { value: 'INV-204518' });
    assert.equal(readField(byName('limit'), '2.5').problem, 'Enter a whole number.');
    assert.equal(readField(byName('limit'), '0').problem, 'At least 1.');
    assert.equal(readField(byName('limit'), '51').problem, 'At most 50.');
    assert.deepEqual(readField(byName('limit'), ''), {});
    assert.deepEqual(readField(byName('ratio'), '0.5'), { value: 0.5 });
    assert.match(readField(byName('tags'), '[1,').problem!, /^Not JSON/);
    assert.deepEqual(readField(byName('tags'), '["x"]'), { value: ['x'] });
    assert.deepEqual(readField(byName('odd'), 'anything'), { value: 'anything' });
    assert.deepEqual(readField(byName('urgent'), 'true'), { value: true });
  });

  it('reads the whole form into parameters, with a problem per field', () => {
    const r = readForm(fields, { 'parameters.invoice': 'INV-1', 'parameters.kind': '"b"', 'parameters.limit': '5', 'parameters.urgent': 'false' });
    assert.deepEqual(r.problems, {});
    assert.deepEqual(r.values.parameters, { invoice: 'INV-1', kind: 'b', limit: 5, urgent: false });
    assert.deepEqual(Object.keys(readForm(fields, {}).problems), ['parameters.invoice', 'parameters.kind']);
  });

  it('a send-text-message asks its variables (E.164 for phone numbers) and the text when the agent writes it', () => {
    const f = formOf(undefined, { variables: ['call.from', 'customer'], agentWritesMessage: true });
    assert.deepEqual(
      f.map((x) => [x.id, x.kind]),
      [
        ['variables.call.from', 'text'],
        ['variables.customer', 'text'],
        ['message', 'textarea'],
      ],
    );
    const bad = readForm(f, { 'variables.call.from': '0612', 'variables.customer': 'Ann', message: ' ' });
    assert.deepEqual(Object.keys(bad.problems), ['variables.call.from', 'message']);
    const good = readForm(f, { 'variables.call.from': ' +31612345678 ', 'variables.customer': 'Ann', message: 'Hi' });
    assert.deepEqual(good.values, { parameters: {}, variables: { 'call.from': '+31612345678', customer: 'Ann' }, message: 'Hi' });
  });
});

function count(n: JsonNode): number {
  return 1 + ('children' in n ? n.children.reduce((s, c) => s + count(c), 0) : 0);
}

describe('run panel response view', () => {
  it('renders a JSON body as a tree of nodes', () => {
    const { root, capped } = jsonTree({ a: [1, 'x', null, true], b: {} });
    assert.equal(capped, false);
    assert.deepEqual(root, {
      key: undefined,
      type: 'object',
      size: 2,
      children: [
        {
          key: 'a',
          type: 'array',
          size: 4,
          children: [
            { key: undefined, type: 'number', text: '1' },
            { key: undefined, type: 'string', text: '"x"' },
            { key: undefined, type: 'null', text: 'null' },
            { key: undefined, type: 'boolean', text: 'true' },
          ],
        },
        { key: 'b', type: 'object', size: 0, children: [] },
      ],
    });
  });

  it('caps a large body at 2,000 nodes and 200 KB of text, saying how many were left out', () => {
    const many = Array.from({ length: 50_000 }, (_, i) => ({ id: i, name: `item ${i}` }));
    const started = performance.now();
    const { root, capped } = jsonTree(many);
    assert.ok(capped);
    assert.ok(count(root) <= 2000, `${count(root)} nodes`);
    assert.equal(root.type === 'array' && root.size, 50_000);
    assert.ok(root.type === 'array' && root.more! > 49_000);
    const long = jsonTree({ text: 'x'.repeat(300 * 1024) });
    assert.ok(long.capped);
    const leaf = (long.root as { children: { text: string }[] }).children[0];
    assert.ok(leaf.text.length <= 200 * 1024 + 1 && leaf.text.endsWith('…'));
    // A figure, not an assertion on time: printed for the report.
    console.log(`jsonTree of 50,000 items (capped): ${Math.round(performance.now() - started)} ms`);
  });

  it('masks secret values in keys and strings', () => {
    const { root } = jsonTree({ 'k-SECRET': 'v SECRET' }, undefined, (s) => s.replaceAll('SECRET', '[secret T]'));
    assert.deepEqual((root as { children: unknown[] }).children, [{ key: 'k-[secret T]', type: 'string', text: '"v [secret T]"' }]);
  });

  it('classes statuses and renders tool results, JSON text content parsed', () => {
    assert.deepEqual([200, 302, 401, 503].map(statusClass), ['success', 'redirect', 'client-error', 'server-error']);
    const v = toolView(
      {
        label: 'a/t',
        tool: 't',
        arguments: {},
        environment: 'development',
        url: 'http://127.0.0.1:1/mcp',
        server: { protocolVersion: '2025-06-18' },
        timingMs: 3,
        isError: true,
        content: [{ type: 'text', text: '{"ok":false}' }],
      },
      (s) => s,
    );
    assert.equal(v.status, 'tool error');
    assert.equal(v.statusClass, 'tool-error');
    assert.equal(v.body.kind === 'json' && v.body.root.type, 'array');
    assert.deepEqual(v.body.kind === 'json' && (v.body.root as { children: JsonNode[] }).children[0], {
      key: undefined,
      type: 'object',
      size: 1,
      children: [{ key: 'ok', type: 'boolean', text: 'false' }],
    });
  });
});

describe('run panel page', () => {
  it('has a strict CSP: nothing by default, the script by nonce, styles from the extension, no remote resources', () => {
    const nonce = makeNonce((n) => new Uint8Array(n).map((_, i) => i * 7));
    assert.match(nonce, /^[A-Za-z0-9]{32}$/);
    const html = panelHtml({
      cspSource: 'vscode-webview://x',
      nonce,
      scriptUri: 'vscode-webview://x/media/runPanel.js',
      styleUri: 'vscode-webview://x/media/runPanel.css',
      title: 'Run a/<b>',
    });
    const policy = csp({ cspSource: 'vscode-webview://x', nonce });
    assert.ok(policy.startsWith("default-src 'none'; "));
    assert.match(policy, new RegExp(`script-src 'nonce-${nonce}'(;|$)`));
    assert.match(policy, new RegExp(`style-src vscode-webview://x 'nonce-${nonce}'`));
    assert.ok(!policy.includes('unsafe'));
    assert.ok(html.includes(`<script nonce="${nonce}" src=`));
    assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script, by nonce');
    assert.ok(!/https?:\/\//.test(html), 'no remote resource');
    assert.ok(html.includes('Run a/&#60;b&#62;'), 'the title is escaped');
    assert.ok(!/\son[a-z]+=/.test(html), 'no inline handlers');
  });
});
