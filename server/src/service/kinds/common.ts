import { isScalar, type Node } from 'yaml';
import type { Ref } from '../summary';
import { openMap, renderTemplate, Sampled } from '../run/render';
import { parseTemplate, type ParsedTemplate } from '../templates';
import { finding, type CodeOrVariant, type DataFor } from '../rules/rule';
import type { Finding, Range } from '../types';
import { CLIENT_OWNED_HEADERS, unsafeAt } from '../wireText';
import { locate, nodeRange, objectRangeAt, toRange, valueRangeAt, type YamlFile } from '../yamlFile';
import { messages as sk022 } from '../rules/SK022-literal-credential';
import { messages as sk040 } from '../rules/SK040-template';
import { notJsonMessage } from '../rules/SK042-body-not-json';
import { messages as sk081 } from '../rules/SK081-header-control';

export type Path = (string | number)[];

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** Collects findings of one file with ranges resolved from YAML paths. */
export class FileFindings {
  readonly findings: Finding[] = [];
  constructor(readonly file: YamlFile) {}

  /** A finding of `code` (or a named variant, `'SK061.cannotTell'`) with the severity its rule registers. */
  add<C extends CodeOrVariant>(code: C, range: Range, message: string, data?: DataFor<C>): Finding {
    const f = finding(code, this.file.uri, range, message, [], data);
    this.findings.push(f);
    return f;
  }
  value(path: Path): Range {
    return valueRangeAt(this.file, path) ?? objectRangeAt(this.file, path.slice(0, -1));
  }
  object(path: Path): Range {
    return objectRangeAt(this.file, path);
  }
  ref(target: string, path: Path): Ref {
    return { target, range: this.value(path) };
  }
}

/** `{ secret: NAME }` references anywhere below `path`. */
export function collectSecretRefs(ctx: FileFindings, value: unknown, path: Path, out: Ref[]): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectSecretRefs(ctx, v, [...path, i], out));
    return;
  }
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

/**
 * A credential that already carries the `Bearer ` scheme, where Stellar Kit adds it itself (a bearer token, a
 * Telnyx API key): sent, it would read `Bearer Bearer …` (SK020 at check time, a refusal at run time).
 */
export const BEARER_PREFIX = /^\s*bearer(\s|$)/i;

/** A literal that looks like a credential: a scheme with a value, or a well-known key prefix. */
export function looksLikeCredential(value: string): boolean {
  return (
    /^(bearer|basic|token|digest)\s+\S{6,}/i.test(value) ||
    /^(sk|pk|rk)_(live|test)_[A-Za-z0-9]{8,}/.test(value) ||
    /^(ghp|gho|ghs|github_pat|xox[abpr]|AKIA|AIza|glpat)[-_A-Za-z0-9]{10,}/.test(value) ||
    /^eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\./.test(value)
  );
}

/** SK081 header names and values, SK022 literal credentials in headers. */
export function checkHeaders(ctx: FileFindings, headers: unknown, path: Path): void {
  if (!isRecord(headers)) return;
  for (const [name, value] of Object.entries(headers)) {
    const keyPath = [...path, name];
    const keyRange = objectRangeAt(ctx.file, keyPath);
    if (CTL.test(name)) ctx.add('SK081', keyRange, sk081.controlInName(name));
    else if (!TOKEN.test(name)) ctx.add('SK081', keyRange, sk081.badName(name));
    else if (CLIENT_OWNED_HEADERS.has(name.toLowerCase())) {
      ctx.add('SK081', keyRange, sk081.clientOwned(name));
    }
    if (typeof value === 'string') {
      if (CTL.test(value)) ctx.add('SK081', ctx.value(keyPath), sk081.controlInValue(name));
      else checkWireText(ctx, value, keyPath, `Header '${name}' value`, 'Remove it.');
      if (value.trim() !== '' && (looksLikeCredential(value) || (CREDENTIAL_HEADER.test(name) && value.length >= 8 && !/\s/.test(value.trim())))) {
        ctx.add('SK022', ctx.value(keyPath), sk022.header(name), { field: name });
      }
    }
  }
}

/** SK081 for a path, URL or other value that must not carry CR, LF or NUL. */
export function checkNoControl(ctx: FileFindings, value: unknown, path: Path, label: string): boolean {
  if (typeof value === 'string' && CTL.test(value)) {
    ctx.add('SK081', ctx.value(path), sk081.controlIn(label));
    return false;
  }
  return typeof value !== 'string' || checkWireText(ctx, value, path, label, 'Remove it, or percent-encode it.');
}

/**
 * SK081 for the other characters refused on the wire (tabs and other controls, U+0085, U+2028/2029, non-Latin-1),
 * on the character itself when the source spells it literally; false when one was found.
 */
function checkWireText(ctx: FileFindings, value: string, path: Path, label: string, fix: string): boolean {
  const bad = unsafeAt(value);
  if (!bad) return true;
  const range = spanRange(ctx.file, path, value, bad.index, bad.index + bad.length);
  ctx.add('SK081', range, sk081.unsafeCharacter(label, bad.name, fix));
  return false;
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
  /** It parses and reads no parameter the schema lacks: a rendering would say something true. */
  ok: boolean;
}

/**
 * SK040: the template parses and every `.parameters.X` it reads is a property of the action's parameters.
 * `parameterNames` undefined means the action declares no parameters.
 */
export function checkTemplate(ctx: FileFindings, value: unknown, path: Path, label: string, parameterNames: string[] | undefined): TemplateCheck | undefined {
  if (typeof value !== 'string' || (!value.includes('{{') && !value.includes('}}'))) return undefined;
  const parsed = parseTemplate(value);
  let ok = parsed.errors.length === 0;
  for (const e of parsed.errors) {
    ctx.add('SK040', spanRange(ctx.file, path, value, e.start, e.end), sk040.doesNotParse(label, e.message));
  }
  for (const f of parsed.fields) {
    if (f.path[0] !== 'parameters') continue;
    const name = f.path[1];
    if (name === undefined) continue;
    if (parameterNames === undefined || !parameterNames.includes(name)) {
      ok = false;
      ctx.add('SK040', spanRange(ctx.file, path, value, f.start, f.end), sk040.unknownParameter(label, name, parameterNames), { parameter: name });
    }
  }
  return { parsed, ok };
}

/**
 * SK042: the body template renders to JSON once filled with sample values of its parameters schema.
 * Conditions those values decide are evaluated (a required parameter is there, a loop's index is known);
 * the others (an optional parameter, a boolean, a comparison, a conversation variable) are taken both
 * ways. A template SK040 already reports is not rendered: its values would be made up.
 */
export function checkBodyJson(ctx: FileFindings, tpl: TemplateCheck | undefined, value: unknown, path: Path, parameters: unknown): void {
  if (typeof value !== 'string') return;
  if (tpl && !tpl.ok) return;
  const parsed = tpl?.parsed ?? parseTemplate(value);
  if (parsed.errors.length) return;
  const data = {
    parameters: sampleOf(isRecord(parameters) ? { type: 'object', ...parameters } : { type: 'object' }, true),
    variables: openMap(SAMPLE_VARIABLES),
  };
  for (const undecided of [true, false]) {
    let met = false;
    const r = renderTemplate(parsed, data, {
      undecided,
      onUndecided: () => {
        met = true;
      },
    });
    if (!r.ok) return; // the runner refuses it too, for this reason: not a JSON question
    const reason = jsonError(r.text);
    if (reason !== undefined) {
      const shown = r.text.replace(/\s+/g, ' ').trim();
      ctx.add('SK042', ctx.value(path), notJsonMessage(reason, shown, met ? undecided : undefined));
      return;
    }
    if (!met) return; // no condition was left to go the other way
  }
}

function jsonError(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  try {
    JSON.parse(text);
    return undefined;
  } catch (err) {
    return (err as Error).message
      .replace(/^JSON\.parse: /, '')
      .replace(/ in JSON at position \d+.*$/, '')
      .replace(/^(Unexpected token '[^']*'),[\s\S]*$/, '$1')
      .replace(/ is not valid JSON$/, '');
  }
}

/** Conversation variables a check cannot know, but the caller's and dialled numbers, which have a form. */
const SAMPLE_VARIABLES = { call: { from: new Sampled('+15550100', false), to: new Sampled('+15550101', false) } };

/** A sample value of a schema; lists get one item. `present`: the value is sure to be there. */
function sampleOf(schema: unknown, present: boolean, depth = 0): Sampled {
  if (!isRecord(schema) || depth > 32) return new Sampled('sample', present);
  if ('const' in schema) return new Sampled(schema.const, present);
  if (Array.isArray(schema.enum) && schema.enum.length) return new Sampled(schema.enum[0], present);
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'number':
    case 'integer':
      return new Sampled(1, false); // 0 is false
    case 'boolean':
      return new Sampled(true, false);
    case 'array':
      return new Sampled([sampleOf(schema.items, true, depth + 1)], false); // may be empty
    case 'object': {
      const props = isRecord(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required : [];
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) out[k] = sampleOf(v, required.includes(k), depth + 1);
      return new Sampled(out, present);
    }
    default:
      return new Sampled('sample', false); // may be ''
  }
}
