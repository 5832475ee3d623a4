/**
 * Extension fields: a key starting with `x-` in a map of fields is the team's own (notes, anchors to merge
 * elsewhere, as Docker Compose and OpenAPI allow) and is ignored by every check. In a map whose keys are
 * names the user chooses, an `x-` key is a name like any other: headers (`x-request-id`), the declared
 * `secrets` of the manifest, the full ids of a lock's `actions`; and a JSON Schema (`parameters`, a tool's
 * `inputSchema`, a recorded response shape's `schema`) is kept whole.
 */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

type Mode = 'fields' | 'names';

/** The plain value of a file without its extension fields (a copy where something was removed). */
export function withoutExtensions(value: unknown): unknown {
  // Aliases share objects; each (object, mode) is walked once, so shared data costs nothing more.
  const seen = { fields: new Map<object, unknown>(), names: new Map<object, unknown>() };

  const walk = (v: unknown, mode: Mode, atRoot: boolean): unknown => {
    if (typeof v !== 'object' || v === null) return v;
    const done = seen[mode].get(v);
    if (done !== undefined) return done;
    let out: unknown;
    if (Array.isArray(v)) {
      const items = v.map((x) => walk(x, 'fields', false));
      out = items.some((x, i) => x !== v[i]) ? items : v;
    } else {
      const rec = v as Record<string, unknown>;
      let changed = false;
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(rec)) {
        if (mode === 'fields' && isExtensionKey(k)) {
          changed = true;
          continue;
        }
        const x = rec[k];
        const child =
          mode === 'names'
            ? walk(x, 'fields', false)
            : k === 'parameters' || k === 'inputSchema' || (atRoot && k === 'schema')
              ? x
              : k === 'headers' || (atRoot && (k === 'secrets' || (k === 'actions' && !Array.isArray(x))))
                ? walk(x, 'names', false)
                : walk(x, 'fields', false);
        if (child !== x) changed = true;
        // As yaml does: a key naming an inherited property (`__proto__`) stays an own property.
        Object.defineProperty(copy, k, { value: child, writable: true, enumerable: true, configurable: true });
      }
      out = changed ? copy : v;
    }
    seen[mode].set(v, out);
    return out;
  };
  return walk(value, 'fields', true);
}
