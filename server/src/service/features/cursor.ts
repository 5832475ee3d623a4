import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { isExtensionKey } from '../extensions';
import { kindOf } from '../files';
import type { Path } from '../kinds/common';
import type { FileKind } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { keyString, parseYamlCached, type YamlFile } from '../yamlFile';
import { derefNode, isMergeKey, mergeSources } from '../yamlMerge';
import { LineIndex } from './text';

export type { Path };

/** The current text of a Stellar file, parsed once per request. */
export interface OpenFile {
  uri: string;
  kind: FileKind;
  text: string;
  lines: LineIndex;
  yaml: YamlFile;
}

/**
 * Kept for the few most recent texts: hovering, completing and the code lens refresh after one keystroke all
 * read the same text. The parse itself is the one the index made of that text (parseYamlCached).
 */
const CACHE_SIZE = 8;
const parsed = new Map<string, OpenFile>();

export function openFile(index: WorkspaceIndex, uri: string): OpenFile | undefined {
  if (typeof uri !== 'string') return undefined;
  const text = index.text(uri);
  const kind = kindOf(uri, index.rootUri);
  if (text === undefined || !kind) return undefined;
  return parseCached(uri, kind, text);
}

export function parseCached(uri: string, kind: FileKind, text: string): OpenFile {
  const key = `${kind}|${uri}`;
  const hit = parsed.get(key);
  if (hit && hit.text === text) {
    parsed.delete(key);
    parsed.set(key, hit);
    return hit;
  }
  const f: OpenFile = { uri, kind, text, lines: new LineIndex(text), yaml: parseYamlCached(uri, text) };
  parsed.delete(key);
  parsed.set(key, f);
  if (parsed.size > CACHE_SIZE) parsed.delete(parsed.keys().next().value!);
  return f;
}

/** What the cursor is on: a map key, or a value (scalar, or a collection when between its children). */
export interface Hit {
  path: Path;
  isKey: boolean;
  node: Node;
  pair?: Pair;
}

function span(n: unknown): [number, number] | undefined {
  const r = (n as Node | null | undefined)?.range;
  return r ? [r[0], r[1]] : undefined;
}

function inside(n: unknown, offset: number): boolean {
  const r = span(n);
  return !!r && r[0] <= offset && offset <= r[1];
}

export function keyOf(pair: Pair): string | undefined {
  const k = pair.key as unknown;
  if (isMergeKey(k)) return '<<';
  if (isScalar(k)) return k.value === null || k.value === undefined ? undefined : String(k.value);
  return typeof k === 'string' ? k : undefined;
}

/** The deepest node holding `offset`, with its path from the document root. */
export function nodeAt(file: YamlFile, offset: number): Hit | undefined {
  const root = file.doc?.contents as Node | null | undefined;
  if (!root || !inside(root, offset)) return undefined;
  let node: Node = root;
  const path: Path = [];
  let pair: Pair | undefined;
  for (let depth = 0; depth < 200; depth++) {
    let next: Node | undefined;
    if (isMap(node)) {
      for (const p of node.items) {
        const k = keyOf(p);
        if (k === undefined) continue;
        if (inside(p.key, offset)) return inData(file, { path: [...path, k], isKey: true, node: p.key as Node, pair: p });
        if (inside(p.value, offset)) {
          path.push(k);
          pair = p;
          next = p.value as Node;
          break;
        }
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        if (inside(node.items[i], offset)) {
          path.push(i);
          pair = undefined;
          next = node.items[i] as Node;
          break;
        }
      }
    }
    if (!next) break;
    node = next;
  }
  return inData(file, { path, isKey: false, node, pair });
}

/**
 * A hit inside an anchor kept under an extension field, or inside a map written as a `<<` value, is
 * read where the data uses it: the path of the first place it is merged or aliased into (hover,
 * definition and rename then work there as in place). Unused anchors keep their own path.
 */
function inData(file: YamlFile, hit: Hit): Hit {
  if (!hit.path.some((seg) => seg === '<<' || (typeof seg === 'string' && isExtensionKey(seg)))) return hit;
  const path = dataPathOf(file, hit.isKey ? hit.pair : hit.node);
  return path ? { ...hit, path } : hit;
}

/** The first path of the data (as toJS builds it, merges and aliases followed) that reaches `want`: a node, or a pair by its key. */
function dataPathOf(file: YamlFile, want: unknown): Path | undefined {
  const doc = file.doc;
  let budget = 20000; // merged data can repeat a node many times: the search stays bounded
  const memo = new Map<YAMLMap, Map<string, Pair>>();
  const walk = (n: unknown, path: Path, depth: number): Path | undefined => {
    if (--budget < 0 || depth > 64) return undefined;
    const node = derefNode(doc, n as Node);
    if ((n === want || node === want) && path.length > 0) return path;
    if (isMap(node)) {
      for (const [k, p] of dataPairs(doc, node, memo)) {
        if (isExtensionKey(k)) continue;
        if (p === want) return [...path, k];
        const r = walk(p.value, [...path, k], depth + 1);
        if (r) return r;
      }
    } else if (isSeq(node)) {
      for (let i = 0; i < node.items.length; i++) {
        const r = walk(node.items[i], [...path, i], depth + 1);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(doc?.contents, [], 0);
}

/** A map's pairs as toJS reads them: its own, then those of the maps it merges that it does not override. */
function dataPairs(doc: YamlFile['doc'], map: YAMLMap, memo: Map<YAMLMap, Map<string, Pair>>): Map<string, Pair> {
  const known = memo.get(map);
  if (known) return known;
  const out = new Map<string, Pair>();
  memo.set(map, out); // a map merging itself (directly or not) sees what it has so far
  for (const p of map.items) {
    const k = isMergeKey(p.key) ? undefined : keyString(p.key);
    if (k !== undefined && !out.has(k)) out.set(k, p as Pair);
  }
  for (const p of map.items) {
    if (!isMergeKey(p.key)) continue;
    for (const source of mergeSources(doc, p.value)) {
      for (const [k, q] of dataPairs(doc, source, memo)) if (!out.has(k)) out.set(k, q);
    }
  }
  return out;
}

/** The first map pair, depth first in document order, that `match` accepts: its path and the map holding it. */
export function findPair(file: YamlFile, match: (pair: Pair, key: string) => boolean): { path: Path; map: YAMLMap } | undefined {
  const walk = (n: unknown, path: Path): { path: Path; map: YAMLMap } | undefined => {
    if (isMap(n)) {
      for (const p of n.items) {
        const k = keyOf(p);
        if (k === undefined) continue;
        if (match(p, k)) return { path: [...path, k], map: n };
        const r = walk(p.value, [...path, k]);
        if (r) return r;
      }
    } else if (isSeq(n)) {
      for (let i = 0; i < n.items.length; i++) {
        const r = walk(n.items[i], [...path, i]);
        if (r) return r;
      }
    }
    return undefined;
  };
  return walk(file.doc?.contents, []);
}

export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === 'number') v = v[seg];
    else if (v && typeof v === 'object' && !Array.isArray(v)) v = (v as Record<string, unknown>)[String(seg)];
    else return undefined;
  }
  return v;
}

/** Matches a path against a pattern: `null` any segment, `'#'` any list index, else the exact key. */
export function pathIs(path: Path, ...pattern: (string | number | null)[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => (p === null ? true : p === '#' ? typeof path[i] === 'number' : path[i] === p));
}
