import { Document, isMap, isScalar, isSeq, visit, type Node } from 'yaml';
import { TextEdit } from 'vscode-languageserver-types';
import { locate } from '../yamlFile';
import { keyOf, type OpenFile, type Path } from './cursor';

/**
 * Small structural edits as text edits, keeping the rest of the file (comments, layout) as it is.
 * Every function returns [] when the place is not what it expects.
 */

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Offset just past the line holding the last non-blank character before `end`. */
function afterContent(text: string, end: number): number {
  let e = end;
  while (e > 0 && /\s/.test(text[e - 1])) e--;
  const nl = text.indexOf('\n', e);
  return nl < 0 ? text.length : nl + 1;
}

/** Where a block item's line starts: the line of its `-`. */
function dashLineStart(text: string, itemStart: number): number {
  let i = itemStart - 1;
  while (i >= 0 && /\s/.test(text[i])) i--;
  return lineStartOf(text, text[i] === '-' ? i : itemStart);
}

/** Deletes list items (whole lines for block lists); an emptied list becomes `[]`. */
export function removeSeqItems(f: OpenFile, seqPath: Path, indexes: number[]): TextEdit[] {
  const { node, pair } = locate(f.yaml, seqPath);
  if (!isSeq(node) || !node.range) return [];
  const items = node.items as Node[];
  const drop = new Set(indexes.filter((i) => i >= 0 && i < items.length && items[i]?.range));
  if (drop.size === 0) return [];
  const text = f.text;
  if (drop.size === items.length) {
    if (node.flow) return [TextEdit.replace(f.lines.range(node.range[0], node.range[1]), '[]')];
    const keyEnd = (pair?.key as Node | undefined)?.range?.[1];
    if (keyEnd === undefined) return [];
    const colon = text.indexOf(':', keyEnd);
    const end = afterContent(text, items[items.length - 1].range![1]);
    return [TextEdit.replace(f.lines.range(colon + 1, end), ' []\n')];
  }
  const edits: TextEdit[] = [];
  if (node.flow) {
    for (const i of drop) {
      const r = items[i].range!;
      const next = items[i + 1]?.range;
      const prev = items[i - 1]?.range;
      if (next) edits.push(TextEdit.replace(f.lines.range(r[0], next[0]), ''));
      else if (prev) edits.push(TextEdit.replace(f.lines.range(prev[1], r[1]), ''));
    }
    return mergeAdjacent(edits);
  }
  for (const i of drop) {
    let start = dashLineStart(text, items[i].range![0]);
    const next = items[i + 1];
    let end: number;
    if (next?.range) end = dashLineStart(text, next.range[0]);
    else {
      end = afterContent(text, items[i].range![1]);
      // The last item also takes the blank lines that separated it from the one before.
      const prev = items[i - 1];
      if (prev?.range && !drop.has(i - 1)) start = Math.min(start, afterContent(text, prev.range[1]));
    }
    edits.push(TextEdit.replace(f.lines.range(start, end), ''));
  }
  return edits;
}

function mergeAdjacent(edits: TextEdit[]): TextEdit[] {
  return edits.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** Deletes a key and its value (whole lines in a block map). */
export function removePair(f: OpenFile, path: Path): TextEdit[] {
  const { pair, parent } = locate(f.yaml, path);
  if (!isMap(parent) || !pair) return [];
  const keyStart = (pair.key as Node | undefined)?.range?.[0];
  if (keyStart === undefined) return [];
  const i = parent.items.indexOf(pair);
  const valueEnd = (pair.value as Node | null)?.range?.[1] ?? (pair.key as Node).range![1];
  if (parent.flow) {
    const next = parent.items[i + 1]?.key as Node | undefined;
    const prev = parent.items[i - 1];
    if (next?.range) return [TextEdit.replace(f.lines.range(keyStart, next.range[0]), '')];
    const prevEnd = (prev?.value as Node | null)?.range?.[1] ?? (prev?.key as Node | undefined)?.range?.[1];
    return [TextEdit.replace(f.lines.range(prevEnd ?? keyStart, valueEnd), '')];
  }
  if (parent.items.length === 1) return []; // the map would vanish; leave that to the user
  const start = lineStartOf(f.text, keyStart);
  const nextKey = (parent.items[i + 1]?.key as Node | undefined)?.range?.[0];
  const end = nextKey !== undefined ? lineStartOf(f.text, nextKey) : afterContent(f.text, valueEnd);
  // A key that shares its line with a list dash (`- link: x`) cannot go alone.
  if (/-\s*$/.test(f.text.slice(start, keyStart))) return [];
  return [TextEdit.replace(f.lines.range(start, end), '')];
}

/** YAML text of `{ key: value }` as block lines, each indented by `indent` spaces. */
export function blockEntry(key: string, value: unknown, indent: number): string {
  const doc = new Document({ [key]: value });
  // Secret references read best inline, as the docs write them: `token: { secret: NAME }`.
  visit(doc, {
    Map(_, node) {
      if (node.items.length === 1 && keyOf(node.items[0]) === 'secret') node.flow = true;
    },
  });
  const body = doc.toString({ lineWidth: 0 });
  const pad = ' '.repeat(Math.max(0, indent));
  return (
    body
      .split('\n')
      .filter((l, i, all) => l !== '' || i < all.length - 1)
      .map((l) => (l ? pad + l : l))
      .join('\n') + '\n'
  );
}

/**
 * Adds `key: value` to the map at `mapPath`, after its last entry. When the map is missing, it is
 * created inside its parent (recursively up to the root).
 */
export function insertMapEntry(f: OpenFile, mapPath: Path, key: string, value: unknown): TextEdit[] {
  const text = f.text;
  const { node, pair } = locate(f.yaml, mapPath);
  if (isMap(node) && node.range) {
    if (node.flow) {
      const inner = `${JSON.stringify(key).slice(1, -1) === key && /^[A-Za-z0-9_-]+$/.test(key) ? key : JSON.stringify(key)}: ${JSON.stringify(value)}`;
      const close = text.lastIndexOf('}', node.range[1]);
      if (close < 0) return [];
      const sep = node.items.length ? ', ' : ' ';
      return [TextEdit.insert(f.lines.positionAt(close), `${sep}${inner} `.replace(/^ {2}/, ' '))];
    }
    if (node.items.length === 0) return [];
    const firstKey = (node.items[0].key as Node | undefined)?.range?.[0];
    if (firstKey === undefined) return [];
    const indent = firstKey - lineStartOf(text, firstKey);
    const at = afterContent(text, node.range[1]);
    const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
    return [TextEdit.insert(f.lines.positionAt(at), lead + blockEntry(key, value, indent))];
  }
  if (pair && (node === undefined || node === null || (isScalar(node) && (node.value === null || node.value === '')))) {
    // `key:` with nothing after it: the new entry goes on the next lines, indented below the key.
    const keyStart = (pair.key as Node | undefined)?.range?.[0];
    const keyEnd = (pair.key as Node | undefined)?.range?.[1];
    if (keyStart === undefined || keyEnd === undefined) return [];
    const indent = keyStart - lineStartOf(text, keyStart) + 2;
    const colon = text.indexOf(':', keyEnd);
    const eol = f.lines.lineEnd(f.lines.positionAt(colon).line);
    return [TextEdit.replace(f.lines.range(colon + 1, eol), '\n' + blockEntry(key, value, indent).replace(/\n$/, ''))];
  }
  if (node !== undefined) return [];
  if (mapPath.length === 0) {
    // An empty document: write the entry as the whole content.
    if (f.yaml.doc?.contents && !isScalar(f.yaml.doc.contents)) return [];
    const lead = text.length && !text.endsWith('\n') ? '\n' : '';
    return [TextEdit.insert(f.lines.positionAt(text.length), lead + blockEntry(key, value, 0))];
  }
  const last = mapPath[mapPath.length - 1];
  if (typeof last !== 'string') return [];
  return insertMapEntry(f, mapPath.slice(0, -1), last, { [key]: value });
}
