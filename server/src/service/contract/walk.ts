/**
 * Walks an output variable's JSONPath over a recorded response schema (SK016): does the path find a place
 * the response had, and if not, which nearest path does exist.
 */
import { closest } from '../closest';
import { parseJsonPath, type JsonPathSegment } from '../jsonPath';
import { typesOf, type JsonSchemaNode } from './infer';

export type WalkResult =
  | { status: 'found' }
  /** The path cannot be decided from the schema (a part past the recording limits, an empty array, a path outside the subset). */
  | { status: 'unknown' }
  /** `existing` is the deepest prefix that exists; `nearest` the closest path that exists (maybe `existing`). */
  | { status: 'missing'; existing: string; missing: string; nearest: string; fields: string[] };

const NAME = /^[A-Za-z_$@-][A-Za-z0-9_$@-]*$/;
/** Descendant steps (`..`) visit at most this many schema nodes. */
const DESCENDANT_NODES = 10_000;

export function formatSegment(s: JsonPathSegment): string {
  const dots = s.kind === 'descendant' ? '..' : '';
  if (s.key === '*') return dots ? '..*' : '[*]';
  if (typeof s.key === 'number') return `${dots}[${s.key}]`;
  if (NAME.test(s.key)) return `${dots || '.'}${s.key}`;
  return `${dots}['${s.key.replace(/['\\]/g, '\\$&')}']`;
}

export function formatPath(segs: JsonPathSegment[]): string {
  return '$' + segs.map(formatSegment).join('');
}

const isUnknown = (n: JsonSchemaNode) => typesOf(n).length === 0;

/** The schemas one step selects from `n`; `unknown` when the schema cannot tell. */
function step(n: JsonSchemaNode, key: JsonPathSegment['key']): JsonSchemaNode[] | 'unknown' {
  if (isUnknown(n)) return 'unknown';
  const types = typesOf(n);
  const out: JsonSchemaNode[] = [];
  if (types.includes('object')) {
    if (key === '*') out.push(...Object.values(n.properties ?? {}));
    else if (n.properties && Object.prototype.hasOwnProperty.call(n.properties, String(key))) out.push(n.properties[String(key)]);
    if (n.additionalProperties) out.push(n.additionalProperties);
  }
  if (types.includes('array') && (key === '*' || typeof key === 'number')) {
    if (!n.items) return 'unknown'; // recorded empty: its items are not known
    out.push(n.items);
  }
  return out;
}

function descendants(nodes: JsonSchemaNode[]): JsonSchemaNode[] {
  const out: JsonSchemaNode[] = [];
  const todo = [...nodes];
  while (todo.length && out.length < DESCENDANT_NODES) {
    const n = todo.pop()!;
    out.push(n);
    todo.push(...Object.values(n.properties ?? {}));
    if (n.additionalProperties) todo.push(n.additionalProperties);
    if (n.items) todo.push(n.items);
  }
  return out;
}

function childNames(nodes: JsonSchemaNode[]): string[] {
  const names = new Set<string>();
  for (const n of nodes) for (const k of Object.keys(n.properties ?? {})) names.add(k);
  return [...names];
}

export function walkSchema(schema: JsonSchemaNode, path: string): WalkResult {
  const segs = parseJsonPath(path);
  if (typeof segs === 'string') return { status: 'unknown' };
  return walkSegments(schema, segs);
}

function walkSegments(schema: JsonSchemaNode, segs: JsonPathSegment[]): WalkResult {
  let cur: JsonSchemaNode[] = [schema];
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i];
    const from = s.kind === 'descendant' ? descendants(cur) : cur;
    const next: JsonSchemaNode[] = [];
    let unknown = false;
    for (const n of from) {
      const r = step(n, s.key);
      if (r === 'unknown') unknown = true;
      else next.push(...r);
    }
    if (next.length === 0) {
      if (unknown) return { status: 'unknown' };
      const existing = formatPath(segs.slice(0, i));
      return { status: 'missing', existing, missing: formatSegment(s), nearest: nearestPath(schema, segs, i, from), fields: childNames(from) };
    }
    cur = next;
  }
  return { status: 'found' };
}

/** The closest existing path: a near name in place of the missing one (keeping the rest when it exists), else the deepest prefix. */
function nearestPath(schema: JsonSchemaNode, segs: JsonPathSegment[], i: number, from: JsonSchemaNode[]): string {
  const s = segs[i];
  const names = childNames(from);
  const guess = typeof s.key === 'string' && s.key !== '*' ? closest(s.key, names) : undefined;
  if (guess === undefined) return formatPath(segs.slice(0, i));
  const replaced: JsonPathSegment[] = [...segs.slice(0, i), { kind: s.kind, key: guess }];
  const whole = [...replaced, ...segs.slice(i + 1)];
  return walkSegments(schema, whole).status === 'found' ? formatPath(whole) : formatPath(replaced);
}
