import { isAlias, isMap, isScalar, isSeq, Scalar, visit, type Alias, type Document, type Node, type Pair, type ScalarTag, type YAMLMap } from 'yaml';

/** Makes a finding with its rule's severity (the registry's `finding`, passed in: this module is below the registry). */

/**
 * YAML merge keys (`<<: *defaults`, `<<: [*a, *b]`), as YAML 1.1 and Docker Compose read them: the pairs of
 * the merged maps are added to the map unless it has the key already (its own keys win, and in a list the
 * earlier map wins). `yaml`'s own merge tag throws on a source that is not a map, which would leave the
 * whole file unchecked; this one skips such a source, and `mergeFindings` reports it where it is written.
 */
const MERGE_KEY = '<<';

export const MERGE_TAG: ScalarTag = {
  identify: (v) => v === MERGE_KEY || (typeof v === 'symbol' && v.description === MERGE_KEY),
  default: 'key',
  tag: 'tag:yaml.org,2002:merge',
  test: /^<<$/,
  resolve: () => Object.assign(new Scalar(Symbol(MERGE_KEY)), { addToJSMap: addMergeToJSMap }),
  stringify: () => MERGE_KEY,
};

/** What `toJS` passes to `addToJSMap`; only `doc` is read here, the rest goes back to `yaml`. */
interface ToJSContext {
  doc: Document;
}

/** Merge aliases naming a map that contains them (found by `mergeFindings`): merging them would never end. */
const cyclic = new WeakSet<Alias>();

function addMergeToJSMap(ctx: ToJSContext | undefined, map: unknown, value: unknown): void {
  // Resolving through the context counts each alias against the document's alias budget (maxAliasCount).
  const resolve = (n: unknown) => (ctx && isAlias(n) ? (cyclic.has(n) ? undefined : n.resolve(ctx.doc, ctx as never)) : n);
  const source = resolve(value);
  for (const item of isSeq(source) ? source.items : [source]) {
    const from = resolve(item);
    if (!isMap(from)) continue;
    const pairs = from.toJSON(null, ctx as never, Map) as Map<unknown, unknown>;
    for (const [key, v] of pairs) {
      const target = map as Record<PropertyKey, unknown>;
      if (map instanceof Map) {
        if (!map.has(key)) map.set(key, v);
      } else if (!Object.prototype.hasOwnProperty.call(target, key as PropertyKey)) {
        Object.defineProperty(target, key as PropertyKey, { value: v, writable: true, enumerable: true, configurable: true });
      }
    }
  }
}

/** A merge key: a plain `<<` key (a quoted `"<<"` is an ordinary key). */
export function isMergeKey(key: unknown): boolean {
  return isScalar(key) && typeof key.value === 'symbol' && key.value.description === MERGE_KEY;
}

/** Alias → the node it names (the last anchor of that name before it), computed once per document. */
const aliasTargets = new WeakMap<Document, Map<Alias, Node | undefined>>();

export function resolveAlias(doc: Document, alias: Alias): Node | undefined {
  let targets = aliasTargets.get(doc);
  if (!targets) {
    const found = new Map<Alias, Node | undefined>();
    const anchors = new Map<string, Node>();
    visit(doc, (_key, n) => {
      if (isAlias(n)) found.set(n, anchors.get(n.source));
      else if (n && typeof n === 'object' && 'anchor' in n && typeof n.anchor === 'string' && n.anchor) anchors.set(n.anchor, n as Node);
    });
    aliasTargets.set(doc, (targets = found));
  }
  return targets.get(alias);
}

/** The node itself, or the node an alias names (followed through aliases of aliases). */
export function derefNode(doc: Document | undefined, node: Node | undefined): Node | undefined {
  for (let hops = 0; doc && isAlias(node) && hops < 32; hops++) node = resolveAlias(doc, node);
  return isAlias(node) ? undefined : node;
}

/** The maps a merge value brings in, in the order they take precedence. */
export function mergeSources(doc: Document | undefined, value: unknown): YAMLMap[] {
  const v = derefNode(doc, value as Node);
  const items = isSeq(v) ? v.items.map((it) => derefNode(doc, it as Node)) : [v];
  return items.filter((m): m is YAMLMap => isMap(m));
}

/**
 * The pair for `key` in `map` as `toJS` sees it: its own pair, else the first merged map's (recursively).
 * The pair found is the one written in the anchor's map, wherever that is in the file.
 */
export function findPairIn(
  doc: Document | undefined,
  map: YAMLMap,
  key: string,
  keyOf: (k: unknown) => string | undefined,
  visited?: Set<YAMLMap>,
): Pair | undefined {
  let merges = false;
  for (const it of map.items) {
    if (isMergeKey(it.key)) merges = true;
    else if (keyOf(it.key) === key) return it as Pair;
  }
  if (!merges) return undefined;
  // Each map is searched once: merges may repeat a map or refer to themselves.
  const seen = visited ?? new Set<YAMLMap>([map]);
  for (const it of map.items) {
    if (!isMergeKey(it.key)) continue;
    for (const source of mergeSources(doc, it.value)) {
      if (seen.has(source)) continue;
      seen.add(source);
      const p = findPairIn(doc, source, key, keyOf, seen);
      if (p) return p;
    }
  }
  return undefined;
}

/** A merge that brings in nothing: SK001 when the alias is broken, else an SK002 structure problem. */
export type MergeProblem =
  | { kind: 'mergeNoAnchor'; alias: string }
  | { kind: 'mergeCycle'; alias: string }
  | { kind: 'mergeAliasNotMap'; alias: string; what: string }
  | { kind: 'mergeNotMap'; what: string }
  | { kind: 'mergeEmpty' };

/**
 * Merge values that bring in something other than a map, and merge aliases that name no anchor or merge their
 * own container: `toJS` skips them, so the rest of the file is still checked. The passes word the findings.
 */
export function mergeProblems(doc: Document): { node: Node; problem: MergeProblem }[] {
  const out: { node: Node; problem: MergeProblem }[] = [];
  const report = (node: Node, problem: MergeProblem) => void out.push({ node, problem });
  const isMapOrAliasOfMap = (n: unknown) => isMap(derefNode(doc, n as Node));
  const check = (n: Node, inList: boolean, ancestors: readonly unknown[]) => {
    if (isAlias(n)) {
      const target = derefNode(doc, n);
      if (!target) return report(n, { kind: 'mergeNoAnchor', alias: n.source });
      if (ancestors.includes(target)) {
        cyclic.add(n);
        return report(n, { kind: 'mergeCycle', alias: n.source });
      }
      // An alias of a list of maps merges each of them (not inside a list: YAML lists do not nest here).
      if (isMap(target) || (!inList && isSeq(target) && target.items.every(isMapOrAliasOfMap))) return;
      return report(n, { kind: 'mergeAliasNotMap', alias: n.source, what: describeNode(target) });
    }
    if (isSeq(n) && !inList) {
      for (const it of n.items) check(it as Node, true, ancestors);
      return;
    }
    if (!isMap(n)) report(n, { kind: 'mergeNotMap', what: describeNode(n) });
  };
  visit(doc, {
    Pair: (_k, pair, ancestors) => {
      if (!isMergeKey(pair.key)) return;
      const value = pair.value as Node | null;
      if (!value || (isScalar(value) && value.value === null)) {
        report(pair.key as Node, { kind: 'mergeEmpty' });
        return;
      }
      check(value, false, ancestors);
    },
  });
  return out;
}

function describeNode(n: Node): string {
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) return n.value === null ? 'nothing (null)' : `the ${typeof n.value === 'string' ? 'string' : typeof n.value} ${JSON.stringify(n.value)}`;
  return 'not a map';
}
