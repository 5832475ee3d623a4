import {
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseAllDocuments,
  isAlias,
  type YAMLMap,
  type YAMLParseError,
  type Document,
  type Node,
  type Pair,
  type ScalarTag,
} from 'yaml';
import { isExtensionKey, withoutExtensions } from './extensions';
import { fastPlainValue, parseFastYaml } from './fastYaml';
import { LIMITS } from './limits';
import { finding } from './rules/rule';
import { messages as sk001, syntaxMessage } from './rules/SK001-yaml-syntax';
import type { Finding, Range } from './types';
import { derefNode, findPairIn, isMergeKey, MERGE_TAG, mergeProblems, type MergeProblem } from './yamlMerge';

/** Files above this size are not parsed: no Stellar file comes near it, and parsing would stall typing. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;
/** How every Stellar file is parsed: `<<` merge keys (yamlMerge.ts) in every file kind. */
export const YAML_OPTIONS: { prettyErrors: false; uniqueKeys: true; strict: true; logLevel: 'error'; customTags: ScalarTag[] } = {
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  logLevel: 'error',
  customTags: [MERGE_TAG],
};

/** A document after the first, or a merge of something that is not a map: SK002, worded by SK002's module. */
export type StructureProblem = { kind: 'secondDocument' } | Extract<MergeProblem, { kind: 'mergeAliasNotMap' | 'mergeNotMap' | 'mergeEmpty' }>;

/** One parsed file: the YAML tree with ranges, its plain value, and its syntax findings (SK001/SK002). */
export interface YamlFile {
  uri: string;
  text: string;
  lines: LineCounter;
  doc: Document.Parsed | undefined;
  /** The plain value of the document; undefined when the text could not be turned into data. */
  value: unknown;
  findings: Finding[];
  /** Problems of the document's structure that are SK002 findings, worded by SK002's module (analyze.ts). */
  structure: { range: Range; problem: StructureProblem }[];
  /** Set when a syntax error (an unclosed quote or bracket) left the rest of the tree guesswork. */
  unreliableFrom?: number;
}

/**
 * The parses of the few most recent texts. The index parses a file when its text changes, and the editor's
 * requests that follow (hover, outline, code lens, completion) read the same version: each version is parsed
 * once. Parsed trees are never changed after parsing, so they can be shared.
 */
const RECENT = 8;
const recent = new Map<string, YamlFile>();

/** parseYamlFile, answered from the recent parses when `uri` was last parsed with this same text. */
export function parseYamlCached(uri: string, text: string): YamlFile {
  const hit = recent.get(uri);
  if (hit && hit.text === text) {
    recent.delete(uri);
    recent.set(uri, hit);
    return hit;
  }
  const file = parseYamlFile(uri, text);
  recent.delete(uri);
  recent.set(uri, file);
  if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  return file;
}

/** How many texts parseYamlFile has parsed in this process (tests and benchmarks read it). */
export const parseCount = { texts: 0 };

export function parseYamlFile(uri: string, text: string): YamlFile {
  parseCount.texts++;
  const lines = new LineCounter();
  const file: YamlFile = { uri, text, lines, doc: undefined, value: undefined, findings: [], structure: [] };
  const at = (start: number, end: number): Range => toRange(lines, start, end);

  if (text.length > MAX_FILE_BYTES) {
    lines.addNewLine(0);
    const firstLineEnd = Math.min(text.indexOf('\n') >>> 0, 200);
    file.findings.push(syntax(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineEnd } }, sk001.tooBig(text.length, MAX_FILE_BYTES)));
    return file;
  }
  if (text.includes('\u0000')) {
    scanLines(lines, text);
    const nul = text.indexOf('\u0000');
    file.findings.push(syntax(uri, at(nul, nul + 1), sk001.binary()));
    return file;
  }

  // The fast path reads the plain YAML most Stellar files are and declines the rest, which `yaml` reads.
  const options = { lineCounter: lines, ...YAML_OPTIONS };
  const fast = parseFastYaml(text, options);
  // `yaml` finds duplicate keys by scanning the map's earlier keys for each key (quadratic on a map of 50,000):
  // scanDocument finds them with a set per map instead.
  const docs = fast ? [fast] : parseAllDocuments(text, { ...options, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  const scans = fast ? [] : list.map(scanDocument);
  if (list.length === 0) {
    // An empty stream: `yaml` returns an EmptyStream with no documents.
    file.value = null;
    return file;
  }
  const doc = list[0];
  file.doc = doc;
  const reported = new Set<number>();
  for (const d of list) {
    const errors = new Set<unknown>(d.errors);
    // Past a stack overflow (a value nested thousands deep) the parser's other errors depend on how much stack
    // was left: report the overflow alone, so the same text always gets the same findings.
    const overflow = d.errors.find((e) => /Maximum call stack size exceeded/.test(e.message));
    for (const e of overflow ? [overflow] : [...d.errors, ...d.warnings]) {
      // After an unclosed flow collection the parser reads the rest of the file out of step: what
      // follows are consequences, not errors of their own.
      if (file.unreliableFrom !== undefined && e.pos[0] >= file.unreliableFrom) continue;
      const [s, en] = errorSpan(text, d, e.code, e.message, e.pos);
      if (reported.has(s)) continue; // one node, one message (a nested mapping is also a multi-line key)
      reported.add(s);
      const isError = errors.has(e);
      const lost = /^Flow (sequence|map|mapping) in block collection/.test(e.message) || (e.code === 'MISSING_CHAR' && /closing .*quote/i.test(e.message));
      file.findings.push(finding(isError ? 'SK001' : 'SK001.yamlWarning', uri, at(s, en), syntaxMessage(text, lines, s, en, e.code, e.message, lost)));
      if (lost && file.unreliableFrom === undefined) file.unreliableFrom = s;
    }
  }
  for (const extra of list.slice(1)) {
    const start = extra.range[0];
    file.structure.push({ range: at(start, Math.max(start + 1, Math.min(extra.range[1], start + 3))), problem: { kind: 'secondDocument' } });
  }
  if (doc.errors.length > 0 && !doc.contents) return file;
  const scan = scans[0];
  try {
    // A fast-path document has no aliases: nothing to expand, nothing cyclic.
    if (fast) {
      file.value = withoutExtensions(fastPlainValue(fast));
      return file;
    }
    // yaml looks up each alias among all the anchors and aliases before it: past the budget, the file is not expanded.
    if (scan.aliases.length > LIMITS.aliases) {
      const r = scan.aliases[LIMITS.aliases].range ?? doc.range;
      file.findings.push(syntax(uri, at(r[0], r[1]), sk001.aliasesOverLimit(scan.aliases.length, LIMITS.aliases)));
      return file;
    }
    if (scan.aliases.length > 0 && scan.anchors > LIMITS.anchors) {
      const r = scan.aliases[0].range ?? doc.range;
      file.findings.push(syntax(uri, at(r[0], r[1]), sk001.anchorsOverLimit(scan.anchors, LIMITS.anchors)));
      return file;
    }
    if (text.includes('<<'))
      for (const { node, problem } of mergeProblems(doc)) {
        const r = node.range ?? doc.range ?? [0, 0];
        if (problem.kind === 'mergeNoAnchor') file.findings.push(syntax(uri, at(r[0], r[1]), sk001.mergeNoAnchor(problem.alias)));
        else if (problem.kind === 'mergeCycle') file.findings.push(syntax(uri, at(r[0], r[1]), sk001.mergeCycle(problem.alias)));
        else file.structure.push({ range: at(r[0], r[1]), problem });
      }
    file.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    if (scan.aliases.length > 0 && isCyclic(file.value)) {
      const r = scan.aliases[0].range ?? doc.range;
      file.findings.push(syntax(uri, at(r[0], r[1]), sk001.aliasCycle()));
      file.value = undefined;
    }
    file.value = withoutExtensions(file.value);
  } catch (err) {
    if (scan.aliases.length === 0) {
      // Not an alias: the value nests deeper than the stack goes (toJS is recursive).
      file.findings.push(syntax(uri, at(doc.range[0], Math.min(doc.range[1], doc.range[0] + 1)), sk001.tooDeep((err as Error).message)));
      file.value = undefined;
      return file;
    }
    const r = scan.aliases[0].range ?? doc.range;
    file.findings.push(syntax(uri, at(r[0], r[1]), sk001.aliasesTooDeep((err as Error).message)));
    file.value = undefined;
  }
  return file;
}

/**
 * Where a YAML error is best shown. The parser places some errors where it noticed them, often one
 * character wide: an unterminated quote at the end of the file, an unclosed `[` at the next line.
 * Point those at their opening quote or bracket, and widen a one-character position to its token.
 */
function errorSpan(text: string, doc: Document.Parsed, code: string, message: string, [s, en]: [number, number]): [number, number] {
  const toEol = (from: number): [number, number] => {
    const eol = text.indexOf('\n', from);
    return [from, Math.max(from + 1, eol < 0 ? text.length : eol)];
  };
  if (code === 'MISSING_CHAR' && /closing .*quote/i.test(message)) {
    const open = openerBefore(doc, s, (n) => isScalar(n) && (n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE'));
    if (open !== undefined) return toEol(open);
  }
  if (/^Flow (sequence|map|mapping) in block collection/.test(message)) {
    const open = openerBefore(doc, s, (n) => (isSeq(n) || isMap(n)) && n.flow === true);
    if (open !== undefined) return toEol(open);
  }
  if (code === 'BLOCK_AS_IMPLICIT_KEY') return toEol(s); // the whole plain value that needs quotes
  if (en - s <= 1) {
    while (text[s] === ' ' || text[s] === '\t') s++;
    const token = /^[^\s:,[\]{}#]+/.exec(text.slice(s, s + 200));
    if (token) en = s + token[0].length;
  }
  return [s, Math.max(en, s + 1)];
}

/** Start offset of the last node matching `pred` that starts before `pos`. */
function openerBefore(doc: Document.Parsed, pos: number, pred: (n: Node) => boolean): number | undefined {
  let best: number | undefined;
  eachNode(doc.contents, (node) => {
    if (node.range && node.range[0] < pos && pred(node) && (best === undefined || node.range[0] > best)) best = node.range[0];
  });
  return best;
}

/** Every node below `root`, keys included, in document order, without recursion (a file may nest 10,000 deep). */
function eachNode(root: unknown, visit: (node: Node) => void): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (isPair(n)) {
      stack.push(n.value, n.key);
      continue;
    }
    if (!n || typeof n !== 'object' || !('range' in n)) continue;
    visit(n as Node);
    if (isMap(n) || isSeq(n)) for (let i = n.items.length - 1; i >= 0; i--) stack.push(n.items[i]);
  }
}

/**
 * One pass over a document `yaml` parsed: its aliases in document order, and the duplicate keys of its maps,
 * added to its errors as `yaml` reports them (a set of keys per map, linear however many keys it has).
 */
function scanDocument(doc: Document.Parsed): { aliases: Node[]; anchors: number } {
  const aliases: Node[] = [];
  let anchors = 0;
  eachNode(doc.contents, (node) => {
    if (isAlias(node)) {
      aliases.push(node);
      return;
    }
    if ((node as { anchor?: string }).anchor) anchors++;
    if (!isMap(node) || node.items.length < 2) return;
    const keys = new Set<unknown>();
    for (const pair of node.items) {
      const k = pair.key;
      // As yaml compares keys: scalars by value, other nodes by identity.
      const id = isScalar(k) ? k.value : k;
      if (!keys.has(id)) {
        keys.add(id);
        continue;
      }
      const start = (k as Node | null)?.range?.[0];
      // What yaml would report, as plain data: an Error's stack trace costs more than the rest of a key's check.
      if (start !== undefined)
        doc.errors.push({ name: 'YAMLParseError', code: 'DUPLICATE_KEY', message: 'Map keys must be unique', pos: [start, start + 1] } as YAMLParseError);
    }
  });
  return { aliases, anchors };
}

/** True when the data refers to itself (an alias inside its own anchor), which no rule can walk. */
function isCyclic(root: unknown): boolean {
  // Depth first without recursion; `onPath` holds the ancestors of what is on the stack.
  const onPath = new Set<object>();
  const stack: { value: object; exit: boolean }[] = [];
  const enter = (v: unknown): boolean => {
    if (typeof v !== 'object' || v === null) return false;
    if (onPath.has(v)) return true;
    stack.push({ value: v, exit: true });
    // toJS gives plain objects and arrays (no Map: mapAsMap is off).
    for (const c of Object.values(v)) if (typeof c === 'object' && c !== null) stack.push({ value: c, exit: false });
    onPath.add(v);
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack.pop()!;
    if (top.exit) onPath.delete(top.value);
    else if (enter(top.value)) return true;
  }
  return false;
}

function syntax(uri: string, range: Range, message: string): Finding {
  return finding('SK001', uri, range, message);
}

function scanLines(lines: LineCounter, text: string): void {
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
}

export function toRange(lines: LineCounter, start: number, end: number): Range {
  const s = lines.linePos(start);
  const e = lines.linePos(end);
  return { start: { line: s.line - 1, character: s.col - 1 }, end: { line: e.line - 1, character: e.col - 1 } };
}

export function nodeRange(file: YamlFile, node: Node | null | undefined): Range | undefined {
  if (!node || !node.range) return undefined;
  return toRange(file.lines, node.range[0], node.range[1]);
}

/** Where a path leads in the tree: the node, and the pair holding it when it is a map value. */
export interface Located {
  node: Node | undefined;
  pair: Pair | undefined;
  parent: Node | undefined;
}

/** Walks `segments` (map keys and sequence indexes) from the document root. */
export function locate(file: YamlFile, segments: (string | number)[]): Located {
  // A path reads the data as toJS built it: through aliases to their anchors, and into merged maps (`<<`),
  // so the node found is the one written in the anchor, wherever that is in the file.
  const doc = file.doc;
  let node: Node | undefined = derefNode(doc, (doc?.contents as Node | null) ?? undefined);
  let pair: Pair | undefined;
  let parent: Node | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const p = pairIn(doc, node, String(seg));
      if (!p) return { node: undefined, pair: undefined, parent: node };
      parent = node;
      pair = p;
      node = derefNode(doc, (p.value as Node | null) ?? undefined);
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return { node: undefined, pair: undefined, parent: node };
      parent = node;
      pair = undefined;
      node = derefNode(doc, item as Node);
    } else {
      return { node: undefined, pair: undefined, parent: node };
    }
  }
  return { node, pair, parent };
}

/** Whether the map at `segments` writes `key` itself (not merged in with `<<`, not absent). */
export function hasOwnKey(file: YamlFile, segments: (string | number)[], key: string): boolean {
  const { node } = locate(file, segments);
  return isMap(node) && ownPair(node, key) !== undefined;
}

/** The range of a list item's first key as written (a `<<` key, an alias), or of the item itself. */
export function itemHeadRange(file: YamlFile, segments: (string | number)[]): Range | undefined {
  const { node } = locate(file, segments.slice(0, -1));
  const item = isSeq(node) ? (node.items[Number(segments[segments.length - 1])] as Node | undefined) : undefined;
  if (isMap(item) && item.items.length > 0) return nodeRange(file, item.items[0].key as Node);
  return nodeRange(file, item);
}

const SCAN_UP_TO = 16;
/** Parsed trees are not changed after parsing; the item count guards against one that was. */
const pairsByKey = new WeakMap<object, { count: number; byKey: Map<string, Pair>; merges: boolean }>();

/**
 * The pair of `map` with key `key`: its own first, else one merged in with `<<` (findPairIn). A large map gets an
 * index of its own keys, so 50,000 look-ups in it stay linear.
 */
function pairIn(doc: Document | undefined, map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length <= SCAN_UP_TO) return findPairIn(doc, map, key, keyString);
  const index = indexOf(map);
  return index.byKey.get(key) ?? (index.merges ? findPairIn(doc, map, key, keyString) : undefined);
}

/** The pair of `map` that writes `key` itself (not a `<<` merge). */
function ownPair(map: YAMLMap, key: string): Pair | undefined {
  if (map.items.length <= SCAN_UP_TO) return map.items.find((it) => !isMergeKey(it.key) && keyString(it.key) === key) as Pair | undefined;
  return indexOf(map).byKey.get(key);
}

function indexOf(map: YAMLMap): { count: number; byKey: Map<string, Pair>; merges: boolean } {
  let index = pairsByKey.get(map);
  if (!index || index.count !== map.items.length) {
    const byKey = new Map<string, Pair>();
    let merges = false;
    for (const it of map.items) {
      if (isMergeKey(it.key)) {
        merges = true;
        continue;
      }
      const k = keyString(it.key);
      if (k !== undefined && !byKey.has(k)) byKey.set(k, it as Pair);
    }
    pairsByKey.set(map, (index = { count: map.items.length, byKey, merges }));
  }
  return index;
}

export function keyString(key: unknown): string | undefined {
  if (isMergeKey(key)) return '<<';
  if (isScalar(key)) return String(key.value);
  if (typeof key === 'string') return key;
  return undefined;
}

/** The range of a map key at `segments` (the key of the last segment), falling back to its value. */
export function keyRangeAt(file: YamlFile, segments: (string | number)[]): Range | undefined {
  const loc = locate(file, segments);
  if (loc.pair && (loc.pair.key as Node)?.range) return nodeRange(file, loc.pair.key as Node);
  return nodeRange(file, loc.node);
}

export function valueRangeAt(file: YamlFile, segments: (string | number)[]): Range | undefined {
  const loc = locate(file, segments);
  return nodeRange(file, loc.node) ?? (loc.pair ? nodeRange(file, loc.pair.key as Node) : undefined);
}

/**
 * The range that best names the object at `segments` as a whole: its key when it is a map value,
 * else its first key (an item of a list), else the node itself.
 */
export function objectRangeAt(file: YamlFile, segments: (string | number)[]): Range {
  const loc = segments.length === 0 ? { node: file.doc?.contents as Node | undefined, pair: undefined } : locate(file, segments);
  if (loc.pair && (loc.pair.key as Node)?.range) return nodeRange(file, loc.pair.key as Node)!;
  if (isMap(loc.node) && loc.node.items.length > 0) {
    // The first field names the map: not a merge key or an extension field, unless there is nothing else.
    const first = loc.node.items.find((it) => !isMergeKey(it.key) && !isExtensionKey(keyString(it.key) ?? '')) ?? loc.node.items[0];
    const k = first.key as Node;
    const r = nodeRange(file, k);
    if (r) return r;
  }
  return nodeRange(file, loc.node) ?? firstLineRange(file);
}

export function firstLineRange(file: YamlFile): Range {
  const firstLine = file.text.split('\n', 1)[0] ?? '';
  return { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.replace(/\r$/, '').length } };
}
