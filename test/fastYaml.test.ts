// The fast YAML path against `yaml` itself: for every text, parseFastYaml either declines (undefined)
// or builds the same Document parseAllDocuments builds (node classes, ranges, scalar values, types and
// formats, toJS, line starts; comments are not compared: the fast path does not attach them).
// Corpus: every .yaml file of the repository, the benchmark workspace when generated, a small
// generated workspace, then random texts from a grammar of the subset with random mutations.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { LineCounter, parseAllDocuments, type Document } from 'yaml';
import { fastPlainValue, fastYamlBailReason, parseFastYaml } from '../server/src/service/fastYaml';
import { YAML_OPTIONS } from '../server/src/service/yamlFile';

const repo = path.resolve(__dirname, '..');
/** The options every Stellar file is parsed with (merge keys included). */
const OPTIONS = YAML_OPTIONS;
/** Node properties the fast path leaves unset on purpose. */
const NOT_COMPARED = new Set(['comment', 'commentBefore', 'spaceBefore']);

/** The first difference between two values, walking node trees by class and own properties. */
function difference(a: unknown, b: unknown, at: string): string | undefined {
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return Object.is(a, b) ? undefined : `${at}: ${describe1(a)} vs ${describe1(b)}`;
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return `${at}: ${a.constructor?.name} vs ${b.constructor?.name}`;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${at}: ${a.length} items vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const d = difference(a[i], b[i], `${at}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  const keysA = Object.keys(a)
    .filter((k) => !NOT_COMPARED.has(k))
    .sort();
  const keysB = Object.keys(b)
    .filter((k) => !NOT_COMPARED.has(k))
    .sort();
  if (keysA.join() !== keysB.join()) return `${at}: properties ${keysA.join(',')} vs ${keysB.join(',')}`;
  for (const k of keysA) {
    const d = difference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${at}.${k}`);
    if (d) return d;
  }
  return undefined;
}

const describe1 = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : typeof v === 'bigint' ? `${v}n` : String(v));

/** 'fast' when the fast path took the text and matched, 'bail' when it declined; throws on a mismatch. */
function check(text: string, label: string): 'fast' | 'bail' {
  const fastLines = new LineCounter();
  const fast = parseFastYaml(text, { ...OPTIONS, lineCounter: fastLines });
  if (!fast) {
    assert.equal(fastLines.lineStarts.length, 0, `${label}: a declined parse must leave the line counter alone`);
    fastYamlBailReason(text); // throws when the fast path failed rather than declined
    return 'bail';
  }
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { ...OPTIONS, lineCounter: lines });
  const fail = (why: string) => assert.fail(`${label}: ${why}\n--- text ---\n${text}\n------------`);
  if (!Array.isArray(docs) || docs.length !== 1) return fail(`yaml gives ${Array.isArray(docs) ? docs.length : 0} documents`);
  const doc = docs[0] as Document.Parsed;
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) return fail(`yaml reports ${problems.map((e) => `${e.code} ${e.message}`).join('; ')}`);
  const d =
    difference(fast.range, doc.range, 'doc.range') ??
    difference(fast.contents, doc.contents, 'contents') ??
    difference(fastLines.lineStarts, lines.lineStarts, 'lineStarts') ??
    difference(fast.errors.length + fast.warnings.length, 0, 'fast errors');
  if (d) return fail(d);
  if (!isDeepStrictEqual(fast.toJS(), doc.toJS())) return fail('toJS differs');
  if (!isDeepStrictEqual(fastPlainValue(fast), doc.toJS())) return fail('fastPlainValue differs from toJS');
  return 'fast';
}

function yamlFilesUnder(dir: string, out: string[] = []): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') yamlFilesUnder(full, out);
    } else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

function checkFiles(files: string[]): { fast: number; bail: string[] } {
  const bail: string[] = [];
  let fast = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    if (check(text, path.relative(repo, f)) === 'fast') fast++;
    else bail.push(`${path.relative(repo, f)}: ${fastYamlBailReason(text)}`);
  }
  return { fast, bail };
}

describe('fast YAML path: files', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-fast-yaml-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('examples: (nearly) all take the fast path and match yaml', () => {
    const files = yamlFilesUnder(path.join(repo, 'examples'));
    assert.ok(files.length > 20);
    const r = checkFiles(files);
    assert.ok(r.fast >= files.length * 0.9, `declined:\n${r.bail.join('\n')}`);
  });

  it('test fixtures (many broken on purpose): each one declined or matching yaml', () => {
    const files = yamlFilesUnder(path.join(repo, 'test'));
    assert.ok(files.length > 500);
    const r = checkFiles(files);
    assert.ok(r.fast > files.length * 0.9, `only ${r.fast} of ${files.length} took the fast path`);
  });

  it('a generated benchmark workspace (small seed): all take the fast path and match yaml', async () => {
    const { generate } = await import('../bench/generate.mjs' as string);
    const out = path.join(scratch, 'ws');
    generate({ files: 200, seed: 7, out });
    const files = yamlFilesUnder(out);
    assert.ok(files.length >= 200);
    assert.deepEqual(checkFiles(files).bail, []);
  });

  it('the benchmark workspace, when generated (bench/.work/ws-2000): all take the fast path and match yaml', (t) => {
    const files = yamlFilesUnder(path.join(repo, 'bench', '.work', 'ws-2000'));
    if (files.length === 0) return t.skip('not generated');
    assert.deepEqual(checkFiles(files).bail, []);
  });
});

describe('fast YAML path: cases', () => {
  const taken = (text: string) => assert.equal(check(text, JSON.stringify(text)), 'fast', `declined: ${fastYamlBailReason(text)}\n${text}`);
  const either = (text: string) => check(text, JSON.stringify(text));

  it('scalars resolve as the YAML 1.2 core schema does', () => {
    const values = [
      '',
      '~',
      'null',
      'Null',
      'NULL',
      'nUll',
      'true',
      'True',
      'TRUE',
      'tRUE',
      'false',
      'False',
      'yes',
      'no',
      'on',
      '0',
      '-0',
      '+0',
      '007',
      '-12',
      '+3',
      '0x1F',
      '0xfF',
      '0x',
      '0o17',
      '0o8',
      '0b101',
      '1_000',
      '12345678901234567890',
      '9007199254740993',
      '1.0',
      '1.50',
      '-1.25',
      '.5',
      '5.',
      '+.5',
      '1e3',
      '1E-2',
      '-2.5e+3',
      '1e',
      '.inf',
      '-.Inf',
      '+.INF',
      '.NaN',
      '.nan',
      '.NAN',
      'nan',
      'inf',
      '1.2.3',
      '2026-08-24',
      '10:30',
      'v1',
      '-x',
      'a b',
      'a#b',
      'a:b',
      'http://x.example/a?b=1#c',
      '$.results[0].id',
      'é',
      '日本',
      '😀',
    ];
    for (const v of values) taken(`a: ${v}\n`);
    for (const v of values.filter((x) => x && !x.includes(':'))) taken(`${v}: x\n`);
    for (const v of values.filter((x) => x && !/[:#[\]{},]/.test(x))) taken(`a: [${v}, x]\nb: { k: ${v} }\n`);
  });

  it('quoted scalars, keys and escapes', () => {
    for (const t of [
      'a: "x"',
      "a: 'x'",
      'a: ""',
      "a: ''",
      'a: "it\'s"',
      "a: 'it''s'",
      "a: ''''",
      'a: "a\\"b"',
      'a: "\\\\"',
      'a: "\\n\\t\\/\\ \\0\\e\\N\\_\\L\\P"',
      'a: "\\x41\\u00e9\\U0001F600"',
      'a: "a # b"',
      "a: 'a: b'",
      '"q k": 1',
      "'q k': 1",
      '"a" : 1',
      'a: "x"   # c',
    ])
      taken(`${t}\n`);
    for (const t of ['a: "\\q"', 'a: "\\x4"', 'a: "\\U00110000"', 'a: "x', "a: 'x", 'a: "x\n  y"', 'a: "x"y', 'a: "x"#c', '"a":b']) either(`${t}\n`);
  });

  it('block scalars', () => {
    for (const h of ['|', '|-', '|+', '>', '>-', '>+']) {
      for (const body of [
        '  one\n',
        '  one\n  two\n',
        '  one\n\n  two\n',
        '  one\n    more\n  two\n',
        '  one\n\n\n',
        '  one\n  \n    \n',
        '\n  one\n',
        '  one\n   \n',
        '  # not a comment\n  {{ x }}\n',
        '  a\n\n    b\n  c\n\n  d\n',
      ]) {
        taken(`k: ${h}\n${body}z: 1\n`);
        taken(`k: ${h}\n${body}`);
        taken(`k: ${h}\n${body.replace(/\n$/, '')}`);
        taken(`s:\n  - ${h}\n  ${body.replace(/\n(?=.)/g, '\n  ')}  - x\n`);
      }
    }
    for (const t of ['k: |2\n   x\n', 'k: | # c\n  x\n', 'k: |\nz: 1\n', 'k: |', 'k: |\n\n    \n  x\n', 'k: |x\n  y\n']) either(t);
  });

  it('collections, comments and blank lines', () => {
    for (const t of [
      'a: 1\nb:\n  c: 2\n  d:\n    - x\n    - y: 1\n      z: [1, 2]\n',
      '# head\n\n  # indented head\na: 1\n',
      'a:\n  b: 1\n# c\nd: 2\n',
      'a:\n  - x\n  # c\n  - y\n# end\n',
      'a: # c\n  b: 1\n',
      'a:\n  # c\n  b: 1\n',
      'a:\n\n  b: 1\n\n\n',
      'a:\nb:\n',
      'a:   \nb: 1\n',
      'a:\n  b:\n\n',
      'a: { }\nb: [ ]\nc: {}\nd: []\n',
      'a: [ x , "y" ,z ]\n',
      'a: { x: { y: z }, w: [1, [2]] }  # c\n',
      'a: 1\n',
      'a: 1',
      'a: x  ',
      '- a\n',
      'a:\n- x\n',
      'a:\n  - - x\n',
      'a:\n  -\n    b: 1\n',
      'a:\n  b: 1\n  # c\nd: 2\n',
      'a:\n  b: 1\n    # c\nd: 2\n',
      'a:\n# c\nb: 1\n',
      'a: # c\nb: 1\n',
      'a: 1\n---\nb: 2\n',
      '---\na: 1\n',
      'a: 1\n...\n',
      'a: &x 1\nb: *x\n',
      'a: !!str 1\n',
      '? a\n: b\n',
      'a: b: c\n',
      'a: 1\na: 2\n',
      'a: { x: 1, x: 2 }\n',
      '1: a\n0x1: b\n',
      'a: [x,]\n',
      'a: [x\n  , y]\n',
      'a: b\n  c\n',
      'a:\tb\n',
      'a: b\r\nc: d\r\n',
      '\ufeffa: b\n',
      '',
      '# only\n',
    ])
      either(t);
    taken(`a: ${'['.repeat(20)}x${']'.repeat(20)}\n`);
    either(`a: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    either(`a: ${'{ b: '.repeat(5000)}c${' }'.repeat(5000)}\n`);
    either(Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n'));
    either(Array.from({ length: 3000 }, (_, i) => `${' '.repeat(2 * i)}- k:`).join('\n'));
  });

  it('merge keys are declined (yaml merges them), extension fields and a quoted "<<" are taken', () => {
    const declined = (text: string) => {
      assert.equal(either(text), 'bail', `taken: ${JSON.stringify(text)}`);
      assert.equal(fastYamlBailReason(text), 'merge key', JSON.stringify(text));
    };
    for (const t of [
      '<<: { a: 1 }\nb: 2\n',
      'a:\n  <<: { b: 1 }\n  c: 2\n',
      'a:\n  - <<: { b: 1 }\n    c: 2\n',
      'a: { <<: { b: 1 }, c: 2 }\n',
      'a: [x, { <<: { b: 1 } }]\n',
      'a:\n  <<:\n    b: 1\n',
      'a:\n  <<  : { b: 1 }\n',
      'a:\n  <<: [{ b: 1 }, { c: 2 }]\n',
      'a:\n  <<: 1\n',
      'a:\n  <<:\n',
    ])
      declined(t);
    for (const t of [
      'x-defaults:\n  a: 1\nb: 2\n',
      'x-a: { b: 1 }\nx-b: [1, 2]\n',
      'a:\n  x-b: 1\n  c: [x-d]\n',
      'a:\n  - x-b: 1\n    c: 2\n',
      '"<<": 1\n',
      "'<<': 1\n",
      'a: <<\n',
      'a: [<<, x]\n',
      'a: { "<<": 1 }\n',
      'a:\n  - <<\n',
      'x-: 1\nX-a: 2\nx_a: 3\n',
      'a: << b\n',
      '<<a: 1\n',
    ])
      taken(t);
    // Anchors and aliases were declined before merge keys were read, and still are.
    for (const t of [
      'x-d: &d { a: 1 }\nm:\n  <<: *d\n  b: 2\n',
      'x-d: &d\n  a: 1\nm: { <<: *d }\n',
      'x-a: &a { a: 1 }\nx-b: &b { a: 2, b: 2 }\nm:\n  <<: [*a, *b]\n',
      'x-s: &s [1]\nm:\n  <<: *s\n',
      'm:\n  <<: *nope\n',
    ])
      either(t);
  });

  it('merge keys read as YAML 1.1 merges them: own keys win, earlier maps in a list win, nested merges', () => {
    const ours = (text: string) => parseAllDocuments(text, OPTIONS)[0]?.toJS({ maxAliasCount: 100 });
    const yaml11 = (text: string) => parseAllDocuments(text, { ...OPTIONS, customTags: undefined, merge: true })[0]?.toJS({ maxAliasCount: 100 });
    for (const t of [
      'x-d: &d { a: 1, b: 1 }\nm:\n  <<: *d\n  b: 2\n',
      'x-d: &d { a: 1, b: 1 }\nm:\n  b: 2\n  <<: *d\n',
      'x-a: &a { a: 1 }\nx-b: &b { a: 2, b: 2 }\nm:\n  <<: [*a, *b]\n',
      'x-a: &a { a: 1 }\nx-b: &b { <<: *a, b: 2 }\nm:\n  <<: *b\n  c: 3\n',
      'x-a: &a { a: 1 }\nx-b: &b { a: 2 }\nm:\n  <<: *a\n  "<<": *b\n',
      'x-l: &l [{ a: 1 }, { a: 2, b: 2 }]\nm:\n  <<: *l\n',
      'm:\n  <<: { a: 1, c: { d: 1 } }\n  a: 0\n',
    ])
      assert.deepEqual(ours(t), yaml11(t), JSON.stringify(t));
    // Where yaml's own merge throws (a source that is not a map), ours merges the maps and skips the rest.
    assert.deepEqual(ours('x-a: &a { a: 1 }\nm:\n  <<: [*a, 1]\n  b: 2\n'), { 'x-a': { a: 1 }, m: { a: 1, b: 2 } });
    assert.throws(() => yaml11('x-a: &a { a: 1 }\nm:\n  <<: [*a, 1]\n'), /Merge sources must be maps/);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Random texts: a grammar of the subset, rendered with random layout, then randomly mutated.

type Tree =
  | { kind: 'scalar'; text: string }
  | { kind: 'block'; header: string; body: string[] }
  | { kind: 'map'; entries: [string, Tree][] }
  | { kind: 'seq'; items: Tree[] };

const PLAINS = [
  '',
  'x',
  'name',
  'hello world',
  'true',
  'False',
  'null',
  '~',
  '0',
  '-3',
  '+7',
  '0x1A',
  '0o17',
  '1.50',
  '.5',
  '1e3',
  '.inf',
  '-.Inf',
  '.NaN',
  '12345678901234567890',
  'a#b',
  'a:b',
  'http://x.example/y',
  '$.a[0].b',
  'é',
  '-x',
  'a b c',
  '2026-01-01',
  'v1.2',
];
const QUOTED = ['"x"', '""', '"a\\"b"', '"\\u00e9\\n"', '"a # b"', '"a: b"', "'x'", "''", "'it''s'", "'a: b'", '"{{ .x }}"'];
const FLOWS = [
  '[a, b]',
  '[ ]',
  '{}',
  '{ secret: NAME }',
  '{ a: 1, b: "x" }',
  '[a, [b, c]]',
  '[a, { b: c }]',
  '[a b]',
  '[ "x" , y ]',
  '{ "k": v }',
  '[1, .5, null]',
  '{ a: [x, y], b: { c: d } }',
];
/** Outside the subset, or errors: kept rare so that most generated texts exercise the fast path. */
const ODD_VALUES = ['"\\q"', '[a,]', '{ a: }', '{ a }', '{ a: b, a: c }', '- x', '&a x', '*a', '!t x', '? x', '"a', 'a: b', '@x', '%x'];
const KEYS = [
  'a',
  'b',
  'c',
  'd',
  'name',
  'type',
  'link',
  'my key',
  '"quoted key"',
  "'single'",
  '1',
  'true',
  'null',
  'x-y',
  'a:b',
  'k#',
  '-dash',
  '<<',
  '__proto__',
  'baseUrl',
  'X-Api-Key',
  'e',
  'f',
  'g',
  'h',
];
const ODD_KEYS = ['? q', '&a k', '*a', '!t k', '[a]', '{a: b}', '"a', '- x', '%k'];
const HEADERS = ['|', '|-', '|+', '>', '>-', '>+'];
const ODD_HEADERS = ['|2', '| # c', '|x', '>1-'];
const BODY = ['text', 'more text', '', '  indented', '# not a comment', '{{ .x }}', 'a: b', '- item', '   '];

const keyArb = fc.oneof({ weight: 80, arbitrary: fc.constantFrom(...KEYS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_KEYS) });

const scalarArb: fc.Arbitrary<Tree> = fc
  .oneof(
    { weight: 24, arbitrary: fc.constantFrom(...PLAINS) },
    { weight: 9, arbitrary: fc.constantFrom(...QUOTED) },
    { weight: 9, arbitrary: fc.constantFrom(...FLOWS) },
    { weight: 1, arbitrary: fc.constantFrom(...ODD_VALUES) },
  )
  .map((text) => ({ kind: 'scalar' as const, text }));

/** Map entries, keys mostly unique (duplicates are declined). */
const entriesArb = (value: fc.Arbitrary<Tree>, maxLength: number) =>
  fc.oneof(
    { weight: 15, arbitrary: fc.uniqueArray(fc.tuple(keyArb, value), { minLength: 1, maxLength, selector: ([k]) => k }) },
    { weight: 1, arbitrary: fc.array(fc.tuple(keyArb, value), { minLength: 1, maxLength }) },
  );

const { tree } = fc.letrec<{ tree: Tree; item: Tree; map: Tree; seq: Tree; block: Tree }>((tie) => ({
  tree: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'tree' },
    { weight: 6, arbitrary: scalarArb },
    { weight: 1, arbitrary: tie('block') },
    { weight: 2, arbitrary: tie('map') },
    { weight: 2, arbitrary: tie('seq') },
  ),
  block: fc.record({
    kind: fc.constant('block' as const),
    header: fc.oneof({ weight: 20, arbitrary: fc.constantFrom(...HEADERS) }, { weight: 1, arbitrary: fc.constantFrom(...ODD_HEADERS) }),
    body: fc.tuple(fc.constantFrom('text', 'a: b', '{{ .x }}'), fc.array(fc.constantFrom(...BODY), { maxLength: 4 })).map(([first, rest]) => [first, ...rest]),
  }),
  map: fc.record({ kind: fc.constant('map' as const), entries: entriesArb(tie('tree'), 4) }),
  // A sequence directly in a sequence (`- - x`) is declined: not generated.
  item: fc.oneof(
    { maxDepth: 4, depthIdentifier: 'tree' },
    { weight: 6, arbitrary: scalarArb },
    { weight: 1, arbitrary: tie('block') },
    { weight: 3, arbitrary: tie('map') },
  ),
  seq: fc.record({ kind: fc.constant('seq' as const), items: fc.array(tie('item'), { minLength: 1, maxLength: 4 }) }),
}));

const rootArb = entriesArb(tree, 5).map((entries): Tree => ({ kind: 'map', entries }));

/** Draws layout choices from a list of numbers, cycling. */
class Choices {
  private i = 0;
  constructor(private readonly list: number[]) {}
  next(n: number): number {
    return this.list.length === 0 ? 0 : this.list[this.i++ % this.list.length] % n;
  }
  chance(per10: number): boolean {
    return this.next(10) < per10;
  }
}

const COMMENTS = ['# c', '#', '# a: b', '# - x'];

/** Lines between entries: sometimes blank lines, sometimes a comment (usually at the entry's indentation). */
function between(indent: number, c: Choices): string {
  let out = '';
  if (c.chance(2)) out += c.chance(5) ? '\n' : `${' '.repeat(c.next(6))}\n`;
  if (c.chance(2)) out += `${' '.repeat(c.next(10) < 9 ? indent : c.next(6))}${COMMENTS[c.next(COMMENTS.length)]}\n`;
  return out;
}

/** The end of a line holding a value: maybe trailing spaces, maybe a comment. */
function lineTail(c: Choices): string {
  const r = c.next(10);
  return r < 6 ? '' : r < 8 ? ' '.repeat(1 + c.next(3)) : `${' '.repeat(1 + c.next(2))}${COMMENTS[c.next(COMMENTS.length)]}`;
}

function renderBlockBody(t: Extract<Tree, { kind: 'block' }>, indent: number): string {
  return t.body.map((l) => (l.trim() === '' ? l : ' '.repeat(indent) + l)).join('\n') + '\n';
}

/** `value` after `key:` or `- `; `indent` is where nested lines of this value start. */
function renderValue(t: Tree, indent: number, parentIndent: number, c: Choices): string {
  switch (t.kind) {
    case 'scalar':
      return t.text === '' && c.chance(5) ? '\n' : ` ${t.text}${lineTail(c)}\n`;
    case 'block':
      return ` ${t.header}\n${renderBlockBody(t, indent)}`;
    case 'map':
      return `${c.chance(1) ? ' # c' : ''}\n${between(indent, c)}${renderMap(t, indent, c)}`;
    case 'seq': {
      const at = c.next(20) === 0 ? parentIndent : indent;
      return `${c.chance(1) ? ' # c' : ''}\n${between(at, c)}${renderSeq(t, at, c)}`;
    }
  }
}

function renderMap(t: Extract<Tree, { kind: 'map' }>, indent: number, c: Choices, inline = false): string {
  let out = '';
  const step = 1 + c.next(4);
  t.entries.forEach(([key, value], i) => {
    if (i > 0) out += between(indent, c);
    out += `${inline && i === 0 ? '' : ' '.repeat(indent)}${key}${c.chance(1) ? ' ' : ''}:`;
    out += renderValue(value, indent + step, indent, c);
  });
  return out;
}

function renderSeq(t: Extract<Tree, { kind: 'seq' }>, indent: number, c: Choices): string {
  let out = '';
  t.items.forEach((item, i) => {
    if (i > 0) out += between(indent, c);
    const gap = 1 + (c.chance(8) ? 0 : c.next(3));
    out += `${' '.repeat(indent)}-`;
    if (item.kind === 'map') out += `${' '.repeat(gap)}${renderMap(item, indent + 1 + gap, c, true)}`;
    else if (item.kind === 'seq') out += `${' '.repeat(gap)}${renderSeq(item, indent + 1 + gap, c).trimStart()}`;
    else out += `${' '.repeat(gap - 1)}${renderValue(item, indent + 2, indent, c)}`;
  });
  return out;
}

const MUTATION_TEXTS = [
  ' ',
  '  ',
  '\n',
  '\n\n',
  '#',
  ' #',
  ' # c',
  ':',
  ': ',
  '- ',
  '-',
  '"',
  "'",
  '\t',
  '[',
  ']',
  '{',
  '}',
  ',',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '!t ',
  '|',
  '>',
  '\r',
  '\ufeff',
  'x',
  'a: b\n',
  '? ',
  '%',
  '@',
  '\\',
  'é',
];

type Mutation = { at: number; kind: 'insert' | 'delete' | 'indent' | 'dedent' | 'dupLine' | 'dropLine'; text: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  kind: fc.constantFrom('insert', 'delete', 'indent', 'dedent', 'dupLine', 'dropLine'),
  text: fc.constantFrom(...MUTATION_TEXTS),
});

function mutate(text: string, m: Mutation): string {
  const pos = Math.min(text.length, Math.floor(m.at * (text.length + 1)));
  const lineStart = text.lastIndexOf('\n', pos - 1) + 1;
  const nl = text.indexOf('\n', pos);
  const lineEnd = nl < 0 ? text.length : nl + 1;
  switch (m.kind) {
    case 'insert':
      return text.slice(0, pos) + m.text + text.slice(pos);
    case 'delete':
      return text.slice(0, pos) + text.slice(pos + 1 + (m.text.length % 3));
    case 'indent':
      return `${text.slice(0, lineStart)}${' '.repeat(1 + (m.text.length % 2))}${text.slice(lineStart)}`;
    case 'dedent':
      return text.slice(0, lineStart) + text.slice(lineStart).replace(/^ {1,2}/, '');
    case 'dupLine':
      return text.slice(0, lineEnd) + text.slice(lineStart, lineEnd) + text.slice(lineEnd);
    case 'dropLine':
      return text.slice(0, lineStart) + text.slice(lineEnd);
  }
}

/** Cases per property; FAST_YAML_RUNS=100000 for a longer hunt. */
const RUNS = Number(process.env.FAST_YAML_RUNS ?? 4000);
describe('fast YAML path: random texts', () => {
  it('generated from the grammar, with and without mutations: declined or matching yaml', () => {
    const seen = { fast: 0, bail: 0, fastMutated: 0 };
    fc.assert(
      fc.property(
        rootArb,
        fc.array(fc.nat(), { minLength: 1, maxLength: 40 }),
        fc.array(mutationArb, { maxLength: 3 }),
        fc.boolean(),
        (root, layout, mutations, noFinalNewline) => {
          const choices = new Choices(layout);
          // Blank and comment lines may also come before the document and after its last line.
          let text = between(choices.next(3), choices) + renderMap(root as Extract<Tree, { kind: 'map' }>, 0, choices) + between(choices.next(3), choices);
          if (noFinalNewline) text = text.replace(/\n$/, '');
          const r0 = check(text, 'generated');
          seen[r0]++;
          for (const m of mutations) {
            text = mutate(text, m);
            const r = check(text, 'mutated');
            seen[r]++;
            if (r === 'fast') seen.fastMutated++;
          }
        },
      ),
      { numRuns: RUNS },
    );
    // The grammar must exercise the fast path, not only its bail-outs.
    assert.ok(seen.fast > (seen.fast + seen.bail) * 0.25, `fast path taken ${seen.fast} times, declined ${seen.bail}`);
    assert.ok(seen.fastMutated > 500, `only ${seen.fastMutated} mutated texts took the fast path`);
  });

  it('strings of YAML punctuation: declined or matching yaml', () => {
    const piece = fc.constantFrom(
      'a',
      'b',
      '1',
      ' ',
      '  ',
      '\n',
      '\n  ',
      ': ',
      ':',
      '- ',
      '-',
      '#',
      ' #',
      '"',
      "'",
      '[',
      ']',
      '{',
      '}',
      ', ',
      '|',
      '>',
      '.',
      '~',
      '\\',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        check(`a:${pieces.join('')}`, 'punctuation');
      }),
      { numRuns: RUNS },
    );
  });
});
