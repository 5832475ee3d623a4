import { CompletionItemKind, InsertTextFormat, InsertTextMode, TextEdit, type CompletionItem, type Position } from 'vscode-languageserver-types';
import { splitLink } from '../bindings';
import { find } from '../lookup';
import { ACTION_SNIPPETS } from '../scaffold/snippets';
import type { WorkspaceIndex } from '../workspace';
import { asSeqValue, completionContext, type CompletionContext } from './completionContext';
import { openFile, pathIs, valueAt, type OpenFile } from './cursor';
import { manifest, summariesOf } from './queries';
import { isObjectPlace, propertiesOf, schemaAt, valuesOf } from './schemas';
import { code } from './text';

type KeyContext = Extract<CompletionContext, { mode: 'key' }>;
type ValueContext = Extract<CompletionContext, { mode: 'value' }>;

const md = (value: string) => ({ kind: 'markdown' as const, value });

export function doComplete(index: WorkspaceIndex, uri: string, position: Position): CompletionItem[] {
  const f = openFile(index, uri);
  if (!f) return [];
  const ctx = completionContext(f, f.lines.offsetAt(position));
  if (!ctx) return [];
  if (ctx.mode === 'template') return templateItems(ctx);
  if (ctx.mode === 'key') {
    const place = schemaAt(f.kind, ctx.root, ctx.path);
    const asValue = asSeqValue(ctx, f);
    if (!asValue || isObjectPlace(place)) return keyItems(index, f, ctx);
    return valueItems(index, f, asValue);
  }
  return valueItems(index, f, ctx);
}

/** The only per-agent fields a binding to an MCP tool takes (the server defines its name, description and parameters). */
const MCP_BINDING_KEYS = new Set(['link', 'phases', 'maxSuccessfulCalls', 'allowedStates']);

function keyItems(index: WorkspaceIndex, f: OpenFile, ctx: KeyContext): CompletionItem[] {
  const inAction = f.kind === 'agent' && ctx.path.length === 2 && ctx.path[0] === 'actions' && typeof ctx.path[1] === 'number';
  // A new item with nothing yet: first choose its kind, which inserts the kind's skeleton.
  if (inAction && ctx.existing.length === 0 && ctx.indent >= 0 && !ctx.hasColon) return actionKindItems(ctx);
  const place = schemaAt(f.kind, ctx.root, ctx.path);
  const link = inAction ? valueAt(ctx.root, [...ctx.path, 'link']) : undefined;
  const integrationId = typeof link === 'string' ? splitLink(link)?.integrationId : undefined;
  const toMcp = integrationId !== undefined && find.integration(index.lookup, integrationId)?.integrationKind === 'mcp-server';
  const out: CompletionItem[] = [];
  for (const p of propertiesOf(place)) {
    if (ctx.existing.includes(p.name)) continue;
    if (toMcp && !MCP_BINDING_KEYS.has(p.name)) continue;
    out.push({
      label: p.name,
      kind: CompletionItemKind.Property,
      detail: p.required ? 'required' : undefined,
      documentation: p.description ? md(p.description) : undefined,
      sortText: `${p.required ? 0 : 1}${p.name}`,
      filterText: p.name,
      textEdit: TextEdit.replace(ctx.replace, ctx.hasColon ? p.name : `${p.name}: `),
    });
  }
  return out;
}

/** One item per kind of action (a binding, each agent-specific type), inserting its skeleton as a snippet. */
function actionKindItems(ctx: KeyContext): CompletionItem[] {
  const pad = ' '.repeat(ctx.indent);
  return ACTION_SNIPPETS.map((s, i) => ({
    label: s.label,
    kind: CompletionItemKind.Snippet,
    detail: s.label === 'link:' ? 'binding' : 'agent-specific action',
    documentation: md(s.description),
    sortText: String(i).padStart(2, '0'),
    filterText: s.label,
    insertTextFormat: InsertTextFormat.Snippet,
    // The skeleton's lines carry their own indentation (the item's column), so the editor must not add more.
    insertTextMode: InsertTextMode.asIs,
    textEdit: TextEdit.replace(ctx.replace, s.lines.map((l, j) => (j === 0 ? l : pad + l)).join('\n')),
  }));
}

function valueItems(index: WorkspaceIndex, f: OpenFile, ctx: ValueContext): CompletionItem[] {
  const p = ctx.path;
  const out: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItemKind, detail?: string, doc?: string, sort = '0') =>
    out.push({
      label,
      kind,
      detail,
      documentation: doc ? md(doc) : undefined,
      sortText: `${sort}${label}`,
      filterText: label,
      textEdit: TextEdit.replace(ctx.replace, label),
    });

  if (p[p.length - 1] === 'secret' && f.kind !== 'manifest') {
    for (const s of manifest(index)?.secrets ?? []) add(s.target, CompletionItemKind.Constant, 'secret', s.description || undefined);
    return out;
  }
  switch (f.kind) {
    case 'agent':
      if (pathIs(p, 'actions', '#', 'link')) linkItems(index, ctx, add);
      else if (pathIs(p, 'actions', '#', 'auth')) authItems(index, add);
      else if (pathIs(p, 'actions', '#', 'channel')) integrationItems(index, 'messaging-channel', add);
      else if (pathIs(p, 'actions', '#', 'allowedStates', '#')) {
        const states = valueAt(ctx.root, ['states']);
        const taken = siblings(ctx);
        if (Array.isArray(states))
          for (const s of states) if (typeof s === 'string' && !taken.has(s)) add(s, CompletionItemKind.EnumMember, 'state of this agent');
      } else if (pathIs(p, 'actions', '#', 'recipient')) {
        add('caller', CompletionItemKind.Value, 'the person on the call');
      }
      break;
    case 'integration':
      if (pathIs(p, 'environments', null, 'auth')) authItems(index, add, valueAt(ctx.root, ['kind']) === 'messaging-channel' ? 'api-key' : undefined);
      else if (pathIs(p, 'auth')) authItems(index, add);
      break;
    case 'action':
      if (pathIs(p, 'integration')) integrationItems(index, 'custom-api', add);
      break;
    default:
      break;
  }
  const taken = typeof p[p.length - 1] === 'number' ? siblings(ctx) : new Set<unknown>();
  for (const v of valuesOf(schemaAt(f.kind, ctx.root, p))) {
    if (taken.has(v.value)) continue;
    add(String(v.value), CompletionItemKind.EnumMember, undefined, v.description, '1');
  }
  return out;
}

/** Values already listed next to a list item, so they are not offered twice. */
function siblings(ctx: ValueContext): Set<unknown> {
  const i = ctx.path[ctx.path.length - 1];
  const list = valueAt(ctx.root, ctx.path.slice(0, -1));
  return new Set(Array.isArray(list) ? list.filter((_, j) => j !== i) : []);
}

type Add = (label: string, kind: CompletionItemKind, detail?: string, doc?: string, sort?: string) => void;

function linkItems(index: WorkspaceIndex, ctx: ValueContext, add: Add): void {
  const actions = valueAt(ctx.root, ['actions']);
  const linked = new Set(Array.isArray(actions) ? actions.map((a) => (a && typeof a === 'object' ? (a as Record<string, unknown>).link : undefined)) : []);
  for (const a of summariesOf(index, 'action')) {
    const integrationId = a.integration?.target;
    if (!integrationId || find.integration(index.lookup, integrationId)?.integrationKind !== 'custom-api') continue;
    const fullId = `${integrationId}/${a.id}`;
    const s = a.shape;
    const doc = [s.name && s.name !== a.id ? `Name: ${code(s.name)}` : '', s.description ?? ''].filter(Boolean).join('\n\n');
    add(fullId, CompletionItemKind.Function, [s.method, s.path].filter(Boolean).join(' ') || 'shared action', doc, linked.has(fullId) ? '2' : '0');
  }
  for (const i of summariesOf(index, 'integration')) {
    if (i.integrationKind !== 'mcp-server') continue;
    for (const t of find.tools(index.lookup, i.id)?.tools ?? []) {
      const fullId = `${i.id}/${t.name}`;
      add(fullId, CompletionItemKind.Function, `MCP tool of ${i.name ?? i.id}`, t.description, linked.has(fullId) ? '2' : '0');
    }
  }
}

function authItems(index: WorkspaceIndex, add: Add, onlyType?: string): void {
  for (const a of summariesOf(index, 'auth')) {
    if (onlyType && a.type !== onlyType) continue;
    const envs = a.envs.length ? `Credentials for ${a.envs.join(', ')}.` : 'No credentials yet.';
    add(a.id, CompletionItemKind.Reference, [a.type, a.name].filter(Boolean).join(' · ') || 'auth connector', envs);
  }
}

function integrationItems(index: WorkspaceIndex, kind: string, add: Add): void {
  for (const i of summariesOf(index, 'integration')) {
    if (i.integrationKind !== kind) continue;
    add(i.id, CompletionItemKind.Module, i.name ?? kind, i.slots.length ? `Slots: ${i.slots.map((s) => s.env).join(', ')}.` : undefined);
  }
}

function templateItems(ctx: Extract<CompletionContext, { mode: 'template' }>): CompletionItem[] {
  const out: CompletionItem[] = [];
  const props = valueAt(ctx.root, [...ctx.actionPath, 'parameters', 'properties']);
  if (props && typeof props === 'object' && !Array.isArray(props)) {
    for (const [name, schema] of Object.entries(props)) {
      const s = schema && typeof schema === 'object' ? (schema as Record<string, unknown>) : {};
      const type = typeof s.type === 'string' ? s.type : undefined;
      const label = `.parameters.${name}`;
      out.push({
        label,
        kind: CompletionItemKind.Variable,
        detail: type ? `parameter (${type})` : 'parameter',
        documentation: typeof s.description === 'string' ? md(s.description) : undefined,
        sortText: `0${name}`,
        filterText: label,
        textEdit: TextEdit.replace(ctx.replace, label),
      });
    }
  }
  for (const [label, doc] of [
    ['.variables.call.from', "The caller's number."],
    ['.variables.call.to', 'The dialled number.'],
  ]) {
    out.push({
      label,
      kind: CompletionItemKind.Variable,
      detail: 'call variable',
      documentation: md(doc),
      sortText: `1${label}`,
      filterText: label,
      textEdit: TextEdit.replace(ctx.replace, label),
    });
  }
  return out;
}
