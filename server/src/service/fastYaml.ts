import { MERGE_TAG } from './yamlMerge';
import {
  Document,
  isMap,
  isScalar,
  isSeq,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
  type DocumentOptions,
  type LineCounter,
  type ParseOptions,
  type Schema,
  type SchemaOptions,
} from 'yaml';

// The classes, read once: a bundler's interop getters on `yaml`'s exports would otherwise run for every node.
const NewScalar = Scalar;
const NewPair = Pair;
const NewMap = YAMLMap;
const NewSeq = YAMLSeq;

/**
 * A single-pass parser for the plain block YAML that Stellar files are written in. It builds what
 * `parseAllDocuments` builds for such a text (one `Document` of real `yaml` nodes with the same
 * ranges, values, scalar types and formats, and the same line starts) at a fraction of the cost, and
 * returns undefined, without touching `lineCounter`, on anything it is not certain about: the caller
 * then parses with `yaml`. Comments and blank lines are skipped, not attached to nodes (`comment`,
 * `commentBefore` and `spaceBefore` stay unset): nothing in the service reads them.
 *
 * The subset: one document whose root is a block map at column 0; block maps and sequences (with
 * `- key: value` compact maps); plain keys and single-line quoted keys; plain, single-line quoted and
 * `|`/`>` block scalar values (chomping `-`/`+`, no indentation indicator); flow collections on one
 * line (`[a, "b"]`, `{ secret: NAME }`, nested); trailing comments, and full-line comments where they
 * cannot change a range (see `gap`). Everything else bails, among them: tabs, CR, BOM and control
 * characters, `---`/`...` and directives, anchors, aliases, merge keys (`<<`) and tags, `?` keys, multi-line plain or
 * quoted scalars, multi-line flow collections, empty flow or sequence items, a sequence at its key's
 * indentation, duplicate keys, deep nesting, and every place where `yaml` reports an error or warning.
 */
export function parseFastYaml(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions & { lineCounter: LineCounter },
): Document.Parsed | undefined {
  try {
    const parser = new FastParser(text, options);
    const doc = parser.document();
    const counter = options.lineCounter;
    if (counter.lineStarts.length === 0) counter.lineStarts = parser.lineStarts;
    else for (const start of parser.lineStarts) counter.addNewLine(start);
    return doc;
  } catch {
    // A bail-out, or a bug here: either way `yaml` reads the text (fastYamlBailReason shows which).
    return undefined;
  }
}

/**
 * `doc.toJS()` of a document the fast path built, without yaml's generic machinery (anchors, merge keys, collection
 * keys: none of which the fast path accepts). The differential test holds it equal to `toJS()`.
 */
export function fastPlainValue(doc: Document.Parsed): unknown {
  return plain(doc.contents);
}

function plain(node: unknown): unknown {
  if (isScalar(node)) return typeof node.value === 'bigint' ? Number(node.value) : node.value;
  if (isSeq(node)) return node.items.map(plain);
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const { key, value } of node.items) {
      const k = plain(key);
      if (typeof k === 'object' && k !== null) throw new Error('a collection as key: not a fast-path document');
      const name = k === null ? '' : String(k);
      const v = plain(value);
      // As yaml does: a key that names an inherited property (`__proto__`, `toString`) becomes an own property.
      if (name in out) Object.defineProperty(out, name, { value: v, writable: true, enumerable: true, configurable: true });
      else out[name] = v;
    }
    return out;
  }
  return node ?? null;
}

/** Why the fast path declines a text (undefined when it takes it), for tests and measurements; throws what is not a bail-out. */
export function fastYamlBailReason(text: string): string | undefined {
  try {
    new FastParser(text, {}).document();
    return undefined;
  } catch (err) {
    if (err instanceof Bail) return err.reason;
    throw err;
  }
}

/** A plain `<<` key is a merge key (yamlMerge.ts): merges are left to `yaml`. */
function mergeKey(key: Scalar.Parsed): void {
  if (key.source === '<<') bail('merge key');
}

class Bail {
  constructor(readonly reason: string) {}
}

function bail(reason: string): never {
  throw new Bail(reason);
}

/** Collections nested deeper than this are left to `yaml`: no Stellar file comes near it. */
const MAX_DEPTH = 64;

// Character codes.
const SPACE = 32,
  HASH = 35,
  DQUOTE = 34,
  SQUOTE = 39,
  COLON = 58,
  DASH = 45,
  COMMA = 44,
  BACKSLASH = 92;
const LBRACKET = 91,
  RBRACKET = 93,
  LBRACE = 123,
  RBRACE = 125,
  PIPE = 124,
  GT = 62,
  DOT = 46;

/** Characters the fast path never reads past: tabs, CR, controls, BOM, NEL and the Unicode line breaks. */
const UNSUPPORTED_CHARS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff]/;

/** Characters that cannot start a plain scalar here (they are indicators, or `yaml` reports them). */
function isIndicator(c: number): boolean {
  switch (c) {
    case DASH:
    case 63 /* ? */:
    case COLON:
    case COMMA:
    case LBRACKET:
    case RBRACKET:
    case LBRACE:
    case RBRACE:
    case HASH:
    case 38 /* & */:
    case 42 /* * */:
    case 33 /* ! */:
    case PIPE:
    case GT:
    case SQUOTE:
    case DQUOTE:
    case 37 /* % */:
    case 64 /* @ */:
    case 96 /* ` */:
      return true;
    default:
      return false;
  }
}

const isFlowIndicator = (c: number) => c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE;

/** First characters of the plain scalars the YAML 1.2 core schema can read as something other than a string. */
function mayResolve(c: number): boolean {
  return (
    (c >= 48 && c <= 57) ||
    c === 126 /* ~ */ ||
    c === 43 /* + */ ||
    c === DASH ||
    c === DOT ||
    c === 110 ||
    c === 78 ||
    c === 116 ||
    c === 84 ||
    c === 102 ||
    c === 70
  ); // n N t T f F
}

/** Double-quoted escapes, as `yaml` resolves them. */
const ESCAPES: Record<string, string> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
};

interface ScalarTag {
  default?: boolean | 'key';
  format?: string;
  test?: RegExp;
  resolve: (value: string, onError: (msg: string) => void, options: object) => unknown;
}

class FastParser {
  readonly lineStarts: number[] = [0];
  private readonly n: number;
  private readonly doc: Document.Parsed;
  private readonly schema: Schema;
  private readonly tags: ScalarTag[];
  /** The next content line after the value just parsed (`lineStarts.length` at the end), and its indentation. */
  private next = 0;
  private nextIndent = 0;
  /** Whether the value parsed last was an empty (null) scalar. */
  private lastNull = false;
  /** Set by the quoted-scalar scanners: the unescaped value. */
  private quoted = '';
  /** Collections open around the current position. */
  private depth = 0;

  constructor(
    private readonly s: string,
    options: object,
  ) {
    if (UNSUPPORTED_CHARS.test(s)) bail('unsupported character');
    this.n = s.length;
    for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
    this.doc = new Document(undefined, options) as unknown as Document.Parsed;
    this.schema = this.doc.schema;
    // Options that change what `yaml` builds or reports are left to it.
    const o = this.doc.options;
    if (this.schema.name !== 'core' || this.schema.compat || o.uniqueKeys !== true || o.stringKeys || o.keepSourceTokens) bail('options');
    const tags = this.schema.tags as unknown as ScalarTag[];
    // The one key-only tag accepted is the merge key's: a plain `<<` key bails (see `mergeKey`).
    if (tags.some((t) => t.default === 'key' && t !== (MERGE_TAG as unknown))) bail('schema');
    this.tags = tags.filter((t) => t.default === true && t.test);
  }

  document(): Document.Parsed {
    const lines = this.lineStarts.length;
    let li = 0;
    // Blank and comment lines before the document belong to the stream, whatever their indentation.
    for (; li < lines; li++) {
      const p = this.skipSpaces(this.lineStarts[li], this.lineEnd(li));
      if (p < this.lineEnd(li) && this.s.charCodeAt(p) !== HASH) break;
    }
    if (li === lines) bail('no content');
    if (this.indentOf(li) !== 0) bail('indented root');
    this.checkMarker(li);
    const root = this.blockMap(li, this.lineStarts[li]);
    if (this.next !== lines) bail('content after the root map');
    const doc = this.doc;
    doc.contents = root;
    const end = root.range[2];
    // A trailing empty value keeps the blank lines after it; otherwise they go to the document's end.
    doc.range = [this.lineStarts[li], end, this.lastNull ? end : this.n];
    return doc;
  }

  // ---------------------------------------------------------------------------------------------
  // Lines

  private lineEnd(li: number): number {
    return li + 1 < this.lineStarts.length ? this.lineStarts[li + 1] - 1 : this.n;
  }

  /** End of a line including its newline: where the value on it ends with its trailing comment. */
  private lineEndIncl(li: number): number {
    return li + 1 < this.lineStarts.length ? this.lineStarts[li + 1] : this.n;
  }

  private skipSpaces(p: number, end: number): number {
    while (p < end && this.s.charCodeAt(p) === SPACE) p++;
    return p;
  }

  private indentOf(li: number): number {
    const start = this.lineStarts[li];
    return this.skipSpaces(start, this.lineEnd(li)) - start;
  }

  private checkMarker(li: number): void {
    const p = this.lineStarts[li];
    const head = this.s.slice(p, p + 3);
    if ((head === '---' || head === '...') && (p + 3 >= this.lineEnd(li) || this.s.charCodeAt(p + 3) === SPACE)) bail('document marker');
  }

  /**
   * Skips the blank and comment lines from line `from` to the next content line (sets `next` and
   * `nextIndent`). A full-line comment is accepted only at the indentation of that next line (at
   * column 0 before the end): there `yaml` attaches it to what follows, elsewhere it can extend the
   * range of the value or collection before it. After an empty value, no comment at all.
   */
  private gap(from: number, afterNull: boolean): void {
    const lines = this.lineStarts.length;
    let commentIndent = -1;
    let li = from;
    let indent = 0;
    for (; li < lines; li++) {
      const start = this.lineStarts[li];
      const end = this.lineEnd(li);
      const p = this.skipSpaces(start, end);
      if (p === end) continue;
      if (this.s.charCodeAt(p) === HASH) {
        if (afterNull) bail('comment after an empty value');
        if (commentIndent === -1) commentIndent = p - start;
        else if (commentIndent !== p - start) bail('comments at different indentations');
        continue;
      }
      indent = p - start;
      if (indent === 0) this.checkMarker(li);
      break;
    }
    if (commentIndent !== -1 && commentIndent !== indent) bail('comment not at the indentation of the next line');
    this.next = li;
    this.nextIndent = indent;
  }

  private isSeqItem(li: number, indent: number): boolean {
    const p = this.lineStarts[li] + indent;
    if (this.s.charCodeAt(p) !== DASH) return false;
    return p + 1 >= this.lineEnd(li) || this.s.charCodeAt(p + 1) === SPACE;
  }

  // ---------------------------------------------------------------------------------------------
  // Block collections

  /** Deep nesting is left to `yaml`, which reports what it cannot read instead of overflowing the stack. */
  private enter(): void {
    if (++this.depth > MAX_DEPTH) bail('nesting too deep');
  }

  /** A block map whose first key starts at `keyPos` on line `li`; its other keys are at the same column. */
  private blockMap(li: number, keyPos: number): YAMLMap.Parsed {
    this.enter();
    const map = new NewMap(this.schema) as YAMLMap.Parsed;
    const col = keyPos - this.lineStarts[li];
    const lines = this.lineStarts.length;
    let pos = keyPos;
    const keys = new Set<unknown>(); // a map may have 50,000 keys: no scan of the earlier ones per key
    for (;;) {
      const end = this.lineEnd(li);
      const key = this.key(pos, end);
      if (keys.has(key.value)) bail('duplicate key');
      keys.add(key.value);
      const value = this.mapValue(li, this.colon, col);
      map.items.push(new NewPair(key, value) as Pair<Scalar.Parsed, never>);
      if (this.next === lines || this.nextIndent < col) break;
      if (this.nextIndent > col) bail('unexpected indentation');
      li = this.next;
      if (this.isSeqItem(li, col)) bail('sequence at map indentation');
      pos = this.lineStarts[li] + col;
    }
    const last = (map.items[map.items.length - 1].value as { range: [number, number, number] }).range[2];
    map.range = [keyPos, last, last];
    this.depth--;
    return map;
  }

  /** A block sequence whose dashes are at column `col`, starting on line `li`. */
  private blockSeq(li: number, col: number): YAMLSeq.Parsed {
    this.enter();
    const seq = new NewSeq(this.schema) as YAMLSeq.Parsed;
    const lines = this.lineStarts.length;
    const start = this.lineStarts[li] + col;
    for (;;) {
      const end = this.lineEnd(li);
      const dash = this.lineStarts[li] + col;
      const p = this.skipSpaces(dash + 1, end);
      if (p === end || p === dash + 1) bail('empty sequence item');
      const c = this.s.charCodeAt(p);
      if (c === HASH) bail('empty sequence item');
      if (c === DASH && (p + 1 === end || this.s.charCodeAt(p + 1) === SPACE)) bail('nested sequence on one line');
      const item = this.startsKey(p, end) ? this.blockMap(li, p) : this.inlineValue(li, p, col);
      seq.items.push(item);
      if (this.next === lines || this.nextIndent < col) break;
      if (this.nextIndent > col) bail('unexpected indentation');
      li = this.next;
      if (!this.isSeqItem(li, col)) bail('map at sequence indentation');
    }
    const last = (seq.items[seq.items.length - 1] as { range: [number, number, number] }).range[2];
    seq.range = [start, last, last];
    this.depth--;
    return seq;
  }

  /** Offset of the `:` after the key parsed last. */
  private colon = 0;

  /** A block map key at `p`: a plain or quoted scalar on one line, followed by `: ` or `:` at the end of the line. */
  private key(p: number, end: number): Scalar.Parsed {
    const s = this.s;
    const c = s.charCodeAt(p);
    let node: Scalar.Parsed;
    let colon: number;
    if (c === DQUOTE || c === SQUOTE) {
      const qEnd = c === DQUOTE ? this.scanDouble(p, end) : this.scanSingle(p, end);
      node = this.quotedScalar(this.quoted, c, p, qEnd, qEnd);
      colon = this.skipSpaces(qEnd, end);
      if (s.charCodeAt(colon) !== COLON || (colon + 1 < end && s.charCodeAt(colon + 1) !== SPACE)) bail('quoted key without a colon');
    } else {
      if (!this.startsPlain(p, end)) bail('key starts with an indicator');
      colon = this.findColon(p, end);
      if (colon < 0) bail('not a key');
      let e = colon;
      while (s.charCodeAt(e - 1) === SPACE) e--;
      node = this.plainScalar(p, e, e);
      mergeKey(node);
    }
    if (colon - p > 1000) bail('long key');
    this.colon = colon;
    return node;
  }

  /** Whether a plain scalar may start at `p` in block context: not at an indicator, except `-` before a non-space (`-5`). */
  private startsPlain(p: number, end: number): boolean {
    const c = this.s.charCodeAt(p);
    return !isIndicator(c) || (c === DASH && p + 1 < end && this.s.charCodeAt(p + 1) !== SPACE);
  }

  /** Offset of the first `: ` (or `:` at the end) in a plain scalar from `p`, or -1 when a comment or the end comes first. */
  private findColon(p: number, end: number): number {
    const s = this.s;
    for (let i = p; i < end; i++) {
      const c = s.charCodeAt(i);
      if (c === COLON) {
        if (i + 1 === end || s.charCodeAt(i + 1) === SPACE) return i;
      } else if (c === HASH && s.charCodeAt(i - 1) === SPACE) {
        return -1;
      }
    }
    return -1;
  }

  /** Whether the text at `p` is a map key (so a sequence item there starts a compact map). */
  private startsKey(p: number, end: number): boolean {
    const c = this.s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const qEnd = c === DQUOTE ? this.scanDouble(p, end) : this.scanSingle(p, end);
      return this.s.charCodeAt(this.skipSpaces(qEnd, end)) === COLON;
    }
    return this.startsPlain(p, end) && this.findColon(p, end) >= 0;
  }

  // ---------------------------------------------------------------------------------------------
  // Values

  /** The value after the `:` at `colon` of a key in the map at column `col`. */
  private mapValue(li: number, colon: number, col: number): Scalar.Parsed | YAMLMap.Parsed | YAMLSeq.Parsed {
    const end = this.lineEnd(li);
    const p = this.skipSpaces(colon + 1, end);
    if (p < end && this.s.charCodeAt(p) !== HASH) return this.inlineValue(li, p, col);
    // Nothing (or a comment) after the colon: a nested block on the next lines, or an empty value.
    this.gap(li + 1, false);
    const lines = this.lineStarts.length;
    if (this.next < lines && this.nextIndent > col) {
      const next = this.next;
      return this.isSeqItem(next, this.nextIndent) ? this.blockSeq(next, this.nextIndent) : this.blockMap(next, this.lineStarts[next] + this.nextIndent);
    }
    if (p < end) bail('comment after an empty value');
    this.gap(li + 1, true);
    this.lastNull = true;
    return this.plainScalar(p, p, p);
  }

  /** A value that starts at `p` on line `li`, inside a collection at column `col`, and ends on that line (or is a block scalar). */
  private inlineValue(li: number, p: number, col: number): Scalar.Parsed | YAMLMap.Parsed | YAMLSeq.Parsed {
    const s = this.s;
    const end = this.lineEnd(li);
    const c = s.charCodeAt(p);
    let node: Scalar.Parsed | YAMLMap.Parsed | YAMLSeq.Parsed;
    let valueEnd: number;
    if (c === PIPE || c === GT) return this.blockScalar(li, p, col);
    if (c === DQUOTE || c === SQUOTE) {
      valueEnd = c === DQUOTE ? this.scanDouble(p, end) : this.scanSingle(p, end);
      node = this.quotedScalar(this.quoted, c, p, valueEnd, valueEnd);
    } else if (c === LBRACKET || c === LBRACE) {
      node = c === LBRACKET ? this.flowSeq(p, end) : this.flowMap(p, end);
      valueEnd = node.range[1];
    } else {
      if (!this.startsPlain(p, end)) bail('value starts with an indicator');
      valueEnd = p;
      for (let i = p; i < end; i++) {
        const ch = s.charCodeAt(i);
        if (ch === SPACE) continue;
        if (ch === COLON && (i + 1 === end || s.charCodeAt(i + 1) === SPACE)) bail('colon in a plain value');
        if (ch === HASH && s.charCodeAt(i - 1) === SPACE) break;
        valueEnd = i + 1;
      }
      node = this.plainScalar(p, valueEnd, valueEnd);
    }
    // Only spaces and a comment may follow on the line; the value's range runs to the end of the line.
    const rest = this.skipSpaces(valueEnd, end);
    if (rest < end && (s.charCodeAt(rest) !== HASH || rest === valueEnd)) bail('text after a value');
    node.range[2] = this.lineEndIncl(li);
    this.lastNull = false;
    this.gap(li + 1, false);
    return node;
  }

  private plainScalar(start: number, end: number, rangeEnd: number): Scalar.Parsed {
    const value = this.s.slice(start, end);
    let node: Scalar.Parsed;
    let format: string | undefined;
    let tag: ScalarTag | undefined;
    if (value.length === 0 || mayResolve(value.charCodeAt(0))) {
      for (const t of this.tags)
        if (t.test!.test(value)) {
          tag = t;
          break;
        }
    }
    if (tag) {
      const res = tag.resolve(value, () => bail('tag resolve'), this.doc.options);
      node = (res instanceof NewScalar ? res : new NewScalar(res)) as Scalar.Parsed;
      format = tag.format;
    } else {
      node = new NewScalar(value) as Scalar.Parsed;
    }
    node.range = [start, end, rangeEnd];
    node.source = value;
    node.type = 'PLAIN';
    if (format) node.format = format;
    return node;
  }

  private quotedScalar(value: string, quote: number, start: number, end: number, rangeEnd: number): Scalar.Parsed {
    const node = new NewScalar(value) as Scalar.Parsed;
    node.range = [start, end, rangeEnd];
    node.source = value;
    node.type = quote === DQUOTE ? 'QUOTE_DOUBLE' : 'QUOTE_SINGLE';
    return node;
  }

  /** A double-quoted scalar at `p` closed on the same line: returns the offset after the closing quote. */
  private scanDouble(p: number, end: number): number {
    const s = this.s;
    let value = '';
    let chunk = p + 1;
    for (let i = p + 1; i < end;) {
      const c = s.charCodeAt(i);
      if (c === DQUOTE) {
        this.quoted = value + s.slice(chunk, i);
        return i + 1;
      }
      if (c !== BACKSLASH) {
        i++;
        continue;
      }
      value += s.slice(chunk, i);
      if (i + 1 >= end) bail('escaped line break');
      const e = s[i + 1];
      const simple = ESCAPES[e];
      if (simple !== undefined) {
        value += simple;
        i += 2;
      } else if (e === 'x' || e === 'u' || e === 'U') {
        const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
        const hex = s.slice(i + 2, i + 2 + len);
        if (hex.length !== len || i + 2 + len > end || !/^[0-9a-fA-F]+$/.test(hex)) bail('bad escape');
        const code = parseInt(hex, 16);
        if (code > 0x10ffff) bail('bad escape');
        value += String.fromCodePoint(code);
        i += 2 + len;
      } else {
        bail('bad escape');
      }
      chunk = i;
    }
    return bail('multi-line double-quoted scalar');
  }

  /** A single-quoted scalar at `p` closed on the same line: returns the offset after the closing quote. */
  private scanSingle(p: number, end: number): number {
    const s = this.s;
    let value = '';
    let chunk = p + 1;
    for (let i = p + 1; i < end; i++) {
      if (s.charCodeAt(i) !== SQUOTE) continue;
      if (i + 1 < end && s.charCodeAt(i + 1) === SQUOTE) {
        value += s.slice(chunk, i + 1);
        chunk = ++i + 1;
        continue;
      }
      this.quoted = value + s.slice(chunk, i);
      return i + 1;
    }
    return bail('multi-line single-quoted scalar');
  }

  // ---------------------------------------------------------------------------------------------
  // Flow collections (on one line)

  private flowSeq(p: number, end: number): YAMLSeq.Parsed {
    const seq = new NewSeq(this.schema) as YAMLSeq.Parsed;
    seq.flow = true;
    const close = this.flowItems(p, end, RBRACKET, 'sequence', (i) => {
      const item = this.flowNode(i, end);
      seq.items.push(item);
      return item;
    });
    seq.range = [p, close, close];
    return seq;
  }

  private flowMap(p: number, end: number): YAMLMap.Parsed {
    const map = new NewMap(this.schema) as YAMLMap.Parsed;
    map.flow = true;
    const keys = new Set<unknown>();
    const close = this.flowItems(p, end, RBRACE, 'map', (i) => {
      const key = this.flowScalar(i, end, true);
      if (key.type === 'PLAIN') mergeKey(key);
      const colon = this.skipSpaces(key.range[1], end);
      if (this.s.charCodeAt(colon) !== COLON || this.s.charCodeAt(colon + 1) !== SPACE) bail('flow map syntax');
      const value = this.flowNode(this.skipSpaces(colon + 1, end), end);
      if (keys.has(key.value)) bail('duplicate key');
      keys.add(key.value);
      map.items.push(new NewPair(key, value) as Pair<Scalar.Parsed, never>);
      return value;
    });
    map.range = [p, close, close];
    return map;
  }

  /**
   * The items of a one-line flow collection opened at `p`: `item` reads one at its start and returns the node that
   * ends it. Returns the offset after the closer.
   */
  private flowItems(p: number, end: number, closer: number, what: string, item: (start: number) => { range: [number, number, number] }): number {
    this.enter();
    let i = this.skipSpaces(p + 1, end);
    if (this.s.charCodeAt(i) !== closer) {
      for (;;) {
        const last = item(i);
        // An item's range takes the spaces before the next `,` or the closer.
        const after = this.skipSpaces(last.range[1], end);
        last.range[2] = after;
        const c = this.s.charCodeAt(after);
        if (c === closer) {
          i = after;
          break;
        }
        if (c !== COMMA) bail(`flow ${what} syntax`);
        i = this.skipSpaces(after + 1, end);
        if (this.s.charCodeAt(i) === closer) bail('trailing comma');
      }
    }
    if (i >= end) bail(`unclosed flow ${what}`);
    this.depth--;
    return i + 1;
  }

  /** An item or a map value inside a flow collection. */
  private flowNode(p: number, end: number): Scalar.Parsed | YAMLMap.Parsed | YAMLSeq.Parsed {
    const c = this.s.charCodeAt(p);
    if (c === LBRACKET) return this.flowSeq(p, end);
    if (c === LBRACE) return this.flowMap(p, end);
    return this.flowScalar(p, end, false);
  }

  /** A scalar inside a flow collection; a plain key ends before `: `. */
  private flowScalar(p: number, end: number, isKey: boolean): Scalar.Parsed {
    const s = this.s;
    if (p >= end) bail('unclosed flow collection');
    const c = s.charCodeAt(p);
    if (c === DQUOTE || c === SQUOTE) {
      const qEnd = c === DQUOTE ? this.scanDouble(p, end) : this.scanSingle(p, end);
      return this.quotedScalar(this.quoted, c, p, qEnd, qEnd);
    }
    if (isIndicator(c) && !(c === DASH && p + 1 < end && s.charCodeAt(p + 1) !== SPACE && !isFlowIndicator(s.charCodeAt(p + 1))))
      bail('flow item starts with an indicator');
    let valueEnd = p;
    for (let i = p; ; i++) {
      if (i >= end) bail('multi-line flow collection');
      const ch = s.charCodeAt(i);
      if (isFlowIndicator(ch)) break;
      if (ch === COLON) {
        const next = i + 1 < end ? s.charCodeAt(i + 1) : SPACE;
        if (next === SPACE || isFlowIndicator(next)) {
          if (isKey) break;
          bail('colon in a flow value');
        }
      } else if (ch === HASH && s.charCodeAt(i - 1) === SPACE) {
        bail('comment in a flow collection');
      }
      if (ch !== SPACE) valueEnd = i + 1;
    }
    return this.plainScalar(p, valueEnd, valueEnd);
  }

  // ---------------------------------------------------------------------------------------------
  // Block scalars

  /** A `|` or `>` block scalar whose header is at `h` on line `li`, in a collection at column `parentIndent`. */
  private blockScalar(li: number, h: number, parentIndent: number): Scalar.Parsed {
    const s = this.s;
    const lines = this.lineStarts.length;
    const end = this.lineEnd(li);
    const folded = s.charCodeAt(h) === GT;
    let i = h + 1;
    const chompChar = s[i];
    const chomp = chompChar === '-' || chompChar === '+' ? chompChar : '';
    if (chomp) i++;
    if (this.skipSpaces(i, end) !== end) bail('block scalar header');
    if (end === this.n) bail('block scalar at the end');
    // The first line with text sets the indentation; blank lines before it may not be deeper.
    let first = li + 1;
    let leading = 0;
    for (; first < lines; first++) {
      const ind = this.indentOf(first);
      if (this.lineStarts[first] + ind < this.lineEnd(first)) break;
      leading = Math.max(leading, ind);
    }
    if (first === lines) bail('empty block scalar');
    const indent = this.indentOf(first);
    if (indent <= parentIndent || leading > indent) bail('block scalar indentation');
    // Following lines belong to it while blank or indented at least as much; the last line of the
    // text only when it has that indentation.
    let last = first;
    for (let k = first + 1; k < lines; k++) {
      const ind = this.indentOf(k);
      const blank = this.lineStarts[k] + ind === this.lineEnd(k);
      if (k === lines - 1 ? ind < indent : !blank && ind < indent) break;
      last = k;
    }
    // Without `+`, trailing blank lines no deeper than the text are not part of it.
    if (chomp !== '+') {
      while (last > first && this.indentOf(last) <= indent && this.lineStarts[last] + this.indentOf(last) === this.lineEnd(last)) last--;
    }
    const start = this.lineStarts[li + 1];
    const stop = this.lineEndIncl(last);
    const node = new NewScalar(blockScalarValue(s.slice(start, stop), parentIndent, folded, chomp)) as Scalar.Parsed;
    node.range = [h, stop, stop];
    node.source = node.value as string;
    node.type = folded ? 'BLOCK_FOLDED' : 'BLOCK_LITERAL';
    this.lastNull = false;
    this.gap(last + 1, false);
    return node;
  }
}

/** The value of a block scalar without an indentation indicator, as `yaml`'s resolveBlockScalar computes it. */
function blockScalarValue(source: string, parentIndent: number, folded: boolean, chomp: string): string {
  const split = source.split(/\n( *)/);
  const m = /^( *)/.exec(split[0])!;
  const lines: [string, string][] = [[m[1], split[0].slice(m[1].length)]];
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]]);

  let chompStart = lines.length;
  for (let i = lines.length - 1; i >= 0; --i) {
    if (lines[i][1] === '') chompStart = i;
    else break;
  }
  if (chompStart === 0) bail('empty block scalar');
  let trimIndent = parentIndent;
  let contentStart = 0;
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content === '') {
      if (indent.length > trimIndent) trimIndent = indent.length;
    } else {
      if (indent.length < trimIndent) bail('block scalar indentation');
      trimIndent = indent.length;
      contentStart = i;
      break;
    }
  }
  if (trimIndent === 0) bail('block scalar indentation');
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1;
  }
  let value = '';
  let sep = '';
  let prevMoreIndented = false;
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n';
  for (let i = contentStart; i < chompStart; ++i) {
    const [indent, content] = lines[i];
    if (content && indent.length < trimIndent) bail('block scalar indentation');
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
    } else if (indent.length > trimIndent) {
      if (sep === ' ') sep = '\n';
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n';
      value += sep + indent.slice(trimIndent) + content;
      sep = '\n';
      prevMoreIndented = true;
    } else if (content === '') {
      if (sep === '\n') value += '\n';
      else sep = '\n';
    } else {
      value += sep + content;
      sep = ' ';
      prevMoreIndented = false;
    }
  }
  if (chomp === '+') {
    for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent);
    if (value[value.length - 1] !== '\n') value += '\n';
  } else if (chomp !== '-') {
    value += '\n';
  }
  return value;
}
