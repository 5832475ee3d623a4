/**
 * The JSON Schema (draft-07) of a JSON response body: types, properties and array items, never a value
 * (no `examples`, `enum`, `const` or `default`). Bounded, so a hostile body costs bounded time and memory.
 */

/** A schema node as Stellar Kit writes it: `type` one name or a list (a union), with properties and items. */
export interface JsonSchemaNode {
  type?: string | string[];
  properties?: Record<string, JsonSchemaNode>;
  required?: string[];
  /** Objects with more than SHAPE_LIMITS.properties keys are recorded as maps: one schema for every value, no key names. */
  additionalProperties?: JsonSchemaNode;
  items?: JsonSchemaNode;
  /** Set where a limit stopped the recording (depth): nothing below is known. */
  description?: string;
}

export const SHAPE_LIMITS = {
  /** Nesting levels recorded; deeper values are recorded as `{}` (anything). */
  depth: 32,
  /** Keys of one object recorded by name; an object with more is a map (`additionalProperties`). */
  properties: 200,
  /** Items of one array whose shapes are merged into `items`. */
  items: 1_000,
  /** Values visited in one body, in all; past it, what is left is recorded as `{}`. */
  values: 100_000,
} as const;

export const NOT_RECORDED = 'not recorded: past the recording limits';

const TYPE_ORDER = ['object', 'array', 'string', 'integer', 'number', 'boolean', 'null'];

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v; // string, boolean, object
}

/** The schema of `body` (a parsed JSON value). */
export function inferSchema(body: unknown): JsonSchemaNode {
  const budget = { values: SHAPE_LIMITS.values };
  return infer(body, 0, budget);
}

function infer(v: unknown, depth: number, budget: { values: number }): JsonSchemaNode {
  if (depth > SHAPE_LIMITS.depth || budget.values <= 0) return { description: NOT_RECORDED };
  budget.values--;
  const type = typeOf(v);
  if (type === 'array') {
    const arr = v as unknown[];
    let items: JsonSchemaNode | undefined;
    for (let i = 0; i < arr.length && i < SHAPE_LIMITS.items; i++) {
      const s = infer(arr[i], depth + 1, budget);
      items = items ? mergeSchemas(items, s) : s;
    }
    return items ? { type, items } : { type };
  }
  if (type === 'object') {
    const keys = Object.keys(v as object);
    const o = v as Record<string, unknown>;
    if (keys.length > SHAPE_LIMITS.properties) {
      let values: JsonSchemaNode | undefined;
      for (let i = 0; i < keys.length && i < SHAPE_LIMITS.items; i++) {
        const s = infer(o[keys[i]], depth + 1, budget);
        values = values ? mergeSchemas(values, s) : s;
      }
      return { type, additionalProperties: values ?? {} };
    }
    const properties: Record<string, JsonSchemaNode> = {};
    for (const k of keys) properties[k] = infer(o[k], depth + 1, budget);
    return { type, properties, required: [...keys] };
  }
  return { type };
}

export function typesOf(s: JsonSchemaNode): string[] {
  return s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
}

/** One schema for two shapes of the same place: types united, properties merged, `required` only what both have. */
export function mergeSchemas(a: JsonSchemaNode, b: JsonSchemaNode): JsonSchemaNode {
  // `{}` (past a limit) accepts anything: merging keeps it so.
  if (a.type === undefined) return a;
  if (b.type === undefined) return b;
  const types = new Set([...typesOf(a), ...typesOf(b)]);
  if (types.has('number')) types.delete('integer'); // every integer is a number
  const list = TYPE_ORDER.filter((t) => types.has(t));
  const out: JsonSchemaNode = { type: list.length === 1 ? list[0] : list };
  if (types.has('object')) {
    if (a.additionalProperties || b.additionalProperties) {
      const all = [a.additionalProperties, b.additionalProperties, ...Object.values(a.properties ?? {}), ...Object.values(b.properties ?? {})];
      out.additionalProperties = all.filter((x): x is JsonSchemaNode => !!x).reduce(mergeSchemas);
    } else if (a.properties || b.properties) {
      const pa = a.properties ?? {};
      const pb = b.properties ?? {};
      const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb)])];
      if (keys.length > SHAPE_LIMITS.properties) {
        out.additionalProperties = [...Object.values(pa), ...Object.values(pb)].reduce(mergeSchemas);
      } else {
        const properties: Record<string, JsonSchemaNode> = {};
        for (const k of keys) properties[k] = pa[k] && pb[k] ? mergeSchemas(pa[k], pb[k]) : (pa[k] ?? pb[k]);
        out.properties = properties;
        // A key is required only where every object of the place had it.
        const ra = typesOf(a).includes('object') ? new Set(a.required ?? []) : undefined;
        const rb = typesOf(b).includes('object') ? new Set(b.required ?? []) : undefined;
        out.required = keys.filter((k) => (!ra || ra.has(k)) && (!rb || rb.has(k)));
      }
    }
  }
  if (types.has('array')) {
    if (a.items && b.items) out.items = mergeSchemas(a.items, b.items);
    else if (a.items || b.items) out.items = a.items ?? b.items;
  }
  return out;
}
