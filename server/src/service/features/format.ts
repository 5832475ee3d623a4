import { isAlias, isMap, isScalar, isSeq, Lexer, LineCounter, parseAllDocuments, type Document, type Node, type Pair } from 'yaml';
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { fastPlainValue, parseFastYaml } from '../fastYaml';
import { MAX_FILE_BYTES } from '../yamlFile';
import { LineIndex } from './text';

/**
 * Format Document for Stellar files: the text is re-indented from the `yaml` tree's node ranges, line by
 * line, rather than re-printed with `Document.toString`, which rewrites what users wrote (`0x1F`, `+12`,
 * escapes in double quotes, folded `>` scalars reflowed, flow collections padded, comments moved). What
 * changes: indentation (block collections and values on their own line at `step` per level, sequences
 * indented under their key, one space after `-`, comments aligned with the block they sit in), trailing
 * whitespace outside scalars, the line endings (all as the first one), a final line break. Everything else
 * is kept byte for byte. The result is checked before it is offered: no syntax error, the same data, the
 * same comments, anchors and aliases in the same order, and formatting it again changes nothing; when a
 * check fails, or the text has a syntax error, there is nothing to format.
 */

export interface FormatOptions {
  /** Spaces per indentation level (1 to 8; default 2). YAML forbids tabs for indentation, so there is no tab option. */
  tabSize?: number;
  /** LSP's option: only an explicit `false` keeps trailing whitespace (editors send it when set). */
  trimTrailingWhitespace?: boolean;
  /** LSP's option: only an explicit `false` leaves a missing final line break missing. */
  insertFinalNewline?: boolean;
}

export type FormatResult = { text: string } | { refused: string };

const PARSE = { prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'silent' } as const;
const MAX_ALIAS_COUNT = 100;
const MAX_DEPTH = 500;

/** A stretch of the text whose lines move by `delta` columns; the innermost region holding a line's first character wins. */
interface Region {
  start: number;
  end: number;
  delta: number;
  /** Column of the node's first character before formatting. */
  oldCol: number;
  /** A block map or sequence (comments align with these); otherwise a scalar, flow collection or block scalar content. */
  block: boolean;
  parent?: Region;
  /** Block scalar content: whitespace-only lines may be content, and trailing whitespace is. */
  scalarContent?: boolean;
  /** Block scalar content: column of its first non-empty line. */
  contentCol?: number;
}

class Refused extends Error {}

class Layout {
  readonly regions: Region[] = [];
  /** Offset of a `-` gap to shrink to one space -> its length. */
  readonly gaps = new Map<number, number>();
  /** Ranges of multi-line scalars: trailing whitespace inside them is content or escapes. */
  readonly scalars: [number, number][] = [];

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly step: number,
  ) {}

  lineStart(offset: number): number {
    return this.lines.starts[this.lines.positionAt(offset).line];
  }

  col(offset: number): number {
    return offset - this.lineStart(offset);
  }

  atLineStart(offset: number): boolean {
    for (let i = this.lineStart(offset); i < offset; i++) if (this.text[i] !== ' ') return false;
    return true;
  }

  add(start: number, end: number, delta: number, block: boolean, parent: Region | undefined, extra: Partial<Region> = {}): Region {
    const r: Region = { start, end, delta, oldCol: this.col(start), block, parent, ...extra };
    this.regions.push(r);
    return r;
  }

  /** Places a node whose first character moves by `delta`. */
  place(node: unknown, delta: number, parent: Region | undefined, depth = 0): void {
    const n = node as Node | null | undefined;
    if (!n?.range || isAlias(n)) return;
    if (depth > MAX_DEPTH) throw new Refused('the file nests too deep');
    const [start, end] = n.range;
    if (isMap(n) && !n.flow) {
      const r = this.add(start, end, delta, true, parent);
      for (const p of n.items) this.pairValue(p as Pair, r, depth);
    } else if (isSeq(n) && !n.flow) {
      const r = this.add(start, end, delta, true, parent);
      for (const item of n.items) this.seqItem(item, r, depth);
    } else if (isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED')) {
      this.blockScalar(n, (parent?.oldCol ?? 0) + (parent?.delta ?? 0) + this.step, parent?.delta ?? delta, parent);
    } else {
      if (isScalar(n)) this.multiLine(start, end);
      this.add(start, end, delta, false, parent);
    }
  }

  private pairValue(p: Pair, map: Region, depth: number): void {
    const key = p.key as Node | null;
    if ((isMap(key) || isSeq(key)) && !key.flow) throw new Refused('a block collection used as a key');
    if (isScalar(key) && key.range) this.multiLine(key.range[0], key.range[1]);
    const v = p.value as Node | null;
    if (!v?.range) return;
    const newCol = map.oldCol + map.delta;
    if (this.atLineStart(v.range[0])) this.place(v, newCol + this.step - this.col(v.range[0]), map, depth + 1);
    else if (isScalar(v) && (v.type === 'BLOCK_LITERAL' || v.type === 'BLOCK_FOLDED')) this.blockScalar(v, newCol + this.step, map.delta, map);
    else this.place(v, map.delta, map, depth + 1);
  }

  private seqItem(item: unknown, seq: Region, depth: number): void {
    const n = item as Node | null;
    if (!n?.range) return;
    const dashCol = seq.oldCol + seq.delta;
    const start = n.range[0];
    if (this.atLineStart(start)) {
      this.place(n, dashCol + 2 - this.col(start), seq, depth + 1);
      return;
    }
    // On the dash's line: one space after the `-`.
    let gapStart = start;
    while (gapStart > 0 && this.text[gapStart - 1] === ' ') gapStart--;
    let delta = seq.delta;
    if (this.text[gapStart - 1] === '-' && start - gapStart > 1) {
      this.gaps.set(gapStart, start - gapStart);
      delta += 1 - (start - gapStart);
    }
    if (isScalar(n) && (n.type === 'BLOCK_LITERAL' || n.type === 'BLOCK_FOLDED')) this.blockScalar(n, dashCol + 2, seq.delta, seq);
    else this.place(n, delta, seq, depth + 1);
  }

  /** The content lines of a `|` or `>` scalar: at `contentCol`, or moved with their owner when the header fixes the indentation. */
  private blockScalar(n: Node, contentCol: number, ownerDelta: number, owner: Region | undefined): void {
    const [start, end] = n.range!;
    const eol = this.text.indexOf('\n', start);
    if (eol < 0 || eol + 1 >= end) return;
    const contentStart = eol + 1;
    this.scalars.push([contentStart, end]);
    const header = this.text.slice(start, eol);
    let first: number | undefined;
    for (let l = this.lines.positionAt(contentStart).line; l < this.lines.lineCount && this.lines.starts[l] < end; l++) {
      const t = this.lines.lineText(l);
      const lead = t.length - t.trimStart().length;
      if (t.trim() !== '') {
        first = lead;
        break;
      }
    }
    if (first === undefined) return;
    const indicator = /^[|>][-+]?[1-9]|^[|>][1-9]/.test(header);
    this.add(contentStart, end, indicator || !owner ? ownerDelta : contentCol - first, false, owner, { scalarContent: true, contentCol: first });
  }

  private multiLine(start: number, end: number): void {
    const eol = this.text.indexOf('\n', start);
    if (eol >= 0 && eol < end) this.scalars.push([start, end]);
  }
}

export function formatYamlText(text: string, options: FormatOptions = {}): FormatResult {
  if (typeof text !== 'string') return { refused: 'no text' };
  if (text.length > MAX_FILE_BYTES) return { refused: 'the file is over the size limit' };
  if (text.includes('\u0000')) return { refused: 'the file contains NUL bytes' };
  const step = Number.isInteger(options.tabSize) && options.tabSize! >= 1 && options.tabSize! <= 8 ? options.tabSize! : 2;
  // A byte order mark takes no column: the text after it is formatted, and the mark kept.
  if (text.startsWith('\uFEFF')) {
    const r = formatYamlText(text.slice(1), options);
    return 'refused' in r ? r : { text: `\uFEFF${r.text}` };
  }
  const before = parseStream(text);
  if ('refused' in before) return before;
  let out: string;
  try {
    out = reindent(text, before.docs, step, options);
  } catch (e) {
    if (e instanceof Refused) return { refused: e.message };
    throw e;
  }
  if (out === text) return { text };
  const after = parseStream(out);
  const why = 'refused' in after ? 'the result would not parse' : differs(before, after);
  if (why || 'refused' in after) return { refused: why ?? 'the result would not parse' };
  // Formatting is only offered when it is stable: a second pass must leave the result as it is.
  let twice: string;
  try {
    twice = reindent(out, after.docs, step, options);
  } catch {
    return { refused: 'the result is not stable' };
  }
  if (twice !== out) return { refused: 'the result is not stable' };
  return { text: out };
}

/** The edits that format the text (none when nothing changes or formatting is refused); with `range`, those of its lines when they suffice. */
export function formatEdits(text: string, options: FormatOptions = {}, range?: Range): TextEdit[] {
  const r = formatYamlText(text, options);
  if ('refused' in r || r.text === text) return [];
  const edits = lineEdits(text, r.text);
  if (!range) return edits;
  const last = range.end.line > range.start.line && range.end.character === 0 ? range.end.line - 1 : range.end.line;
  const inside = edits.filter((e) => e.range.start.line >= range.start.line && e.range.start.line <= last);
  if (inside.length === edits.length) return edits;
  if (inside.length === 0) return [];
  // The lines of a range often depend on the indentation of lines outside it; then the whole document is formatted.
  const before = parseStream(text);
  const partial = parseStream(applyEdits(text, inside));
  return 'refused' in before || 'refused' in partial || differs(before, partial) ? edits : inside;
}

function reindent(text: string, docs: Document.Parsed[], step: number, options: FormatOptions): string {
  const lines = new LineIndex(text);
  const layout = new Layout(text, lines, step);
  for (const doc of docs) {
    const root = doc.contents as Node | null;
    if (!root?.range) continue;
    const start = root.range[0];
    layout.place(root, layout.atLineStart(start) ? -layout.col(start) : 0, undefined);
  }

  const count = lines.lineCount;
  const texts: string[] = [];
  const leads: number[] = [];
  const firsts: number[] = [];
  for (let l = 0; l < count; l++) {
    const t = lines.lineText(l);
    texts.push(t);
    let lead = 0;
    while (lead < t.length && t[lead] === ' ') lead++;
    leads.push(lead);
    firsts.push(lines.starts[l] + lead);
  }

  // Regions in tree order, parents first: painting each over its lines leaves the innermost one.
  const owner: (Region | undefined)[] = new Array(count);
  for (const r of layout.regions) {
    for (let l = lines.positionAt(r.start).line; l < count && lines.starts[l] < r.end; l++) {
      const at = r.scalarContent ? lines.starts[l] : firsts[l];
      if (at >= r.start && at < r.end) owner[l] = r;
    }
  }
  const keepTrailing = new Array<boolean>(count).fill(false);
  for (const [s, e] of layout.scalars) {
    for (let l = lines.positionAt(s).line; l < count && lines.starts[l] < e; l++) keepTrailing[l] = true;
  }
  const isComment = (l: number) => texts[l][leads[l]] === '#' && !owner[l]?.scalarContent && !(owner[l] && !owner[l]!.block);
  const isContent = (l: number) => texts[l].trim() !== '' && !isComment(l);

  // The next content line after each line, found once (a long run of comments is not rescanned per line).
  const nextContent = new Array<number>(count + 1).fill(count);
  for (let l = count - 1; l >= 0; l--) nextContent[l] = isContent(l) ? l : nextContent[l + 1];
  const gapsByLine = new Map<number, [number, number][]>();
  for (const [at, len] of layout.gaps) {
    const line = lines.positionAt(at).line;
    const list = gapsByLine.get(line) ?? [];
    list.push([at, len]);
    gapsByLine.set(line, list);
  }

  const out: string[] = [];
  let prev = -1;
  for (let l = 0; l < count; l++) {
    const t = texts[l];
    const r = owner[l];
    if (t.trim() === '') {
      // Spaces beyond a block scalar's indentation are content.
      out.push(r?.scalarContent && r.contentCol !== undefined && t.length > r.contentCol ? ' '.repeat(Math.max(0, t.length + r.delta)) : '');
      continue;
    }
    let newLead: number;
    if (isComment(l)) {
      const next = nextContent[l + 1];
      newLead = commentColumn(leads[l], next < count ? owner[next] : undefined, prev >= 0 ? owner[prev] : undefined);
    } else {
      newLead = Math.max(0, leads[l] + (r?.delta ?? 0));
      prev = l;
    }
    let body = t.slice(leads[l]);
    // Gaps after `-` on this line, last first so offsets stay right.
    const lineStart = lines.starts[l];
    const gapsHere = (gapsByLine.get(l) ?? []).filter(([at]) => at >= lineStart + leads[l]).sort((a, b) => b[0] - a[0]);
    for (const [at, len] of gapsHere) {
      const i = at - lineStart - leads[l];
      body = body.slice(0, i) + ' ' + body.slice(i + len);
    }
    if (!keepTrailing[l] && options.trimTrailingWhitespace !== false) body = body.replace(/[ \t]+$/, '');
    out.push(' '.repeat(newLead) + body);
  }

  const eol = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n';
  let result = out.join(eol);
  const lastOwner = owner[count - 1];
  // A final line break, unless the text ends inside a block scalar, where it would become content.
  if (texts[count - 1] !== '' && !lastOwner?.scalarContent && options.insertFinalNewline !== false) result += eol;
  return result;
}

/** A comment line is aligned with the innermost surrounding block whose column is at most the comment's. */
function commentColumn(col: number, next: Region | undefined, prev: Region | undefined): number {
  const chain: Region[] = [];
  for (const start of [next, prev]) for (let r = start; r; r = r.parent) if (r.block) chain.push(r);
  if (chain.length === 0) return col;
  let best: Region | undefined;
  for (const r of chain) if (r.oldCol <= col && (!best || r.oldCol > best.oldCol)) best = r;
  if (!best) for (const r of chain) if (!best || r.oldCol < best.oldCol) best = r;
  return Math.max(0, best!.oldCol + best!.delta);
}

interface Parsed {
  text: string;
  docs: Document.Parsed[];
  values: unknown[];
}

function parseStream(text: string): Parsed | { refused: string } {
  // The fast path reads most Stellar files (same nodes and ranges, no errors) several times faster than `yaml`.
  const fast = parseFastYaml(text, { ...PARSE, lineCounter: new LineCounter() });
  if (fast) return { text, docs: [fast], values: [fastPlainValue(fast)] };
  const docs = parseAllDocuments(text, PARSE);
  const list = Array.isArray(docs) ? docs : [];
  if (list.some((d) => d.errors.length > 0)) return { refused: 'the file has YAML syntax errors' };
  const values: unknown[] = [];
  try {
    for (const d of list) values.push(d.toJS({ maxAliasCount: MAX_ALIAS_COUNT }));
  } catch {
    return { refused: "the file's aliases expand too far" };
  }
  return { text, docs: list, values };
}

/** Comments, anchors and aliases in order, as the lexer reads them (a `#` inside a quoted or block scalar is not one). */
function marks(text: string): string[] {
  const out: string[] = [];
  for (const token of new Lexer().lex(text)) {
    const c = token[0];
    if (c === '#' || c === '&' || c === '*') out.push(token.trimEnd());
  }
  return out;
}

/** Why the formatted text is not the same document, or undefined when it is. */
function differs(before: Parsed, after: Parsed): string | undefined {
  if (after.docs.length !== before.docs.length || !sameData(after.values, before.values)) return 'the result would change the data';
  const a = marks(after.text);
  const b = marks(before.text);
  if (a.length !== b.length || a.some((m, i) => m !== b[i])) return 'the result would lose comments or anchors';
  return undefined;
}

function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameData(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length || ka.some((k, i) => k !== kb[i])) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** One edit per changed line, covering only what changed in it (the formatter keeps the line count, but for a final line break). */
function lineEdits(oldText: string, newText: string): TextEdit[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  const edits: TextEdit[] = [];
  for (let l = 0; l < a.length; l++) {
    const [oa, ea] = a[l];
    const [ob, eb] = b[l] ?? ['', ''];
    if (oa === ob && ea === eb) continue;
    let p = 0;
    while (p < oa.length && p < ob.length && oa[p] === ob[p]) p++;
    if (ea !== eb) {
      edits.push({
        range: { start: { line: l, character: p }, end: ea ? { line: l + 1, character: 0 } : { line: l, character: oa.length } },
        newText: ob.slice(p) + eb,
      });
      continue;
    }
    let s = 0;
    while (s < oa.length - p && s < ob.length - p && oa[oa.length - 1 - s] === ob[ob.length - 1 - s]) s++;
    edits.push({ range: { start: { line: l, character: p }, end: { line: l, character: oa.length - s } }, newText: ob.slice(p, ob.length - s) });
  }
  // Lines the new text has beyond the old (none: a final line break belongs to the last old line).
  for (let l = a.length; l < b.length; l++) {
    const end = { line: a.length - 1, character: a[a.length - 1][0].length };
    edits.push({ range: { start: end, end }, newText: b[l][0] + b[l][1] });
  }
  return edits;
}

/** Lines with their line breaks; a text ending in a line break has no empty last entry. */
function splitLines(text: string): [string, string][] {
  const out: [string, string][] = [];
  let i = 0;
  while (i < text.length) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) {
      out.push([text.slice(i), '']);
      break;
    }
    const cr = nl > i && text[nl - 1] === '\r';
    out.push([text.slice(i, cr ? nl - 1 : nl), cr ? '\r\n' : '\n']);
    i = nl + 1;
  }
  if (out.length === 0) out.push(['', '']);
  return out;
}

/** Applies non-overlapping edits to a text. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lines = new LineIndex(text);
  const spans = edits.map((e) => ({ s: lines.offsetAt(e.range.start), e: offsetAtRaw(lines, e.range.end), t: e.newText })).sort((x, y) => y.s - x.s);
  let out = text;
  for (const sp of spans) out = out.slice(0, sp.s) + sp.t + out.slice(sp.e);
  return out;
}

/** Like offsetAt, but a position on the next line's start is that, not clamped before a `\r`. */
function offsetAtRaw(lines: LineIndex, p: { line: number; character: number }): number {
  if (p.line >= lines.lineCount) return lines.text.length;
  return Math.min(lines.starts[p.line] + p.character, p.line + 1 < lines.lineCount ? lines.starts[p.line + 1] : lines.text.length);
}
