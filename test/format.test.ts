// Format Document, folding and selection ranges: the pure core on every example and fixture file, then
// the built server over real LSP stdio.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Lexer, parseAllDocuments } from 'yaml';
import type { FoldingRange, SelectionRange, TextEdit } from 'vscode-languageserver-types';
import { foldingRanges, formatDocument, selectionRanges } from '../server/src/service/features/index';
import { applyEdits, formatEdits, formatYamlText } from '../server/src/service/features/format';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { parseYamlFile } from '../server/src/service/yamlFile';
import { copyWorkspace, removeDir, repo, TestClient } from './lsp/client';
import { withExampleServer } from './lsp/suite';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules') out.push(...yamlFiles(full));
    } else if (e.name.endsWith('.yaml')) out.push(full);
  }
  return out.sort();
}

const FILES = [...yamlFiles(path.join(repo, 'examples')), ...yamlFiles(path.join(repo, 'test', 'fixtures'))];

/** Comments, anchors and aliases in order, as yaml's lexer reads them. */
function marks(text: string): { comments: string[]; anchors: string[] } {
  const comments: string[] = [];
  const anchors: string[] = [];
  for (const t of new Lexer().lex(text)) {
    if (t[0] === '#') comments.push(t.trimEnd());
    if (t[0] === '&' || t[0] === '*') anchors.push(t.trimEnd());
  }
  return { comments, anchors };
}

function data(text: string): unknown[] {
  return parseAllDocuments(text).map((d) => d.toJS({ maxAliasCount: 100 }));
}

function hasSyntaxError(file: string, text: string): boolean {
  return parseYamlFile(`file://${file}`, text).findings.some((f) => f.code === 'SK001');
}

function formatted(text: string, tabSize = 2): string {
  const r = formatYamlText(text, { tabSize });
  assert.ok(!('refused' in r), `refused: ${'refused' in r ? r.refused : ''}`);
  return r.text;
}

describe('Format Document on every example and fixture file', () => {
  test(`${FILES.length} files: stable, same data, same comments and anchors, back from 4 spaces and CRLF`, () => {
    assert.ok(FILES.length > 900, 'the fixtures were found');
    let checked = 0;
    let refused = 0;
    for (const file of FILES) {
      const text = readFileSync(file, 'utf8');
      const rel = path.relative(repo, file);
      const r = formatYamlText(text);
      if ('refused' in r) {
        assert.ok(hasSyntaxError(file, text), `${rel}: formatting refused (${r.refused}) though the file has no syntax error`);
        assert.deepEqual(formatEdits(text), [], `${rel}: a refused file gets no edits`);
        refused++;
        continue;
      }
      const out = r.text;
      assert.equal(formatted(out), out, `${rel}: formatting twice changes the text`);
      assert.deepEqual(data(out), data(text), `${rel}: formatting changed the data`);
      assert.deepEqual(marks(out), marks(text), `${rel}: comments or anchors changed`);
      // Indented 4 spaces per level and back: the 2-space form again, and the data all along.
      const wide = formatted(out, 4);
      assert.deepEqual(data(wide), data(text), `${rel}: 4-space indentation changed the data`);
      assert.deepEqual(marks(wide), marks(text), `${rel}: 4-space indentation changed comments or anchors`);
      assert.equal(formatted(wide), out, `${rel}: back from 4 spaces is not the 2-space form`);
      for (const eol of ['\r\n', '\n']) {
        const other = out.replace(/\r?\n/g, eol);
        assert.equal(formatted(other), other, `${rel}: ${JSON.stringify(eol)} line endings are not kept`);
      }
      checked++;
    }
    assert.ok(checked > 900, `${checked} files formatted`);
    assert.ok(refused <= 20, `${refused} files refused (each has a syntax error: asserted above)`);
  });
});

describe('Format Document on mangled files (property)', () => {
  const SOURCES = FILES.filter((f) => f.includes(`${path.sep}examples${path.sep}`)).map((f) => readFileSync(f, 'utf8'));
  const FRAGMENTS = [
    ' ',
    '  ',
    '    ',
    '\t',
    '- ',
    ': ',
    '# note',
    '\n',
    '|',
    '>-',
    '"',
    "'",
    '[',
    ']',
    '{',
    '}',
    '&a ',
    '*a',
    '? ',
    '\r\n',
    ', ',
    '!!str ',
    '---\n',
  ];
  const edit = fc.record({
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: fc.constantFrom(...FRAGMENTS),
    indent: fc.integer({ min: 0, max: 6 }),
    reindent: fc.boolean(),
  });

  test('random edits: formatting is refused, or stable with the same data, comments and anchors; it never throws', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: SOURCES.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 4 }), (which, edits) => {
        let text = SOURCES[which];
        for (const e of edits) {
          const at = Math.floor(e.at * (text.length + 1));
          if (e.reindent) {
            const start = text.lastIndexOf('\n', at - 1) + 1;
            text = text.slice(0, start) + ' '.repeat(e.indent) + text.slice(start);
          } else text = text.slice(0, at) + e.text + text.slice(at);
        }
        const r = formatYamlText(text);
        if ('refused' in r) return;
        assert.equal(formatted(r.text), r.text);
        assert.deepEqual(data(r.text), data(text));
        assert.deepEqual(marks(r.text), marks(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('Format Document: what it changes and keeps', () => {
  const FOUR = [
    '# Billing agent',
    'name: Support   ',
    'states:',
    '-   identify',
    '-   billing',
    'actions:',
    '    # first action',
    '    -   link: billing-api/lookup_invoice # trailing',
    '        parameters: &params',
    '            type: object',
    '            properties:',
    '                invoice_number: { type: string, description: "Invoice number, e.g. INV-204518" }',
    '            required: [invoice_number]',
    '        bodyTemplate: |',
    '            {',
    '              "invoice": "{{ .parameters.invoice_number }}"',
    '            }',
    '        phases: [ in-call ]',
    '    -   type: static-response',
    '        name: hours',
    '        response: >-',
    '            Open Monday',
    '            to Friday.',
    '        parameters: *params',
    'lockedAt: "2026-11-20T10:00:00.000Z"',
    'count: 0x1F',
    '',
  ].join('\n');
  const TWO = [
    '# Billing agent',
    'name: Support',
    'states:',
    '  - identify',
    '  - billing',
    'actions:',
    '  # first action',
    '  - link: billing-api/lookup_invoice # trailing',
    '    parameters: &params',
    '      type: object',
    '      properties:',
    '        invoice_number: { type: string, description: "Invoice number, e.g. INV-204518" }',
    '      required: [invoice_number]',
    '    bodyTemplate: |',
    '      {',
    '        "invoice": "{{ .parameters.invoice_number }}"',
    '      }',
    '    phases: [ in-call ]',
    '  - type: static-response',
    '    name: hours',
    '    response: >-',
    '      Open Monday',
    '      to Friday.',
    '    parameters: *params',
    'lockedAt: "2026-11-20T10:00:00.000Z"',
    'count: 0x1F',
    '',
  ].join('\n');

  test('a 4-space file becomes 2-space; quoting, flow collections, block scalars, anchors and comments stay as written', () => {
    assert.equal(formatted(FOUR), TWO);
    assert.deepEqual(data(TWO), data(FOUR));
    assert.equal(formatted(TWO), TWO);
  });

  test('tabSize is honoured; insertSpaces or not, indentation is spaces', () => {
    const four = formatted(TWO, 4);
    assert.match(four, /^actions:\n {4}# first action\n {4}- link: billing-api\/lookup_invoice # trailing\n {6}parameters: &params\n {10}type: object\n/m);
    assert.doesNotMatch(four, /\t/);
    assert.equal(formatted(four, 2), TWO);
  });

  test('the edits are per changed line, none when nothing changes, and applied they give the formatted text', () => {
    assert.deepEqual(formatEdits(TWO), []);
    const edits = formatEdits(FOUR);
    assert.ok(edits.length > 10);
    assert.ok(
      edits.every((e) => e.range.start.line === e.range.end.line),
      'no edit spans lines',
    );
    assert.equal(applyEdits(FOUR, edits), TWO);
  });

  test('CRLF files keep CRLF, mixed endings follow the first, a missing final line break is added', () => {
    assert.equal(formatted(FOUR.replace(/\n/g, '\r\n')), TWO.replace(/\n/g, '\r\n'));
    assert.equal(formatted('a:\r\n    b: 1\n    c: 2'), 'a:\r\n  b: 1\r\n  c: 2\r\n');
    const edits = formatEdits('a: 1');
    assert.deepEqual(edits, [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 4 } }, newText: '\n' }]);
    assert.equal(formatted('\uFEFFa:\n    b: 1\n'), '\uFEFFa:\n  b: 1\n', 'a byte order mark is kept and takes no column');
    // Inside a block scalar a final line break would become content: none is added.
    assert.equal(formatted('a: |\n    text'), 'a: |\n  text');
  });

  test('an explicit trimTrailingWhitespace: false or insertFinalNewline: false is honoured', () => {
    const text = 'a:   \n    b: 1';
    assert.deepEqual(formatYamlText(text, { trimTrailingWhitespace: false }), { text: 'a:   \n  b: 1\n' });
    assert.deepEqual(formatYamlText(text, { insertFinalNewline: false }), { text: 'a:\n  b: 1' });
    assert.deepEqual(formatYamlText(text, { trimTrailingWhitespace: true, insertFinalNewline: true }), { text: 'a:\n  b: 1\n' });
  });

  test('document markers, empty values, long strings, escapes and multi-line scalars are kept', () => {
    const text = [
      '%YAML 1.2',
      '---',
      'name: Support',
      'description:',
      'long: ' + 'word '.repeat(40).trim(),
      'escaped: "tab\\there \\u00e9 \\x41"',
      'plain: first',
      '    continued',
      'quoted: "first',
      '    continued"',
      'kept: |+',
      '    keep',
      '',
      'bool: True',
      '...',
      '',
    ].join('\n');
    const out = formatted(text);
    assert.equal(out, text.replace('kept: |+\n    keep', 'kept: |+\n  keep'));
    assert.deepEqual(data(out), data(text));
  });

  test('a comment aligns with the block it sits in', () => {
    const text = 'a:\n    b: 1\n        # about c\n    c: 2\n# top\nd:\n- x\n# between items\n- y\n';
    assert.equal(formatted(text), 'a:\n  b: 1\n  # about c\n  c: 2\n# top\nd:\n  - x\n  # between items\n  - y\n');
  });

  test('a file with a syntax error, an alias bomb or over the size limit gets no edits', () => {
    for (const bad of ['name: "unclosed\nstatus: active\n', 'a: [1, 2\nb: 3\n', 'a: 1\n  b: 2\n', 'k: v\nk: w\n']) {
      assert.ok('refused' in formatYamlText(bad), bad);
      assert.deepEqual(formatEdits(bad), []);
    }
    const bomb = readFileSync(path.join(repo, 'test/fixtures/bad-input/alias-bomb/support.agent.yaml'), 'utf8');
    assert.deepEqual(formatEdits(bomb), []);
    assert.deepEqual(formatEdits('a:\n    b: ' + 'x'.repeat(3 * 1024 * 1024)), []);
  });

  test('range formatting formats the lines of the range when they stand alone, else the document', () => {
    const text = 'a: 1   \nb: 2   \nc:\n    d: 1\n    e: 2\n';
    const first = formatEdits(text, {}, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } });
    assert.deepEqual(first, [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 7 } }, newText: '' }]);
    // Only the second child of `c`: its sibling must move too, or the map breaks.
    const child = formatEdits(text, {}, { start: { line: 4, character: 0 }, end: { line: 4, character: 5 } });
    assert.equal(applyEdits(text, child), 'a: 1\nb: 2\nc:\n  d: 1\n  e: 2\n');
  });

  test('through the index: formatDocument answers for a known file and nothing for an unknown one', () => {
    const index = new WorkspaceIndex('file:///ws');
    const uri = 'file:///ws/agents/support.agent.yaml';
    index.setFile(uri, FOUR);
    index.flush();
    assert.equal(applyEdits(FOUR, formatDocument(index, uri, { tabSize: 2 })), TWO);
    assert.deepEqual(formatDocument(index, 'file:///ws/agents/other.agent.yaml', { tabSize: 2 }), []);
  });
});

describe('folding and selection ranges (core)', () => {
  const TEXT = [
    '# Support agent',
    '# answers billing questions',
    'name: Support',
    'states: [identify, billing]',
    'actions:',
    '  - link: billing-api/lookup_invoice',
    '    parameters:',
    '      type: object',
    '      properties:',
    '        invoice_number: { type: string }',
    '    bodyTemplate: |',
    '      {',
    '        "n": "{{ .parameters.invoice_number }}"',
    '      }',
    '  - type: static-response',
    '    name: "hours"',
    '    response: Open Monday to Friday.',
    '',
  ].join('\n');
  const index = new WorkspaceIndex('file:///ws');
  const uri = 'file:///ws/agents/support.agent.yaml';
  index.setFile(uri, TEXT);
  index.flush();

  test('block maps and lists, list items, block scalars and comment runs fold', () => {
    const got = foldingRanges(index, uri).map((r: FoldingRange) => [r.startLine, r.endLine, r.kind ?? '']);
    assert.deepEqual(got, [
      [0, 1, 'comment'],
      [4, 16, ''], // actions:
      [5, 13, ''], // - link
      [6, 9, ''], // parameters:
      [8, 9, ''], // properties:
      [10, 13, ''], // bodyTemplate: |
      [14, 16, ''], // - type: static-response
    ]);
  });

  test('selection grows from the text inside quotes to the document', () => {
    const [r] = selectionRanges(index, uri, [{ line: 15, character: 12 }]);
    const chain: string[] = [];
    const lines = TEXT.split('\n');
    const slice = (s: SelectionRange) => {
      const { start, end } = s.range;
      if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
      return `${lines[start.line].slice(start.character)}…${lines[end.line].slice(0, end.character)}`;
    };
    for (let s: SelectionRange | undefined = r; s; s = s.parent) chain.push(slice(s));
    assert.deepEqual(chain, [
      'hours',
      '"hours"',
      'name: "hours"',
      'type: static-response…    response: Open Monday to Friday.',
      '- type: static-response…    response: Open Monday to Friday.',
      '- link: billing-api/lookup_invoice…    response: Open Monday to Friday.',
      'actions:…    response: Open Monday to Friday.',
      'name: Support…    response: Open Monday to Friday.',
    ]);
    const [key] = selectionRanges(index, uri, [{ line: 2, character: 1 }]);
    assert.deepEqual(key.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 4 } });
    assert.deepEqual(key.parent!.range, { start: { line: 2, character: 0 }, end: { line: 2, character: 13 } });
  });

  test('an unknown file has none; a position outside every node gets an empty range', () => {
    assert.deepEqual(foldingRanges(index, 'file:///ws/nope.agent.yaml'), []);
    const [r] = selectionRanges(index, uri, [{ line: 0, character: 3 }]);
    assert.deepEqual(r, { range: { start: { line: 0, character: 3 }, end: { line: 0, character: 3 } } });
  });
});

describe('language server: formatting, folding and selection ranges over stdio', () => {
  let c: TestClient;
  withExampleServer((client) => (c = client));

  const AGENT = 'agents/billing-support.agent.yaml';

  test('the capabilities are advertised', async () => {
    const fresh = new TestClient(copyWorkspace());
    try {
      const r = (await fresh.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} })) as {
        capabilities: Record<string, unknown>;
      };
      assert.equal(r.capabilities.documentFormattingProvider, true);
      assert.equal(r.capabilities.documentRangeFormattingProvider, true);
      assert.equal(r.capabilities.foldingRangeProvider, true);
      assert.equal(r.capabilities.selectionRangeProvider, true);
    } finally {
      await fresh.stop();
      removeDir(fresh.root);
    }
  });

  test('textDocument/formatting returns the edits that re-indent an open file, and none once formatted', async () => {
    const uri = c.uri(AGENT);
    const original = readFileSync(path.join(c.root, AGENT), 'utf8');
    const wide = formatted(original, 4);
    assert.notEqual(wide, original);
    await c.open(uri, wide);
    const edits = await c.request<TextEdit[]>('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } });
    assert.ok(edits.length > 0);
    assert.equal(applyEdits(wide, edits), original);
    await c.change(uri, 2, [{ text: original }]);
    assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    await c.change(uri, 3, [{ text: 'name: "unclosed\nstatus: active\n' }]);
    assert.deepEqual(await c.request('textDocument/formatting', { textDocument: { uri }, options: { tabSize: 2, insertSpaces: true } }), []);
    await c.close(uri);
  });

  test('malformed requests get empty answers, never an error', async () => {
    const uri = c.uri(AGENT);
    const bad: [string, unknown][] = [
      ['textDocument/formatting', {}],
      ['textDocument/formatting', { textDocument: { uri: 42 }, options: null }],
      ['textDocument/formatting', { textDocument: { uri }, options: { tabSize: -3, insertSpaces: false } }],
      ['textDocument/formatting', { textDocument: { uri: c.uri('not-stellar.yaml') }, options: { tabSize: 2 } }],
      ['textDocument/rangeFormatting', { textDocument: { uri }, range: { start: { line: 'x' } }, options: { tabSize: 2 } }],
      [
        'textDocument/rangeFormatting',
        { textDocument: { uri }, range: { start: { line: 9999, character: 0 }, end: { line: 99999, character: 5 } }, options: { tabSize: 2 } },
      ],
      ['textDocument/foldingRange', { textDocument: null }],
      ['textDocument/selectionRange', { textDocument: { uri }, positions: 'nope' }],
      ['textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: -4, character: 1e9 }, null] }],
    ];
    for (const [method, params] of bad) {
      const r = await c.request<unknown>(method, params);
      assert.ok(Array.isArray(r), `${method} ${JSON.stringify(params)}: ${JSON.stringify(r)}`);
    }
    assert.deepEqual(
      c.logs.filter((l) => /failed/i.test(l)),
      [],
    );
  });

  test('textDocument/rangeFormatting, foldingRange and selectionRange answer from the server', async () => {
    const uri = c.uri(AGENT);
    const text = 'name: Support   \nstatus: active   \nactions:\n    - type: end-call\n      name: bye\n';
    await c.open(uri, text);
    const range = await c.request<TextEdit[]>('textDocument/rangeFormatting', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } },
      options: { tabSize: 2, insertSpaces: true },
    });
    assert.deepEqual(range, [{ range: { start: { line: 0, character: 13 }, end: { line: 0, character: 16 } }, newText: '' }]);
    const folds = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.deepEqual(
      folds.map((f) => [f.startLine, f.endLine]),
      [
        [2, 4],
        [3, 4],
      ],
    );
    const [sel] = await c.request<SelectionRange[]>('textDocument/selectionRange', { textDocument: { uri }, positions: [{ line: 4, character: 8 }] });
    assert.deepEqual(sel.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 10 } });
    assert.deepEqual(sel.parent?.range, { start: { line: 4, character: 6 }, end: { line: 4, character: 15 } });
    await c.close(uri);
  });
});

describe('editor defaults and region folding', () => {
  test('package.json gives stellar-yaml files 2-space indentation that is not re-detected from the file', () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const d = pkg.contributes.configurationDefaults['[stellar-yaml]'];
    assert.equal(d['editor.tabSize'], 2);
    assert.equal(d['editor.insertSpaces'], true);
    assert.equal(d['editor.detectIndentation'], false);
    assert.equal(d['editor.quickSuggestions'].strings, true);
    assert.ok(pkg.contributes.languages.some((l: { id: string }) => l.id === 'stellar-yaml'));
  });

  test('# region ... # endregion folds as a region', () => {
    const index = new WorkspaceIndex('file:///ws');
    const uri = 'file:///ws/stellar.yaml';
    index.setFile(uri, '# region billing\nsecrets:\n  A: ""\n  B: ""\n# endregion\n');
    index.flush();
    assert.deepEqual(foldingRanges(index, uri), [
      { startLine: 0, endLine: 4, kind: 'region' },
      { startLine: 1, endLine: 3 },
    ]);
  });

  test('lines starting with # inside a block scalar or a quoted string are text, not comments', () => {
    const index = new WorkspaceIndex('file:///ws');
    const uri = 'file:///ws/agents/a.agent.yaml';
    index.setFile(uri, 'name: A\ndescription: |\n  # heading\n  # more\nstatus: "x\n  # y\n  # z"\n# real\n# comments\n');
    index.flush();
    assert.deepEqual(foldingRanges(index, uri), [
      { startLine: 1, endLine: 3 },
      { startLine: 4, endLine: 6 },
      { startLine: 7, endLine: 8, kind: 'comment' },
    ]);
  });
});
