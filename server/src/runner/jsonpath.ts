/**
 * The JSONPath subset output variables use: `$`, `.name`, `['name']`, `[n]` (negative from the end),
 * `.*`, `[*]`, `..name` and `..*`. Anything else is reported, not guessed.
 */

type Segment = { kind: 'child' | 'descendant'; key: string | number | '*' };

export function parseJsonPath(path: string): Segment[] | string {
  if (!path.startsWith('$')) return `JSONPath '${path}' must start with $`;
  const segs: Segment[] = [];
  let i = 1;
  const name = /^[A-Za-z_$@-][A-Za-z0-9_$@-]*/;
  while (i < path.length) {
    let kind: Segment['kind'] = 'child';
    if (path.startsWith('..', i)) {
      kind = 'descendant';
      i += 2;
    } else if (path[i] === '.') i += 1;
    else if (path[i] !== '[') return `JSONPath '${path}': unexpected '${path[i]}' at ${i}`;
    if (path[i] === '*') {
      segs.push({ kind, key: '*' });
      i++;
      continue;
    }
    if (path[i] === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return `JSONPath '${path}': unclosed [`;
      const inner = path.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') {
        segs.push({ kind, key: '*' });
        continue;
      }
      if (/^-?[0-9]+$/.test(inner)) {
        segs.push({ kind, key: Number(inner) });
        continue;
      }
      const q = /^'((?:[^'\\]|\\.)*)'$|^"((?:[^"\\]|\\.)*)"$/.exec(inner);
      if (q) {
        segs.push({ kind, key: (q[1] ?? q[2]).replace(/\\(.)/g, '$1') });
        continue;
      }
      return `JSONPath '${path}': '[${inner}]' is not supported (use [n], [*] or ['name'])`;
    }
    const m = name.exec(path.slice(i));
    if (!m) return `JSONPath '${path}': expected a name at ${i}`;
    segs.push({ kind, key: m[0] });
    i += m[0].length;
  }
  return segs;
}

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
