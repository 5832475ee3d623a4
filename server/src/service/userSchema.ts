/**
 * The one place user-supplied JSON Schemas (binding and api-call `parameters`, discovered MCP tool input
 * schemas) are compiled. `pattern` and `patternProperties` run on RE2 (re2js: linear time, so no input can
 * hang validation), compiled validators sit in a bounded LRU cache keyed by the schema's JSON text, and a
 * schema's `$id` never clashes with an earlier one. Pure: no I/O.
 */
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { RE2JS } from 're2js';

/** Why RE2 cannot run `pattern` (written for a person), or undefined when it can. */
export function patternProblem(pattern: string): string | undefined {
  const unsupported = unsupportedFeature(pattern);
  if (unsupported) return unsupported;
  try {
    RE2JS.compile(RE2JS.translateRegExp(pattern));
    return undefined;
  } catch (e) {
    return `it is not valid RE2 syntax (${(e as Error).message.replace(/^error parsing regexp: /, '')})`;
  }
}

/** Lookaround and backreferences: JavaScript has them, RE2 does not (they are what makes matching exponential). */
function unsupportedFeature(pattern: string): string | undefined {
  // Skip escaped characters and character classes, where `(?=` or `\1` mean nothing special.
  for (let i = 0, inClass = false; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `it uses a backreference (\\${next})`;
      if (!inClass && next === 'k' && pattern[i + 2] === '<') return 'it uses a named backreference (\\k<...>)';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
      if (pattern[i + 1] === ']') i++; // `[]...]` is not a class end in this position for RE2; keep scanning
    } else if (c === '(' && pattern[i + 1] === '?') {
      const tail = pattern.slice(i + 2, i + 4);
      if (tail.startsWith('=') || tail.startsWith('!')) return `it uses a lookahead (${pattern.slice(i, i + 3)})`;
      if (tail === '<=' || tail === '<!') return `it uses a lookbehind (${pattern.slice(i, i + 4)})`;
    }
  }
  return undefined;
}

/** One regular expression of a schema, and where it is: `path` leads to the `pattern` value or the `patternProperties` key. */
export interface SchemaPattern {
  pattern: string;
  path: (string | number)[];
  isKey: boolean;
}

const SCHEMA_MAPS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas', 'dependencies'];
const SCHEMA_LISTS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_ONE = [
  'additionalItems',
  'additionalProperties',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
  'not',
  'unevaluatedItems',
  'unevaluatedProperties',
];

/**
 * Every `pattern` value and `patternProperties` key of a schema, walking subschemas only (a `pattern` key in
 * `default`, `enum` or `examples` is data, not a regular expression). Depth-bounded for hostile input.
 */
export function schemaPatterns(schema: unknown, base: (string | number)[] = []): SchemaPattern[] {
  const out: SchemaPattern[] = [];
  const visit = (node: unknown, path: (string | number)[], depth: number): void => {
    if (!isObject(node) || depth > 64) return;
    if (typeof node.pattern === 'string') out.push({ pattern: node.pattern, path: [...path, 'pattern'], isKey: false });
    if (isObject(node.patternProperties)) {
      for (const key of Object.keys(node.patternProperties)) out.push({ pattern: key, path: [...path, 'patternProperties', key], isKey: true });
    }
    for (const k of SCHEMA_MAPS) {
      const m = node[k];
      if (isObject(m)) for (const [name, sub] of Object.entries(m)) visit(sub, [...path, k, name], depth + 1);
    }
    for (const k of SCHEMA_LISTS) {
      const l = node[k];
      if (Array.isArray(l)) l.forEach((sub, i) => visit(sub, [...path, k, i], depth + 1));
    }
    for (const k of SCHEMA_ONE) visit(node[k], [...path, k], depth + 1);
    if (Array.isArray(node.items)) node.items.forEach((sub, i) => visit(sub, [...path, 'items', i], depth + 1));
    else visit(node.items, [...path, 'items'], depth + 1);
  };
  visit(schema, base, 0);
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The linear-time engine ajv calls for `pattern` and `patternProperties` (ajv's `code.regExp` option). */
function re2RegExp(pattern: string, flags: string): { test(s: string): boolean; toString(): string } {
  const problem = patternProblem(pattern);
  if (problem)
    throw new Error(
      `pattern ${JSON.stringify(pattern)} cannot be used: ${problem}; patterns run on a linear-time engine (RE2 syntax), so lookaround and backreferences are not available`,
    );
  const re = RE2JS.compile(RE2JS.translateRegExp(pattern));
  // ajv shares one compiled pattern per `toString()` value: it must tell patterns apart.
  return { test: (s: string) => re.test(s), toString: () => `/${pattern}/${flags}` };
}
re2RegExp.code = 're2RegExp';

/** Validators kept at most. */
export const VALIDATOR_CACHE_CAPACITY = 256;
/** Compiles one ajv instance serves before a fresh one replaces it (a fresh instance costs about 100 compiles). */
const COMPILES_PER_AJV = 1024;

const cache = new Map<string, ValidateFunction>();
let ajv: Ajv | undefined;
let compilesOnAjv = 0;

function freshAjv(): Ajv {
  // ajv keeps every pattern and function it ever generated in the instance's scope: a bounded number of
  // compiles per instance keeps memory bounded however many distinct schemas a long-lived server sees.
  if (!ajv || compilesOnAjv >= COMPILES_PER_AJV) {
    // `optimize: false`: a user schema is compiled for a run or two, so compiling fast beats trimming the code.
    ajv = new Ajv({ allErrors: true, strict: false, code: { regExp: re2RegExp, optimize: false } });
    addFormats(ajv);
    compilesOnAjv = 0;
  }
  compilesOnAjv++;
  return ajv;
}

export type CompiledSchema = { ok: true; validate: ValidateFunction } | { ok: false; error: string };

/** Compiles a user schema (or returns the cached validator for the same JSON text). */
export function compileUserSchema(schema: unknown): CompiledSchema {
  if (typeof schema !== 'boolean' && !isObject(schema)) return { ok: false, error: 'it is not a JSON Schema object' };
  let key: string;
  try {
    key = JSON.stringify(schema);
  } catch {
    return { ok: false, error: 'it is not plain JSON (it refers to itself)' };
  }
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key); // re-inserted last: Map order is the recency order
    cache.set(key, hit);
    return { ok: true, validate: hit };
  }
  const instance = freshAjv();
  let validate: ValidateFunction;
  try {
    validate = instance.compile(schema as object);
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  } finally {
    // Compiling registers the schema (and its `$id`s) in the instance: removing it lets the next schema reuse
    // an `$id` with other content, and keeps the instance's registry from growing.
    removeQuietly(instance, schema as object);
  }
  cache.set(key, validate);
  if (cache.size > VALIDATOR_CACHE_CAPACITY) cache.delete(cache.keys().next().value as string);
  return { ok: true, validate };
}

function removeQuietly(instance: Ajv, schema: object): void {
  try {
    instance.removeSchema(schema);
  } catch {
    /* not registered: compile failed early */
  }
  // Nested `$id`s are registered by id; a later schema may use the same ids with other content.
  for (const id of nestedIds(schema))
    try {
      instance.removeSchema(id);
    } catch {
      /* not there */
    }
}

function nestedIds(schema: unknown, depth = 0, out: string[] = []): string[] {
  if (depth > 64 || typeof schema !== 'object' || schema === null) return out;
  if (Array.isArray(schema)) {
    for (const s of schema) nestedIds(s, depth + 1, out);
    return out;
  }
  const rec = schema as Record<string, unknown>;
  if (typeof rec.$id === 'string') out.push(rec.$id);
  for (const v of Object.values(rec)) nestedIds(v, depth + 1, out);
  return out;
}

/** How many validators the cache holds (for tests and benchmarks). */
export function validatorCacheSize(): number {
  return cache.size;
}
