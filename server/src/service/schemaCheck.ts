import type { ErrorObject, ValidateFunction } from 'ajv';
import * as validators from '../generated/validators.js';
import { LIMITS, omittedFinding } from './limits';
import { finding, severityOf } from './rules/rule';
import { schemaErrorFinding, segmentsOf } from './rules/SK002-schema';
import { SEVERITY_RANK, type FileKind, type Finding } from './types';
import { firstLineRange, objectRangeAt, valueRangeAt, type YamlFile } from './yamlFile';

const BY_KIND: Record<FileKind, ValidateFunction> = {
  manifest: validators.workspace,
  integration: validators.integration,
  action: validators.action,
  auth: validators.auth,
  agent: validators.agent,
  agentLock: validators.agentLock,
  toolsLock: validators.toolsLock,
};

const KIND_LABEL: Record<FileKind, string> = {
  manifest: 'workspace manifest',
  integration: 'integration',
  action: 'shared action',
  auth: 'auth connector',
  agent: 'agent',
  agentLock: 'agent lock',
  toolsLock: 'tools lock',
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
    const range = file.doc?.contents?.range ? (valueRangeAt(file, []) ?? firstLineRange(file)) : firstLineRange(file);
    const required = requiredOf(BY_KIND[kind].schema);
    const needs = required.length ? ` with at least ${required.map((r) => `'${r}'`).join(', ')}` : '';
    return [
      finding(
        'SK002',
        uri,
        range,
        `${/^[aeiou]/.test(KIND_LABEL[kind]) ? 'An' : 'A'} ${KIND_LABEL[kind]} file must be a map of fields${needs}; found ${found}.`,
      ),
    ];
  }
  const validate = BY_KIND[kind];
  if (validate(value)) return [];
  return mapErrors(file, pruneErrors(validate.errors ?? []));
}

/** Validates `value` against a compiled validator, mapping errors below `base` (used for `parameters`). */
export function mapErrors(file: YamlFile, errors: ErrorObject[], base: (string | number)[] = [], code: 'SK002' | 'SK043' = 'SK002'): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < errors.length; i++) {
    const e = errors[i];
    if (out.length >= MAPPED_ERRORS) {
      // Past what a file can show (LIMITS.findingsPerFile), the rest is counted, not described.
      out.push(leftOut(file, errors, i, base, code));
      break;
    }
    const f = schemaErrorFinding(file, e, base, code);
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
function leftOut(file: YamlFile, errors: ErrorObject[], from: number, base: (string | number)[], code: 'SK002' | 'SK043'): Finding {
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
    if (
      e.keyword === 'type' &&
      /\/(anyOf|oneOf)\/\d+\//.test(e.schemaPath) &&
      precise.some((p) => p !== e && p.instancePath === e.instancePath && !/\/(anyOf|oneOf)\/\d+\/type$/.test(p.schemaPath))
    )
      return false;
    if (!['anyOf', 'oneOf'].includes(e.keyword)) return true;
    return !precise.some((p) => p.instancePath === e.instancePath || p.instancePath.startsWith(e.instancePath + '/'));
  });
}

function requiredOf(schema: unknown): string[] {
  const s = schema as { required?: string[] } | undefined;
  return Array.isArray(s?.required) ? s!.required : [];
}
