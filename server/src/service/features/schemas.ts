import actionSchema from '../../../../schemas/action.schema.json';
import agentLockSchema from '../../../../schemas/agent-lock.schema.json';
import agentSchema from '../../../../schemas/agent.schema.json';
import authSchema from '../../../../schemas/auth.schema.json';
import integrationSchema from '../../../../schemas/integration.schema.json';
import toolsLockSchema from '../../../../schemas/tools-lock.schema.json';
import workspaceSchema from '../../../../schemas/workspace.schema.json';
import { isRecord } from '../kinds/common';
import type { FileKind } from '../types';
import { valueAt, type Path } from './cursor';

/** A JSON Schema node, read loosely: the files in /schemas are the only ones walked. */
export type Schema = Record<string, unknown>;

const ROOTS: Record<FileKind, Schema> = {
  manifest: workspaceSchema as Schema,
  integration: integrationSchema as Schema,
  action: actionSchema as Schema,
  auth: authSchema as Schema,
  agent: agentSchema as Schema,
  agentLock: agentLockSchema as Schema,
  toolsLock: toolsLockSchema as Schema,
};

/**
 * The schemas that apply to a value at one place: `$ref` followed, `if`/`then`/`else` decided by the
 * value, a `discriminator` branch picked by the value's tag (every branch when the tag is missing or
 * unknown), `allOf` merged in.
 */
function expand(root: Schema, s: unknown, value: unknown, depth = 0): Schema[] {
  if (!isRecord(s) || depth > 20) return [];
  let schema: Schema = s;
  for (let i = 0; i < 10 && typeof schema.$ref === 'string'; i++) {
    const m = /^#\/definitions\/(.+)$/.exec(schema.$ref);
    const def = m && isRecord(root.definitions) ? (root.definitions as Record<string, unknown>)[m[1]] : undefined;
    if (!isRecord(def)) return [];
    // A $ref next to a description keeps the outer description (it names this place).
    schema =
      typeof schema.description === 'string' && typeof def.description !== 'string'
        ? {
            ...def,
            description: schema.description,
            ...(typeof schema.markdownDescription === 'string' ? { markdownDescription: schema.markdownDescription } : {}),
          }
        : def;
  }
  const out: Schema[] = [schema];
  if (isRecord(schema.if)) {
    const required = Array.isArray(schema.if.required) ? (schema.if.required as string[]) : [];
    // An object with none of its keys yet could still become either branch.
    const holds = isRecord(value) && Object.keys(value).length > 0 ? required.every((r) => r in value) : undefined;
    if (holds !== false) out.push(...expand(root, schema.then, value, depth + 1));
    if (holds !== true) out.push(...expand(root, schema.else, value, depth + 1));
  }
  const tag = isRecord(schema.discriminator) && typeof schema.discriminator.propertyName === 'string' ? schema.discriminator.propertyName : undefined;
  for (const keyword of ['oneOf', 'anyOf'] as const) {
    const branches = Array.isArray(schema[keyword]) ? (schema[keyword] as unknown[]) : [];
    let picked = branches;
    if (tag && isRecord(value) && value[tag] !== undefined) {
      const match = branches.filter((b) => isRecord(b) && isRecord(b.properties) && (b.properties as Record<string, Schema>)[tag]?.const === value[tag]);
      if (match.length) picked = match;
    }
    for (const b of picked) out.push(...expand(root, b, value, depth + 1));
  }
  if (Array.isArray(schema.allOf)) for (const b of schema.allOf) out.push(...expand(root, b, value, depth + 1));
  return out;
}

export interface SchemaPlace {
  root: Schema;
  alts: Schema[];
}

/** The schemas at `path` of a document whose data is `data`. Empty when the place has no schema. */
export function schemaAt(kind: FileKind, data: unknown, path: Path): SchemaPlace {
  const root = ROOTS[kind];
  let alts = expand(root, root, data);
  for (let i = 0; i < path.length && alts.length; i++) {
    const seg = path[i];
    const value = valueAt(data, path.slice(0, i + 1));
    const next: Schema[] = [];
    for (const a of alts) {
      let child: unknown;
      if (typeof seg === 'number') child = isRecord(a.items) ? a.items : undefined;
      else {
        const props = isRecord(a.properties) ? a.properties : undefined;
        child = props && Object.prototype.hasOwnProperty.call(props, seg) ? props[seg] : isRecord(a.additionalProperties) ? a.additionalProperties : undefined;
      }
      if (child !== undefined) next.push(...expand(root, child, value));
    }
    alts = next;
  }
  return { root, alts };
}

export interface PropertyInfo {
  name: string;
  description?: string;
  required: boolean;
  schema: Schema;
}

/** Named properties a map at this place may hold, in schema order (each name once). */
export function propertiesOf(place: SchemaPlace): PropertyInfo[] {
  const out = new Map<string, PropertyInfo>();
  for (const a of place.alts) {
    if (!isRecord(a.properties)) continue;
    const required = Array.isArray(a.required) ? (a.required as string[]) : [];
    for (const [name, raw] of Object.entries(a.properties)) {
      const alts = expand(place.root, raw, undefined);
      const s = alts[0] ?? {};
      // A property that only carries a description is documented as unused (an MCP server's `environments`).
      if (isRecord(raw) && Object.keys(raw).every((k) => k === 'description' || k === 'markdownDescription')) continue;
      const prev = out.get(name);
      if (prev) {
        prev.required ||= required.includes(name);
        continue;
      }
      out.set(name, { name, description: descriptionOf({ root: place.root, alts }), required: required.includes(name), schema: s });
    }
  }
  return [...out.values()];
}

/** The description of the first schema here that has one, as markdown: its `markdownDescription` when it has one. */
export function descriptionOf(place: SchemaPlace): string | undefined {
  for (const a of place.alts) {
    const text = markdownOf(a);
    if (text !== undefined) return text;
  }
  return undefined;
}

function markdownOf(a: Schema): string | undefined {
  if (typeof a.markdownDescription === 'string') return a.markdownDescription;
  return typeof a.description === 'string' ? a.description : undefined;
}

export interface ValueInfo {
  value: string | number | boolean;
  description?: string;
}

/** Enum and const values allowed here, with the description of the branch a const selects. */
export function valuesOf(place: SchemaPlace): ValueInfo[] {
  const out = new Map<string, ValueInfo>();
  const fieldDescription = descriptionOf(place);
  for (const a of place.alts) {
    if (Array.isArray(a.enum)) {
      for (const v of a.enum)
        if (['string', 'number', 'boolean'].includes(typeof v) && !out.has(String(v)))
          out.set(String(v), { value: v as string, description: fieldDescription });
    }
    if (a.const !== undefined && ['string', 'number', 'boolean'].includes(typeof a.const) && !out.has(String(a.const))) {
      out.set(String(a.const), { value: a.const as string, description: markdownOf(a) ?? fieldDescription });
    }
    if (a.type === 'boolean') for (const b of [true, false]) if (!out.has(String(b))) out.set(String(b), { value: b, description: fieldDescription });
  }
  return [...out.values()];
}

/** True when the place holds a map (so `- word` there is a key being typed, not a list value). */
export function isObjectPlace(place: SchemaPlace): boolean {
  return place.alts.some(
    (a) => a.type === 'object' || isRecord(a.properties) || (Array.isArray(a.type) && a.type.includes('object') && isRecord(a.properties)),
  );
}
