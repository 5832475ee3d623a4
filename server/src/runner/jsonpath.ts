/** Queries a JSON value with the JSONPath subset the core parses (service/jsonPath.ts). */
import { parseJsonPath } from '../service';

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'object' && v !== null) return Object.values(v);
  return [];
}

function child(v: unknown, key: string | number | '*'): unknown[] {
  if (key === '*') return children(v);
  if (Array.isArray(v) && typeof key === 'number') {
    const i = key < 0 ? v.length + key : key;
    return i >= 0 && i < v.length ? [v[i]] : [];
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, String(key)))
    return [(v as Record<string, unknown>)[String(key)]];
  return [];
}

function descendants(v: unknown): unknown[] {
  const out: unknown[] = [v];
  for (const c of children(v)) out.push(...descendants(c));
  return out;
}

/** Every value the path selects, in document order; an empty list when it found nothing. */
export function queryJsonPath(json: unknown, path: string): { values: unknown[] } | { error: string } {
  const segs = parseJsonPath(path);
  if (typeof segs === 'string') return { error: segs };
  let cur: unknown[] = [json];
  for (const s of segs) {
    const from = s.kind === 'descendant' ? cur.flatMap(descendants) : cur;
    cur = from.flatMap((v) => child(v, s.key));
  }
  return { values: cur };
}
