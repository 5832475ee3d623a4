import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { FoldingRangeKind, type FoldingRange, type Position, type SelectionRange } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { MAX_FILE_BYTES } from '../yamlFile';
import { openFile, type OpenFile } from './cursor';

/** VS Code shows at most 5000 folding ranges; more would only cost time. */
const MAX_FOLDING_RANGES = 5000;
const MAX_DEPTH = 200;

/**
 * Folding: every map pair and list item whose value spans more than its first line (block maps and
 * lists, block scalars, multi-line flow collections and strings), every run of two or more
 * full-line comments, and `# region` ... `# endregion` (as the language configuration's markers, which
 * VS Code no longer reads once a server gives folding ranges).
 */
export function foldingRanges(index: WorkspaceIndex, uri: string): FoldingRange[] {
  const f = openFile(index, uri);
  // A file over the limit is not parsed: nothing to fold, and its comments are not lexed either.
  if (!f || f.text.length > MAX_FILE_BYTES) return [];
  const byStart = new Map<number, FoldingRange>();
  const add = (startLine: number, endLine: number, kind?: string) => {
    if (endLine <= startLine) return;
    const prev = byStart.get(startLine);
    if (prev && prev.endLine >= endLine) return;
    byStart.set(startLine, kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  // Multi-line scalars, where a line starting with `#` is text, not a comment.
  const scalars: [number, number][] = [];
  const walk = (n: unknown, depth: number) => {
    if (depth > MAX_DEPTH || byStart.size >= MAX_FOLDING_RANGES) return;
    if (isScalar(n) && n.range && lineOf(f, n.range[0]) !== lastLine(f, n)) scalars.push([n.range[0], n.range[1]]);
    if (isMap(n)) {
      for (const p of n.items as Pair[]) {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        if (k?.range && v?.range) add(lineOf(f, k.range[0]), lastLine(f, v), undefined);
        walk(k, depth + 1);
        walk(v, depth + 1);
      }
    } else if (isSeq(n)) {
      for (const item of n.items as (Node | null)[]) {
        if (item?.range) add(lineOf(f, dashBefore(f.text, item.range[0])), lastLine(f, item));
        walk(item, depth + 1);
      }
    }
  };
  if (f.yaml.doc) walk(f.yaml.doc.contents, 0);
  const comments = commentRuns(f, scalars);
  for (const [start, end] of comments.runs) add(start, end, FoldingRangeKind.Comment);
  for (const [start, end] of comments.regions) add(start, end, FoldingRangeKind.Region);
  return [...byStart.values()].sort((a, b) => a.startLine - b.startLine).slice(0, MAX_FOLDING_RANGES);
}

/**
 * Selection ranges, from the innermost: the scalar's text (inside its quotes, then with them), the key or
 * value, the `key: value` pair or `- item`, the map or list holding it, its pair, and so on to the document.
 */
export function selectionRanges(index: WorkspaceIndex, uri: string, positions: Position[]): SelectionRange[] {
  const f = openFile(index, uri);
  if (!f || !Array.isArray(positions)) return [];
  return positions.map((p) => {
    const offset = f.lines.offsetAt(p);
    const spans = spansAt(f, offset);
    let result: SelectionRange | undefined;
    let last: [number, number] | undefined;
    for (const [s, e] of spans) {
      if (last && last[0] === s && last[1] === e) continue;
      if (last && (s < last[0] || e > last[1])) continue; // keep every parent around its child
      result = { range: f.lines.range(s, e), ...(result ? { parent: result } : {}) };
      last = [s, e];
    }
    const here = f.lines.positionAt(offset);
    // Built outermost first, so `result` is the innermost range and its parents lead outwards.
    return result ?? { range: { start: here, end: here } };
  });
}

/** The spans holding `offset`, outermost first. */
function spansAt(f: OpenFile, offset: number): [number, number][] {
  const out: [number, number][] = [];
  const root = f.yaml.doc?.contents as Node | null | undefined;
  const push = (s: number, e: number) => {
    if (s <= offset && offset <= e && s < e) out.push([s, e]);
  };
  let n: Node | null | undefined = root;
  for (let depth = 0; n?.range && depth < MAX_DEPTH; depth++) {
    const [s] = n.range;
    const e = trimEnd(f.text, n.range[1], s);
    if (offset < s || offset > e) break;
    push(s, e);
    let next: Node | null | undefined;
    if (isMap(n)) {
      for (const p of n.items as Pair[]) {
        const k = p.key as Node | null;
        const v = p.value as Node | null;
        if (!k?.range) continue;
        const pe = v?.range ? Math.max(trimEnd(f.text, v.range[1], k.range[0]), k.range[1]) : k.range[1];
        if (offset < k.range[0] || offset > pe) continue;
        push(k.range[0], pe);
        if (offset <= k.range[1]) {
          scalarSpans(f, k, push);
          return out;
        }
        next = v;
        break;
      }
    } else if (isSeq(n)) {
      for (const item of n.items as (Node | null)[]) {
        if (!item?.range) continue;
        const ie = trimEnd(f.text, item.range[1], item.range[0]);
        const dash = dashBefore(f.text, item.range[0]);
        if (offset < dash || offset > ie) continue;
        push(dash, ie);
        next = item;
        break;
      }
    } else {
      scalarSpans(f, n, push);
      return out;
    }
    n = next;
  }
  return out;
}

/** A scalar, then its text without the quotes. */
function scalarSpans(f: OpenFile, n: Node, push: (s: number, e: number) => void): void {
  if (!n.range || !isScalar(n)) return;
  const s = n.range[0];
  const e = trimEnd(f.text, n.range[1], s);
  push(s, e);
  if ((n.type === 'QUOTE_DOUBLE' || n.type === 'QUOTE_SINGLE') && e - s > 2) push(s + 1, e - 1);
}

function lineOf(f: OpenFile, offset: number): number {
  return f.lines.positionAt(offset).line;
}

/** The last line holding a character of the node (trailing line breaks and spaces excluded). */
function lastLine(f: OpenFile, n: Node): number {
  const [s, e] = n.range!;
  return lineOf(f, Math.max(s, trimEnd(f.text, e, s) - 1));
}

function trimEnd(text: string, end: number, start: number): number {
  let e = Math.min(end, text.length);
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

/** The `-` of a list item, when it is on the item's line or an earlier one with only spaces between. */
function dashBefore(text: string, start: number): number {
  let i = start;
  while (i > 0 && /\s/.test(text[i - 1])) i--;
  return i > 0 && text[i - 1] === '-' ? i - 1 : start;
}

/**
 * Runs of full-line comments ([first line, last line], two lines or more), and `# region` ... `# endregion` pairs.
 * A line is a comment when its first character is `#` outside every multi-line scalar (in a block scalar or a
 * quoted string, `#` is text).
 */
function commentRuns(f: OpenFile, scalars: [number, number][]): { runs: [number, number][]; regions: [number, number][] } {
  const inScalar = new Set<number>();
  for (const [s, e] of scalars) {
    for (let l = lineOf(f, s) + 1; l < f.lines.lineCount && f.lines.starts[l] < e; l++) inScalar.add(l);
  }
  const runs: [number, number][] = [];
  const regions: [number, number][] = [];
  const open: number[] = [];
  let runStart = -1;
  let runEnd = -1;
  for (let l = 0; l < f.lines.lineCount; l++) {
    const t = f.lines.lineText(l).trimStart();
    if (t[0] !== '#' || inScalar.has(l)) continue;
    if (/^#\s*region\b/.test(t)) open.push(l);
    else if (/^#\s*endregion\b/.test(t) && open.length > 0) regions.push([open.pop()!, l]);
    if (runStart >= 0 && runEnd === l - 1) runEnd = l;
    else {
      if (runStart >= 0 && runEnd > runStart) runs.push([runStart, runEnd]);
      runStart = runEnd = l;
    }
  }
  if (runStart >= 0 && runEnd > runStart) runs.push([runStart, runEnd]);
  return { runs, regions };
}
