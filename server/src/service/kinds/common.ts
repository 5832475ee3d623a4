import { isScalar, type Node } from 'yaml';
import type { Ref } from '../summary';
import { parseTemplate, renderSample, type ParsedTemplate } from '../templates';
import type { Finding, Range, Severity } from '../types';
import { locate, nodeRange, objectRangeAt, toRange, valueRangeAt, type YamlFile } from '../yamlFile';

export type Path = (string | number)[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Collects findings of one file with ranges resolved from YAML paths. */
export class Ctx {
  readonly findings: Finding[] = [];
  constructor(readonly file: YamlFile) {}

  add(code: string, severity: Severity, range: Range, message: string, data?: Record<string, unknown>): Finding {
    const f: Finding = { uri: this.file.uri, range, severity, code, message, related: [] };
    if (data) f.data = data;
    this.findings.push(f);
    return f;
  }
  value(path: Path): Range { return valueRangeAt(this.file, path) ?? objectRangeAt(this.file, path.slice(0, -1)); }
  object(path: Path): Range { return objectRangeAt(this.file, path); }
  ref(target: string, path: Path): Ref { return { target, range: this.value(path) }; }
}

/** `{ secret: NAME }` references anywhere below `path`. */
export function collectSecretRefs(ctx: Ctx, value: unknown, path: Path, out: Ref[]): void {
  if (Array.isArray(value)) { value.forEach((v, i) => collectSecretRefs(ctx, v, [...path, i], out)); return; }
  if (!isRecord(value)) return;
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === 'secret' && typeof value.secret === 'string') {
    out.push(ctx.ref(value.secret, [...path, 'secret']));
    return;
  }
  for (const k of keys) collectSecretRefs(ctx, value[k], [...path, k], out);
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const CTL = /[\r\n\0]/;
const CREDENTIAL_HEADER = /^(authorization|proxy-authorization|x-api-key|api-key|apikey|x-auth-token|cookie)$|token|secret|password|api[-_]?key/i;

/** A literal that looks like a credential: a scheme with a value, or a well-known key prefix. */
export function looksLikeCredential(value: string): boolean {
  return /^(bearer|basic|token|digest)\s+\S{6,}/i.test(value)
    || /^(sk|pk|rk)_(live|test)_[A-Za-z0-9]{8,}/.test(value)
    || /^(ghp|gho|ghs|github_pat|xox[abpr]|AKIA|AIza|glpat)[-_A-Za-z0-9]{10,}/.test(value)
    || /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(value);
}

/** SK081 header names and values, SK022 literal credentials in headers. */
export function checkHeaders(ctx: Ctx, headers: unknown, path: Path): void {
  if (!isRecord(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    const keyPath = [...path, name];
    const keyRange = objectRangeAt(ctx.file, keyPath);
    if (CTL.test(name)) ctx.add('SK081', 'error', keyRange, `Header name ${JSON.stringify(name)} contains CR, LF or NUL: it could inject headers. Remove those characters.`);
    else if (!TOKEN.test(name)) ctx.add('SK081', 'error', keyRange, `'${name}' is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only, no spaces or colons). Rename it.`);
    if (typeof value === 'string') {
      if (CTL.test(value)) ctx.add('SK081', 'error', ctx.value(keyPath), `Header '${name}' value contains CR, LF or NUL: it could inject headers. Remove those characters.`);
      if (value.trim() !== '' && (looksLikeCredential(value) || (CREDENTIAL_HEADER.test(name) && value.length >= 8 && !/\s/.test(value.trim())))) {
        ctx.add('SK022', 'warning', ctx.value(keyPath), `Header '${name}' holds what looks like a literal credential: anyone with the repository can read it. Use { secret: NAME } and declare NAME in stellar.yaml.`, { field: name });
      }
    }
  }
}

/** SK081 for a path, URL or other value that must not carry CR, LF or NUL. */
export function checkNoControl(ctx: Ctx, value: unknown, path: Path, label: string): boolean {
  if (typeof value === 'string' && CTL.test(value)) {
    ctx.add('SK081', 'error', ctx.value(path), `${label} contains CR, LF or NUL: it could split the request. Remove those characters.`);
    return false;
  }
  return true;
}

export const E164 = /^\+[1-9][0-9]{1,14}$/;

export function isTemplate(v: string): boolean {
  return v.includes('{{');
}

/** Maps a span of a scalar's string value back to the source, by finding the same text inside the node. */
export function spanRange(file: YamlFile, path: Path, value: string, start: number, end: number): Range {
  const loc = locate(file, path);
  const node = loc.node as Node | undefined;
  const whole = nodeRange(file, node) ?? objectRangeAt(file, path);
  if (!node?.range || !isScalar(node)) return whole;
  const piece = value.slice(start, end);
  if (!piece) return whole;
  let nth = 0;
  for (let i = value.indexOf(piece); i >= 0 && i < start; i = value.indexOf(piece, i + 1)) nth++;
  const src = file.text.slice(node.range[0], node.range[1]);
  let at = -1;
  for (let k = 0, from = 0; k <= nth; k++) {
    at = src.indexOf(piece, from);
    if (at < 0) break;
    from = at + 1;
  }
  if (at < 0) return whole;
  return toRange(file.lines, node.range[0] + at, node.range[0] + at + piece.length);
}

export interface TemplateCheck {
  parsed: ParsedTemplate;
  ok: boolean;
}

/**
 * SK040: the template parses and every `.parameters.X` it reads is a property of the action's parameters.
 * `parameterNames` undefined means the action declares no parameters.
 */
export function checkTemplate(ctx: Ctx, value: unknown, path: Path, label: string, parameterNames: string[] | undefined): TemplateCheck | undefined {
  if (typeof value !== 'string' || !value.includes('{{') && !value.includes('}}')) return undefined;
  const parsed = parseTemplate(value);
  for (const e of parsed.errors) {
    ctx.add('SK040', 'error', spanRange(ctx.file, path, value, e.start, e.end), `${label} does not parse as a template: ${e.message}.`);
  }
  for (const f of parsed.fields) {
    if (f.path[0] !== 'parameters') continue;
    const name = f.path[1];
    if (name === undefined) continue;
    if (parameterNames === undefined || !parameterNames.includes(name)) {
      const known = parameterNames?.length ? `Defined parameters: ${parameterNames.join(', ')}.` : 'This action defines no parameters.';
      ctx.add('SK040', 'error', spanRange(ctx.file, path, value, f.start, f.end),
        `${label} reads '.parameters.${name}', which the action's parameters schema does not define, so it would render empty. ${known} Add '${name}' to parameters.properties or fix the name.`,
        { parameter: name });
    }
  }
  return { parsed, ok: parsed.errors.length === 0 };
}

/** SK042: the body template renders to JSON with sample values, whichever way its conditions go. */
export function checkBodyJson(ctx: Ctx, tpl: TemplateCheck | undefined, value: unknown, path: Path, parameters: unknown): void {
  if (typeof value !== 'string') return;
  const parsed = tpl?.parsed ?? parseTemplate(value);
  if (parsed.errors.length) return;
  const sample = (p: string[]) => sampleFor(parameters, p);
  for (const truthy of [true, false]) {
    const text = renderSample(parsed, truthy, sample);
    if (text.trim() === '') continue;
    try {
      JSON.parse(text);
    } catch (err) {
      const reason = (err as Error).message.replace(/^JSON\.parse: /, '').replace(/ in JSON at position \d+.*$/, '')
        .replace(/^(Unexpected token '[^']*'),[\s\S]*$/, '$1').replace(/ is not valid JSON$/, '');
      const shown = text.replace(/\s+/g, ' ').trim();
      const cond = parsed.nodes.some((n) => n.type !== 'text' && n.type !== 'output') ? (truthy ? ' (with its conditions true)' : ' (with its conditions false)') : '';
      ctx.add('SK042', 'error', ctx.value(path),
        `bodyTemplate is not valid JSON once filled with sample values${cond}: ${reason}. Rendered: ${shown.length > 120 ? shown.slice(0, 117) + '...' : shown}. Quote string parameters ("{{ .parameters.x }}") and leave numbers and booleans bare.`);
      return;
    }
  }
}

function sampleFor(parameters: unknown, path: string[]): string {
  if (path[0] !== 'parameters') return 'sample';
  let schema: unknown = parameters;
  for (const seg of path.slice(1)) {
    const props = isRecord(schema) && isRecord(schema.properties) ? schema.properties : undefined;
    schema = props?.[seg];
  }
  const t = isRecord(schema) ? (Array.isArray(schema.type) ? schema.type[0] : schema.type) : undefined;
  switch (t) {
    case 'number': case 'integer': return '1';
    case 'boolean': return 'true';
    case 'array': return '[sample]';
    case 'object': return 'map[]';
    default: return isRecord(schema) && Array.isArray(schema.enum) && schema.enum.length ? String(schema.enum[0]) : 'sample';
  }
}
