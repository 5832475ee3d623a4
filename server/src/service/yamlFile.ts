import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments, isAlias, type Document, type Node, type Pair } from 'yaml';
import type { Finding, Range } from './types';

/** Files above this size are not parsed: no Stellar file comes near it, and parsing would stall typing. */
export const MAX_FILE_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;

/** One parsed file: the YAML tree with ranges, its plain value, and its syntax findings (SK001/SK002). */
export interface YamlFile {
  uri: string;
  text: string;
  lines: LineCounter;
  doc: Document.Parsed | undefined;
  /** The plain value of the document; undefined when the text could not be turned into data. */
  value: unknown;
  findings: Finding[];
}

export function parseYamlFile(uri: string, text: string): YamlFile {
  const lines = new LineCounter();
  const file: YamlFile = { uri, text, lines, doc: undefined, value: undefined, findings: [] };
  const at = (start: number, end: number): Range => toRange(lines, start, end);

  if (text.length > MAX_FILE_BYTES) {
    lines.addNewLine(0);
    const firstLineEnd = Math.min(text.indexOf('\n') >>> 0, 200);
    file.findings.push(syntax(uri, { start: { line: 0, character: 0 }, end: { line: 0, character: firstLineEnd } },
      `File is ${(text.length / 1048576).toFixed(1)} MB, over the ${MAX_FILE_BYTES / 1048576} MB limit for Stellar files: it was not checked. Split it or remove it from the workspace.`));
    return file;
  }
  if (text.includes('\u0000')) {
    scanLines(lines, text);
    const nul = text.indexOf('\u0000');
    file.findings.push(syntax(uri, at(nul, nul + 1),
      'File contains NUL bytes: it looks binary, not YAML. Replace it with a YAML file or rename it.'));
    return file;
  }

  const docs = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, strict: true });
  const list = Array.isArray(docs) ? docs : [];
  if (list.length === 0) {
    // An empty stream: `yaml` returns an EmptyStream with no documents.
    file.value = null;
    return file;
  }
  const doc = list[0];
  file.doc = doc;
  for (const d of list) {
    for (const e of [...d.errors, ...d.warnings]) {
      const [s, en] = e.pos;
      const isError = d.errors.includes(e as never);
      file.findings.push({
        uri, range: at(s, Math.max(en, s + 1)), severity: isError ? 'error' : 'warning', code: 'SK001',
        message: `YAML syntax: ${cleanYamlMessage(e.message)}`, related: [],
      });
    }
  }
  for (const extra of list.slice(1)) {
    const start = extra.range[0];
    file.findings.push({
      uri, range: at(start, Math.max(start + 1, Math.min(extra.range[1], start + 3))), severity: 'error', code: 'SK002',
      message: 'A Stellar file holds one YAML document; this second document (after `---`) is ignored. Move it to its own file.',
      related: [],
    });
  }
  if (doc.errors.length > 0 && !doc.contents) return file;
  try {
    file.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    const alias = firstAlias(doc.contents);
    const r = alias?.range ?? doc.range;
    file.findings.push(syntax(uri, at(r[0], r[1]),
      `YAML aliases expand too far (${(err as Error).message.replace(/\.$/, '')}). Write the values out instead of nesting aliases.`));
    file.value = undefined;
  }
  return file;
}

function syntax(uri: string, range: Range, message: string): Finding {
  return { uri, range, severity: 'error', code: 'SK001', message, related: [] };
}

function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0].trim();
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

function scanLines(lines: LineCounter, text: string): void {
  lines.addNewLine(0);
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
}

function firstAlias(node: unknown): Node | undefined {
  if (isAlias(node)) return node;
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items) {
      const found = isPair(item) ? firstAlias(item.key) ?? firstAlias(item.value) : firstAlias(item);
      if (found) return found;
    }
  }
  return undefined;
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
export interface Located { node: Node | undefined; pair: Pair | undefined; parent: Node | undefined }

/** Walks `segments` (map keys and sequence indexes) from the document root. */
export function locate(file: YamlFile, segments: (string | number)[]): Located {
  let node: Node | undefined = (file.doc?.contents as Node | null) ?? undefined;
  let pair: Pair | undefined;
  let parent: Node | undefined;
  for (const seg of segments) {
    if (isMap(node)) {
      const p = node.items.find((it) => keyString(it.key) === String(seg));
      if (!p) return { node: undefined, pair: undefined, parent: node };
      parent = node; pair = p as Pair; node = (p.value as Node | null) ?? undefined;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) return { node: undefined, pair: undefined, parent: node };
      parent = node; pair = undefined; node = item as Node;
    } else {
      return { node: undefined, pair: undefined, parent: node };
    }
  }
  return { node, pair, parent };
}

export function keyString(key: unknown): string | undefined {
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
    const k = loc.node.items[0].key as Node;
    const r = nodeRange(file, k);
    if (r) return r;
  }
  return nodeRange(file, loc.node) ?? firstLineRange(file);
}

export function firstLineRange(file: YamlFile): Range {
  const firstLine = file.text.split('\n', 1)[0] ?? '';
  return { start: { line: 0, character: 0 }, end: { line: 0, character: firstLine.replace(/\r$/, '').length } };
}
