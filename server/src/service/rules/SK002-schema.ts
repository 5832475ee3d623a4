import type { ErrorObject } from 'ajv';
import { TextEdit } from 'vscode-languageserver-types';
import { closest } from '../closest';
import { nodeAt } from '../features/cursor';
import { missingFieldsOf, single } from '../features/fixEdits';
import { insertMapEntry, removePair } from '../features/yamlEdits';
import type { Finding, Range } from '../types';
import { keyRangeAt, objectRangeAt, valueRangeAt, type StructureProblem, type YamlFile } from '../yamlFile';
import { unknownKey } from './SK003-unknown-key';
import { phaseMessage } from './SK050-phase';
import { type CodeOrVariant, defineRule, finding, type QuickFix } from './rule';

/** Every required field missing from that map, each with a value to start from. */
export function addMissingFields(): QuickFix {
  return {
    title: 'Add missing required fields',
    createCodeAction({ index, uri, file, data, fix }) {
      if (typeof data.missing !== 'string' || !Array.isArray(data.at)) return;
      const missing = missingFieldsOf(index, uri, data.at);
      fix(
        `Add missing required field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m.field}'`).join(', ')}`,
        single(
          uri,
          missing.flatMap((m) => insertMapEntry(file, data.at as (string | number)[], m.field, m.sample)),
        ),
        true,
      );
    },
  };
}

/** The closest allowed value (also SK050's). */
export function changeToAllowed(): QuickFix {
  return {
    title: 'Change to the closest allowed value',
    createCodeAction({ uri, diagnostic, data, fix }) {
      if (typeof data.suggestion === 'string') fix(`Change to '${data.suggestion}'`, single(uri, [TextEdit.replace(diagnostic.range, data.suggestion)]), true);
    },
  };
}

/** A field that is not allowed there (an MCP tool binding's parameters or bodyTemplate). */
export function removeField(): QuickFix {
  return {
    title: 'Remove the field that is not allowed',
    createCodeAction({ uri, file, diagnostic, data, fix }) {
      if (typeof data.remove !== 'string') return;
      const hit = nodeAt(file.yaml, file.lines.offsetAt(diagnostic.range.start));
      if (hit?.isKey) fix(`Remove '${data.remove}'`, single(uri, removePair(file, hit.path)), true);
    },
  };
}

/** SK002 raised by the cross-file checks: a shared action under a messaging channel. */
export function actionUnderChannelMessage(id: string): string {
  return `'${id}' is a messaging channel: shared actions belong to Custom API integrations. Use a send-text-message action in the agent instead.`;
}

/** A binding links a messaging channel. */
export function linkToChannelMessage(label: string, id: string): string {
  return `${label}: '${id}' is a messaging channel, which has no actions to link. Use a send-text-message action with channel: ${id}.`;
}

/** A binding to an MCP tool sets parameters or bodyTemplate. */
export function mcpToolFieldMessage(label: string, field: 'parameters' | 'bodyTemplate'): string {
  return `${label} links an MCP tool: its ${field === 'parameters' ? 'parameters come' : 'request is built'} from the server's tool definition, so '${field}' is not allowed here. Remove it.`;
}

/** A JSON pointer as path segments. */
export function segmentsOf(pointer: string): string[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function describePath(segs: (string | number)[]): string {
  const named = [...segs].reverse().find((s) => typeof s === 'string' && !/^\d+$/.test(s));
  return named === undefined ? 'value' : `'${named}'`;
}

/**
 * The finding for one ajv error of the schema pass (schemaCheck.ts runs it): SK002, SK003 for an unknown key, SK050
 * for a phase outside the enum; `code` is the code of the pass (SK043 for a parameters schema).
 */
export function schemaErrorFinding(file: YamlFile, e: ErrorObject, base: (string | number)[], code: 'SK002' | 'SK043'): Finding | undefined {
  const segs = [...base, ...segmentsOf(e.instancePath)];
  const p = e.params as Record<string, unknown>;
  const uri = file.uri;
  const make = (range: Range | undefined, message: string, c: CodeOrVariant = code): Finding => finding(c, uri, range ?? objectRangeAt(file, segs), message);
  const shown = (v: unknown) => {
    const t = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
    return t.length > 60 ? `${t.slice(0, 57)}...` : t;
  };
  switch (e.keyword) {
    case 'additionalProperties': {
      const key = String(p.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const unknown = unknownKey(key, known);
      const f = make(keyRangeAt(file, [...segs, key]), unknown.message, 'SK003');
      f.data = unknown.data;
      return f;
    }
    case 'required': {
      const missing = String(p.missingProperty);
      const f = make(
        objectRangeAt(file, segs),
        `Missing required field '${missing}'${segs.length ? ` in ${describePath(segs)}` : ''}. ${fieldHint(e, missing)}`.trim(),
      );
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
      const f = make(valueRangeAt(file, segs), isPhase ? phaseMessage(shown(e.data)) : msg, isPhase ? 'SK050' : code);
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
    case 'minimum':
    case 'exclusiveMinimum':
    case 'maximum':
    case 'exclusiveMaximum':
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
        .map((b) => b.properties?.[tag]?.const)
        .filter((x) => x !== undefined)
        .map(String);
      const value = (e.data as Record<string, unknown> | undefined)?.[tag];
      if (value === undefined) {
        const isAction = tag === 'type' && segs[segs.length - 2] === 'actions';
        return make(
          objectRangeAt(file, segs),
          isAction
            ? `An action needs \`link\` (a binding to a shared action or MCP tool) or \`type\` (an agent-specific action: ${allowed.join(', ')}).`
            : `Missing required field '${tag}': use one of ${allowed.join(', ')}.`,
        );
      }
      const guess = typeof value === 'string' ? closest(value, allowed) : undefined;
      const f = make(
        valueRangeAt(file, [...segs, tag]),
        `${shown(value)} is not a valid '${tag}': use one of ${allowed.join(', ')}.${guess ? ` Did you mean '${guess}'?` : ''}`,
      );
      f.data = { allowed, suggestion: guess };
      return f;
    }
    default:
      return make(valueRangeAt(file, segs), `${describePath(segs)}: ${e.message ?? 'invalid value'}.`);
  }
}

/** A value to start a missing field with (the "Add missing required fields" quick fix): valid where the schema says enough. */
function sampleValue(schema: unknown): unknown {
  const s = schema as { enum?: unknown[]; const?: unknown; type?: unknown; default?: unknown } | undefined;
  if (!s || typeof s !== 'object') return '';
  if ('const' in s) return s.const;
  if (s.default !== undefined) return s.default;
  if (Array.isArray(s.enum) && s.enum.length) return s.enum[0];
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'array':
      return [];
    case 'object':
      return {};
    case 'boolean':
      return false;
    case 'integer':
    case 'number':
      return 1;
    default:
      return '';
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

/** SK002 raised by the checks of kinds/, analyze.ts and yamlFile.ts (values the schema cannot judge). */
export const messages = {
  mcpUrl: (url: string) => `MCP server url '${url}' is not an absolute http(s) URL (e.g. https://mcp.example.com/mcp).`,
  baseUrl: (url: string) => `baseUrl '${url}' is not an absolute http(s) URL (e.g. https://api.example.com/v1).`,
  tokenUrl: (url: string) => `tokenUrl '${url}' is not an absolute http(s) URL.`,
  outputVariableTwice: (name: string, first: number, second: number) =>
    `Output variable '${name}' is defined twice (item ${first} and ${second}): the second would overwrite the first. Rename or remove one.`,
  secondDocument: () => 'A Stellar file holds one YAML document; this second document (after `---`) is ignored. Move it to its own file.',
  mergeAliasNotMap: (alias: string, what: string) =>
    `'<<' merges maps, but '*${alias}' names ${what}: nothing is merged from it. Point it at a map (for example one under an 'x-' key).`,
  mergeNotMap: (what: string) =>
    `'<<' merges maps, but this is ${what}: nothing is merged from it. Write an alias of a map ('<<: *defaults') or a list of them ('<<: [*a, *b]').`,
  mergeEmpty: () => `'<<' has no value: write an alias of a map ('<<: *defaults') or a list of them.`,
  fileName: (id: string, kindLabel: string) =>
    `File name '${id}' is not a valid ${kindLabel} id: ids are lower-case letters, digits, '_' and '-', starting with a letter or digit. Rename the file.`,
};

/** The SK002 message of a problem the YAML pass found in the document's structure (it cannot import this module). */
export function structureMessage(p: StructureProblem): string {
  switch (p.kind) {
    case 'secondDocument':
      return messages.secondDocument();
    case 'mergeAliasNotMap':
      return messages.mergeAliasNotMap(p.alias, p.what);
    case 'mergeNotMap':
      return messages.mergeNotMap(p.what);
    case 'mergeEmpty':
      return messages.mergeEmpty();
  }
}

/** SK002: Schema violation. */
export const SK002 = defineRule({
  code: 'SK002',
  severity: 'error',
  title: 'Schema violation',
  doc: 'A field breaks the format: a required field is missing, a value has the wrong type, is out of range\n(`maxSuccessfulCalls: 0`), is not one of the allowed values (`method: get`), or does not match its\npattern (ids, action names, a `link` that is not `<integration-id>/<action-id>`). Also SK002:',
  data: { missing: 'string?', at: 'path?', sample: 'unknown?', allowed: 'unknown[]?', suggestion: 'string?', remove: 'string?' },
  quickFixes: [addMissingFields(), changeToAllowed(), removeField()],
});
