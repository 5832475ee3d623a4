import type { ErrorObject, ValidateFunction } from 'ajv';
import * as validators from '../generated/validators.js';
import { closest } from './closest';
import { finding, severityOf } from './rules';
import { LIMITS, omittedFinding } from './limits';
import { SEVERITY_RANK, type FileKind, type Finding, type Range } from './types';
import { firstLineRange, keyRangeAt, objectRangeAt, valueRangeAt, type YamlFile } from './yamlFile';

const BY_KIND: Record<FileKind, ValidateFunction> = {
  workspace: validators.workspace,
  integration: validators.integration,
  action: validators.action,
  auth: validators.auth,
  agent: validators.agent,
  agentLock: validators.agentLock,
  toolsLock: validators.toolsLock,
};

const KIND_LABEL: Record<FileKind, string> = {
  workspace: 'workspace manifest', integration: 'integration', action: 'shared action', auth: 'auth connector',
  agent: 'agent', agentLock: 'agent lock', toolsLock: 'tools lock',
};

export function kindLabel(kind: FileKind): string {
  return KIND_LABEL[kind];
}

/** Schema findings (SK002, SK003; SK050 for a phase outside the enum) for a parsed file. */
export function checkSchema(file: YamlFile, kind: FileKind): Finding[] {
  const value = file.value;
  const uri = file.uri;
  if (value === undefined) return []; // could not be read; SK001 says why
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    const found = value === null ? 'an empty file' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    const range = file.doc?.contents?.range ? valueRangeAt(file, []) ?? firstLineRange(file) : firstLineRange(file);
    const required = requiredOf(BY_KIND[kind].schema);
    const needs = required.length ? ` with at least ${required.map((r) => `'${r}'`).join(', ')}` : '';
    return [finding('SK002', uri, range, `${/^[aeiou]/.test(KIND_LABEL[kind]) ? 'An' : 'A'} ${KIND_LABEL[kind]} file must be a map of fields${needs}; found ${found}.`)];
  }
  const validate = BY_KIND[kind];
  if (validate(value)) return [];
  return mapErrors(file, pruneErrors(validate.errors ?? []));
}

/** Validates `value` against a compiled validator, mapping errors below `base` (used for `parameters`). */
export function mapErrors(file: YamlFile, errors: ErrorObject[], base: (string | number)[] = [], code = 'SK002'): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (out.length >= MAPPED_ERRORS) {
      // Past what a file can show (LIMITS.findingsPerFile), the rest is counted, not described.
      out.push(leftOut(file, errors, i, base, code));
      break;
    }
    const f = toFinding(file, e, base, code);
    if (!f) continue;
    const key = `${f.code}|${f.range.start.line}:${f.range.start.character}|${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Errors described in full per file: twice what a file shows, since some are dropped later (dedup, syntax). */
const MAPPED_ERRORS = 2 * LIMITS.findingsPerFile;

/** One finding counting errors[from...] by code and severity, at the first of them. */
function leftOut(file: YamlFile, errors: ErrorObject[], from: number, base: (string | number)[], code: string): Finding {
  const byCode = new Map<string, number>();
  let severity: Finding['severity'] = 'hint';
  for (let i = from; i < errors.length; i++) {
    const e = errors[i];
    const c = e.keyword === 'additionalProperties' ? 'SK003' : e.keyword === 'enum' && /\/phases\/\d+$/.test(e.instancePath) ? 'SK050' : code;
    if (SEVERITY_RANK[severityOf(c)] < SEVERITY_RANK[severity]) severity = severityOf(c); // the most severe of those left out
    byCode.set(c, (byCode.get(c) ?? 0) + 1);
  }
  const segs = [...base, ...segmentsOf(errors[from].instancePath)];
  return omittedFinding(file.uri, valueRangeAt(file, segs) ?? objectRangeAt(file, segs), byCode, severity);
}

/** Drops the wrapper errors (if/then, anyOf, oneOf) when a more precise error exists at or below them. */
export function pruneErrors(errors: ErrorObject[]): ErrorObject[] {
  const precise = errors.filter((e) => !['if', 'anyOf', 'oneOf', 'then', 'else'].includes(e.keyword));
  return errors.filter((e) => {
    if (e.keyword === 'if') return false;
    // propertyNames reports a bad key twice: as a pattern error carrying `propertyName`, then itself.
    if (e.keyword === 'pattern' && (e as { propertyName?: string }).propertyName !== undefined) return false;
    // A branch of anyOf/oneOf that does not even take the value's type says nothing when another
    // error explains the same value (`type: objekt`: the bad enum value, not "must be a list").
    if (e.keyword === 'type' && /\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath)
      && precise.some((p) => p !== e && p.instancePath === e.instancePath && !/\/(anyOf|oneOf)\/\d+\/type$/.test(p.schemaPath))) return false;
    if (!['anyOf', 'oneOf'].includes(e.keyword)) return true;
    return !precise.some((p) => p.instancePath === e.instancePath || p.instancePath.startsWith(e.instancePath + '/'));
  });
}

function segmentsOf(pointer: string): string[] {
  if (!pointer) return [];
  return pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describePath(segs: (string | number)[]): string {
  const named = [...segs].reverse().find((s) => typeof s === 'string' && !/^\d+$/.test(s));
  return named === undefined ? 'value' : `'${named}'`;
}

function toFinding(file: YamlFile, e: ErrorObject, base: (string | number)[], code: string): Finding | undefined {
  const segs = [...base, ...segmentsOf(e.instancePath)];
  const p = e.params as Record<string, unknown>;
  const uri = file.uri;
  const make = (range: Range | undefined, message: string, c = code): Finding => finding(c, uri, range ?? objectRangeAt(file, segs), message);
  const shown = (v: unknown) => {
    const t = typeof v === 'string' ? `'${v}'` : JSON.stringify(v) ?? String(v);
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const guess = closest(key, known);
      const shared = known.includes('link') && ['name', 'description', 'method', 'path', 'headers', 'outputVariables'].includes(key);
      const hint = shared ? `A binding cannot override the shared action's '${key}': every agent linking it sees the same value. Change it in the shared action file, or remove it here.`
        : guess ? `Did you mean '${guess}'?` : known.length ? `Known keys here: ${known.join(', ')}.` : 'No keys are allowed here.';
      const f = make(keyRangeAt(file, [...segs, key]), `Unknown key '${key}': it is ignored. ${hint}`, 'SK003');
      f.data = { key, suggestion: shared ? undefined : guess, known };
      return f;
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const f = make(objectRangeAt(file, segs), `Missing required field '${missing}'${segs.length ? ` in ${describePath(segs)}` : ''}. ${fieldHint(e, missing)}`.trim());
      f.data = { missing, at: segs, sample: sampleValue((e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties?.[missing]) };
      return f;
    }
    case 'type':
      return make(valueRangeAt(file, segs), `${describePath(segs)} must be ${article(String(p.type))}, found ${typeName(e.data)}.`);
    case 'enum': {
      const allowed = (p.allowedValues as unknown[]) ?? [];
      const isPhase = segs.length >= 2 && segs[segs.length - 2] === 'phases';
      const guess = typeof e.data === 'string' ? closest(e.data, allowed.map(String)) : undefined;
      const msg = `${shown(e.data)} is not a valid ${describePath(isPhase ? segs.slice(0, -1) : segs)} value: use one of ${allowed.map(String).join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}`;
      const f = make(valueRangeAt(file, segs), isPhase ? `Phase ${shown(e.data)} is not a conversation phase: use 'in-call' or 'post-call'.` : msg, isPhase ? 'SK050' : code);
      f.data = { allowed, suggestion: guess };
      return f;
    }
    case 'const':
      return make(valueRangeAt(file, segs), `${describePath(segs)} must be ${shown(p.allowedValue)}, found ${shown(e.data)}.`);
    case 'pattern':
      return make(valueRangeAt(file, segs), `${shown(e.data)} is not a valid ${describePath(segs)}: ${patternHint(String(p.pattern))}`);
    case 'propertyNames': {
      const name = String(p.propertyName);
      return make(keyRangeAt(file, [...segs, name]), `${shown(name)} is not a valid key in ${describePath(segs)}.`);
    }
    case 'minimum': case 'exclusiveMinimum': case 'maximum': case 'exclusiveMaximum':
      return make(valueRangeAt(file, segs), `${describePath(segs)} must be ${String(p.comparison)} ${String(p.limit)}, found ${shown(e.data)}.`);
    case 'minItems':
      return make(valueRangeAt(file, segs), `${describePath(segs)} needs at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}.`);
    case 'minProperties':
      return make(valueRangeAt(file, segs), `${describePath(segs)} needs at least ${String(p.limit)} entr${p.limit === 1 ? 'y' : 'ies'}.`);
    case 'minLength':
      return make(valueRangeAt(file, segs), `${describePath(segs)} must not be empty.`);
    case 'uniqueItems':
      return make(valueRangeAt(file, segs), `${describePath(segs)} lists the same value twice (items ${String(p.j)} and ${String(p.i)}).`);
    case 'discriminator': {
      const tag = String(p.tag);
      const allowed = ((e.parentSchema as { oneOf?: { properties?: Record<string, { const?: unknown }> }[] })?.oneOf ?? [])
        .map((b) => b.properties?.[tag]?.const).filter((x) => x !== undefined).map(String);
      const value = (e.data as Record<string, unknown> | undefined)?.[tag];
      if (value === undefined) {
        const isAction = tag === 'type' && segs[segs.length - 2] === 'actions';
        return make(objectRangeAt(file, segs), isAction
          ? `An action needs \`link\` (a binding to a shared action or MCP tool) or \`type\` (an agent-specific action: ${allowed.join(', ')}).`
          : `Missing required field '${tag}': use one of ${allowed.join(', ')}.`);
      }
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      const f = make(valueRangeAt(file, [...segs, tag]), `${shown(value)} is not a valid '${tag}': use one of ${allowed.join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}`);
      f.data = { allowed, suggestion: guess };
      return f;
    }
    default:
      return make(valueRangeAt(file, segs), `${describePath(segs)}: ${e.message ?? 'invalid value'}.`);
  }
}

function requiredOf(schema: unknown): string[] {
  const s = schema as { required?: string[] } | undefined;
  return Array.isArray(s?.required) ? s!.required : [];
}

/** A value to start a missing field with (the "Add missing required fields" quick fix): valid where the schema says enough. */
function sampleValue(schema: unknown): unknown {
  const s = schema as { enum?: unknown[]; const?: unknown; type?: unknown; default?: unknown } | undefined;
  if (!s || typeof s !== 'object') return '';
  if ('const' in s) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'array': return [];
    case 'object': return {};
    case 'boolean': return false;
    case 'integer': case 'number': return 1;
    default: return '';
  }
}

function fieldHint(e: ErrorObject, field: string): string {
  const props = (e.parentSchema as { properties?: Record<string, { description?: string; enum?: unknown[] }> } | undefined)?.properties;
  const d = props?.[field]?.description;
  const values = props?.[field]?.enum;
  const choices = Array.isArray(values) ? ` Use one of ${values.map(String).join(', ')}.` : '';
  if (!d) return choices.trim();
  const first = d.split(/(?<=\.)\s/)[0];
  return (first.length <= 160 ? first : '') + choices;
}

function article(type: string): string {
  const t = type.split(',').map((x) => (x === 'object' ? 'a map' : x === 'array' ? 'a list' : x === 'integer' ? 'an integer' : `a ${x}`));
  return t.join(' or ');
}

function typeName(v: unknown): string {
  if (v === null) return 'nothing (null)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return `the string '${v.length > 40 ? v.slice(0, 37) + '...' : v}'`;
  return `${typeof v === 'number' && Number.isInteger(v) ? 'the number' : `a ${typeof v}`} ${String(v)}`;
}

const PATTERN_HINTS: [RegExp, string][] = [
  [/^\^\[a-z0-9\]\[a-z0-9_-\]\*\$$/, 'ids are lower-case letters, digits, `_` and `-`, starting with a letter or digit.'],
  [/^\^\[A-Za-z0-9_-\]\+\$$/, 'use letters, digits, `_` and `-` only.'],
  [/^\^\[A-Za-z_\]\[A-Za-z0-9_\]\*\$$/, 'use letters, digits and `_`, not starting with a digit.'],
  [/^\^\\\$/, 'a JSONPath starts with `$`, e.g. `$.invoice.amount_due`.'],
  [/\//, 'write `<integration-id>/<action-id>`, e.g. `billing-api/lookup_invoice`.'],
  [/^\^\[A-Za-z\]\[A-Za-z0-9_\]\*\$$/, 'secret names are letters, digits and `_`, starting with a letter.'],
];

function patternHint(pattern: string): string {
  for (const [re, hint] of PATTERN_HINTS) if (re.test(pattern)) return hint;
  return `it must match ${pattern}.`;
}
