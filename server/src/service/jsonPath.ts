/**
 * The JSONPath subset output variables use: `$`, `.name`, `['name']`, `[n]` (negative from the end),
 * `.*`, `[*]`, `..name` and `..*`. Anything else is reported, not guessed. Parsed here, in the core, so the
 * runner (which queries bodies) and SK016 (which walks recorded response shapes) read paths the same way.
 */

export type JsonPathSegment = { kind: 'child' | 'descendant'; key: string | number | '*' };

export function parseJsonPath(path: string): JsonPathSegment[] | string {
  if (!path.startsWith('$')) return `JSONPath '${path}' must start with $`;
  const segs: JsonPathSegment[] = [];
  let i = 1;
  const name = /^[A-Za-z_$@-][A-Za-z0-9_$@-]*/;
  while (i < path.length) {
    let kind: JsonPathSegment['kind'] = 'child';
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
