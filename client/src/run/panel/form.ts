/**
 * The Run panel's form, without VS Code: a JSON Schema's properties (and a send-text-message's variables and
 * text) as fields, the text the webview holds per field read back as typed values, with a problem per field.
 * Live validation in the panel and the check before Send both use `readForm`; `checkParameters` (ajv) stays
 * the authority before anything is sent.
 */
import { E164, type TextMessageInputs } from '../../../../server/src/runner/index';
import { parseValue } from '../collect';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

export type FieldKind = 'text' | 'number' | 'checkbox' | 'select' | 'json' | 'textarea';

/** Where a field's value goes: the parameters, a conversation variable (`call.from`) or the message text. */
export type FieldGroup = 'parameters' | 'variables' | 'message';

export interface FormField {
  /** Unique in the form: `parameters.q`, `variables.call.from`, `message`. */
  id: string;
  name: string;
  group: FieldGroup;
  kind: FieldKind;
  required: boolean;
  /** The schema's type names, as written (`integer`, `number`, `string`...). */
  types: string[];
  description?: string;
  placeholder?: string;
  /** The schema's `default` as field text: the value a fresh form starts with. */
  initial?: string;
  /** select: each option's label and its value as JSON text ('' is "leave out"). */
  options?: { label: string; value: string }[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
}

/** A field's text for a value of its kind. */
function asText(v: unknown, kind: FieldKind): string {
  if (kind === 'select' || kind === 'json') return JSON.stringify(v, null, kind === 'json' ? 2 : undefined);
  if (kind === 'checkbox') return v === true ? 'true' : 'false';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function kindOf(prop: Rec, types: string[]): FieldKind {
  if (Array.isArray(prop.enum)) return 'select';
  if (types.length === 1 && types[0] === 'boolean') return 'checkbox';
  if (types.includes('string')) return 'text';
  if (types.includes('integer') || types.includes('number')) return 'number';
  return 'json';
}

const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

function parameterField(name: string, raw: unknown, required: boolean): FormField {
  const prop = isRec(raw) ? raw : {};
  const types = (Array.isArray(prop.type) ? prop.type : [prop.type ?? (Array.isArray(prop.enum) ? 'enum' : 'string')]).filter(
    (t): t is string => typeof t === 'string',
  );
  const kind = kindOf(prop, types);
  const f: FormField = { id: `parameters.${name}`, name, group: 'parameters', kind, required, types };
  if (typeof prop.description === 'string') f.description = prop.description;
  const example = Array.isArray(prop.examples) && prop.examples.length ? prop.examples[0] : undefined;
  if (example !== undefined) f.placeholder = `e.g. ${asText(example, kind === 'select' ? 'text' : kind)}`;
  if (prop.default !== undefined) f.initial = asText(prop.default, kind);
  if (kind === 'select') {
    f.options = (prop.enum as unknown[]).map((v) => ({ label: typeof v === 'string' ? v : JSON.stringify(v), value: JSON.stringify(v) }));
    if (!required) f.options.unshift({ label: '(leave out)', value: '' });
  }
  if (typeof prop.pattern === 'string') f.pattern = prop.pattern;
  for (const k of ['minimum', 'maximum', 'minLength', 'maxLength'] as const) if (num(prop[k]) !== undefined) f[k] = num(prop[k]);
  return f;
}

const PHONE_VARIABLES: Record<string, string> = {
  'call.from': 'The number the caller calls from (recipient: caller), E.164',
  'call.to': 'The number the caller dialled, E.164',
};

/** The fields of an action: its parameters, then what a send-text-message asks besides (variables, the text). */
export function formOf(schema: unknown, textMessage?: TextMessageInputs): FormField[] {
  const props = isRec(schema) && isRec(schema.properties) ? schema.properties : {};
  const required = new Set(isRec(schema) && Array.isArray(schema.required) ? schema.required : []);
  const fields = Object.entries(props).map(([name, raw]) => parameterField(name, raw, required.has(name)));
  for (const name of textMessage?.variables ?? []) {
    const phone = PHONE_VARIABLES[name];
    fields.push({
      id: `variables.${name}`,
      name: `.variables.${name}`,
      group: 'variables',
      kind: 'text',
      required: true,
      types: ['string'],
      description: phone ?? `The conversation variable .variables.${name} the templates read`,
      placeholder: phone ? 'e.g. +31612345678' : undefined,
      pattern: phone ? E164.source : undefined,
    });
  }
  if (textMessage?.agentWritesMessage) {
    fields.push({
      id: 'message',
      name: 'message text',
      group: 'message',
      kind: 'textarea',
      required: true,
      types: ['string'],
      description: 'This action has no message template: on a call the agent writes the text. Type the text to send.',
    });
  }
  return fields;
}

/** What is wrong with a field's text, or undefined; `value` is the typed value when there is one. */
export function readField(f: FormField, text: string): { value?: unknown; problem?: string } {
  // A phone number pasted with spaces around it is still the number (as the text output reads it).
  if (f.group === 'variables') text = text.trim();
  if (f.kind === 'checkbox') return { value: text === 'true' };
  if (text.trim() === '' && f.kind !== 'textarea') return f.required ? { problem: 'Required.' } : {};
  if (f.kind === 'textarea' && text.trim() === '') return { problem: 'Enter the text to send.' };
  if (f.kind === 'select') {
    try {
      return { value: JSON.parse(text) };
    } catch {
      return { problem: 'Pick one of the options.' };
    }
  }
  const parsed = f.kind === 'json' ? parseJson(text) : parseValue(text, { type: f.types.length ? f.types : 'string' });
  if ('error' in parsed) return { problem: parsed.error };
  const v = parsed.value;
  if (typeof v === 'string') {
    if (f.minLength !== undefined && v.length < f.minLength) return { problem: `At least ${f.minLength} characters.` };
    if (f.maxLength !== undefined && v.length > f.maxLength) return { problem: `At most ${f.maxLength} characters.` };
    if (f.pattern !== undefined) {
      // The schema's pattern is the user's text: one that JavaScript cannot compile is left to checkParameters.
      let re: RegExp | undefined;
      try {
        re = new RegExp(f.pattern, 'u');
      } catch {
        re = undefined;
      }
      if (re && !re.test(v)) return { problem: `Must match ${f.pattern}.` };
    }
  }
  if (typeof v === 'number') {
    if (f.minimum !== undefined && v < f.minimum) return { problem: `At least ${f.minimum}.` };
    if (f.maximum !== undefined && v > f.maximum) return { problem: `At most ${f.maximum}.` };
  }
  return { value: v };
}

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return { error: `Not JSON: ${(e as Error).message}` };
  }
}

export interface FormValues {
  parameters: Record<string, unknown>;
  /** Dotted names (`call.from`) to their text. */
  variables: Record<string, string>;
  message?: string;
}

/** The form's texts (by field id) as values, and a problem per field id that has one. */
export function readForm(fields: FormField[], texts: Record<string, string>): { values: FormValues; problems: Record<string, string> } {
  const values: FormValues = { parameters: {}, variables: {} };
  const problems: Record<string, string> = {};
  for (const f of fields) {
    const r = readField(f, texts[f.id] ?? (f.kind === 'checkbox' ? 'false' : ''));
    if (r.problem) problems[f.id] = r.problem;
    else if (r.value === undefined) continue;
    else if (f.group === 'parameters') values.parameters[f.name] = r.value;
    else if (f.group === 'variables') values.variables[f.id.slice('variables.'.length)] = String(r.value).trim();
    else values.message = String(r.value);
  }
  return { values, problems };
}

/** The texts a fresh form starts with: the remembered ones where there are, else the schema's defaults. */
export function initialTexts(fields: FormField[], remembered: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const r = remembered?.[f.id];
    if (r !== undefined) out[f.id] = r;
    else if (f.initial !== undefined) out[f.id] = f.initial;
  }
  return out;
}
