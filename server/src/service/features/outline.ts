import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { DocumentSymbol, SymbolInformation, SymbolKind, type Range } from 'vscode-languageserver-types';
import { LIMITS } from '../limits';
import { fullIdOf } from '../lookup';
import type { WorkspaceIndex } from '../workspace';
import { keyOf, openFile, type OpenFile } from './cursor';
import { bindingName, lockOf, summariesOf } from './queries';

const ACTION_KINDS: Record<string, SymbolKind> = {
  'api-call': SymbolKind.Method,
  'static-response': SymbolKind.String,
  handover: SymbolKind.Event,
  'end-call': SymbolKind.Event,
  'client-event': SymbolKind.Event,
  'send-text-message': SymbolKind.Event,
};

function trimmedEnd(text: string, end: number, start: number): number {
  let e = end;
  while (e > start && /\s/.test(text[e - 1])) e--;
  return e;
}

function nodeRange(f: OpenFile, n: Node | null | undefined): Range | undefined {
  if (!n?.range) return undefined;
  return f.lines.range(n.range[0], trimmedEnd(f.text, n.range[1], n.range[0]));
}

function pairRange(f: OpenFile, p: Pair): { range: Range; selection: Range } | undefined {
  const k = p.key as Node | undefined;
  if (!k?.range) return undefined;
  const v = p.value as Node | null;
  const end = v?.range ? trimmedEnd(f.text, v.range[1], k.range[0]) : k.range[1];
  return { range: f.lines.range(k.range[0], Math.max(end, k.range[1])), selection: f.lines.range(k.range[0], k.range[1]) };
}

function scalarText(n: unknown): string | undefined {
  return isScalar(n) && n.value !== null && typeof n.value !== 'object' ? String(n.value) : undefined;
}

function short(s: string | undefined, max = 60): string | undefined {
  if (s === undefined) return undefined;
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

/** The pairs of a map node, each with its key, value node and ranges. */
function pairs(f: OpenFile, n: unknown): { key: string; value: Node | null; range: Range; selection: Range }[] {
  if (!isMap(n)) return [];
  const out: { key: string; value: Node | null; range: Range; selection: Range }[] = [];
  for (const p of n.items) {
    const key = keyOf(p);
    const r = pairRange(f, p);
    if (key !== undefined && r) out.push({ key, value: p.value as Node | null, ...r });
  }
  return out;
}

function field(f: OpenFile, key: string, value: Node | null, range: Range, selection: Range, kind: SymbolKind, children?: DocumentSymbol[]): DocumentSymbol {
  return DocumentSymbol.create(key, short(scalarText(value)), kind, range, selection, children);
}

/** The outline of a file: at most LIMITS.outlineSymbols symbols, then one that says how many were left out. */
export function documentSymbols(index: WorkspaceIndex, uri: string): DocumentSymbol[] {
  return capSymbols(allSymbols(index, uri));
}

/**
 * The first LIMITS.outlineSymbols symbols in document order (parents before children), then a notice at the
 * top level, placed at the first symbol left out: an outline of 50,000 entries helps nobody and costs the editor.
 */
export function capSymbols(symbols: DocumentSymbol[]): DocumentSymbol[] {
  let budget: number = LIMITS.outlineSymbols;
  let left = 0;
  let firstLeft: DocumentSymbol | undefined;
  const keep = (list: DocumentSymbol[]): DocumentSymbol[] => {
    const out: DocumentSymbol[] = [];
    for (const sym of list) {
      if (budget === 0) {
        firstLeft ??= sym;
        left += count([sym]);
        continue;
      }
      budget--;
      out.push(sym.children ? { ...sym, children: keep(sym.children) } : sym);
    }
    return out;
  };
  const count = (list: DocumentSymbol[]): number => list.reduce((n, x) => n + 1 + (x.children ? count(x.children) : 0), 0);
  const kept = keep(symbols);
  if (left === 0) return symbols;
  const at = firstLeft!.selectionRange;
  kept.push(
    DocumentSymbol.create(
      `… ${left.toLocaleString('en-US')} more not shown`,
      `the outline shows at most ${LIMITS.outlineSymbols.toLocaleString('en-US')} symbols`,
      SymbolKind.Null,
      at,
      at,
    ),
  );
  return kept;
}

function allSymbols(index: WorkspaceIndex, uri: string): DocumentSymbol[] {
  const f = openFile(index, uri);
  if (!f) return [];
  const top = pairs(f, f.yaml.doc?.contents);
  const out: DocumentSymbol[] = [];
  const container = (key: string, kind: SymbolKind, children: (p: ReturnType<typeof pairs>[number]) => DocumentSymbol[]) => {
    const p = top.find((x) => x.key === key);
    if (p) out.push(DocumentSymbol.create(key, undefined, kind, p.range, p.selection, children(p)));
  };
  const entries = (kind: SymbolKind, detail?: (v: Node | null) => string | undefined) => (p: ReturnType<typeof pairs>[number]) =>
    pairs(f, p.value).map((e) => DocumentSymbol.create(e.key, short(detail ? detail(e.value) : scalarText(e.value)), kind, e.range, e.selection));
  switch (f.kind) {
    case 'agent': {
      container('states', SymbolKind.Array, (p) =>
        (isSeq(p.value) ? p.value.items : []).flatMap((it) => {
          const r = nodeRange(f, it as Node);
          const name = scalarText(it);
          return r && name !== undefined ? [DocumentSymbol.create(name, undefined, SymbolKind.EnumMember, r, r)] : [];
        }),
      );
      const lock = lockOf(index, uri);
      container('actions', SymbolKind.Array, (p) =>
        (isSeq(p.value) ? p.value.items : []).flatMap((it, i) => {
          const r = nodeRange(f, it as Node);
          if (!r || !isMap(it)) return [];
          const item = pairs(f, it);
          const link = item.find((x) => x.key === 'link');
          const linkText = link && scalarText(link.value);
          if (linkText !== undefined) {
            const name = bindingName(index, linkText, lock?.entries.find((e) => e.fullId === linkText)?.shape.name);
            return [
              DocumentSymbol.create(name, name === linkText ? 'binding' : linkText, SymbolKind.Function, r, nodeRange(f, link!.value) ?? link!.selection),
            ];
          }
          const name = item.find((x) => x.key === 'name');
          const type = scalarText(item.find((x) => x.key === 'type')?.value);
          const label = scalarText(name?.value) ?? `action ${i + 1}`;
          return [DocumentSymbol.create(label, type, ACTION_KINDS[type ?? ''] ?? SymbolKind.Object, r, (name && nodeRange(f, name.value)) ?? r)];
        }),
      );
      break;
    }
    case 'integration':
      container(
        'environments',
        SymbolKind.Namespace,
        entries(SymbolKind.Object, (v) => {
          const slot = pairs(f, v);
          return scalarText(slot.find((x) => x.key === 'baseUrl')?.value) ?? scalarText(slot.find((x) => x.key === 'fromNumber')?.value);
        }),
      );
      for (const p of top) if (p.key === 'url' || p.key === 'auth') out.push(field(f, p.key, p.value, p.range, p.selection, SymbolKind.Field));
      container('headers', SymbolKind.Namespace, entries(SymbolKind.Property));
      break;
    case 'action':
      for (const p of top) {
        if (p.key === 'headers')
          out.push(DocumentSymbol.create('headers', undefined, SymbolKind.Namespace, p.range, p.selection, entries(SymbolKind.Property)(p)));
        else if (p.key === 'outputVariables') {
          const vars = (isSeq(p.value) ? p.value.items : []).flatMap((it) => {
            const r = nodeRange(f, it as Node);
            const v = pairs(f, it);
            const name = scalarText(v.find((x) => x.key === 'name')?.value);
            return r && name ? [DocumentSymbol.create(name, scalarText(v.find((x) => x.key === 'path')?.value), SymbolKind.Variable, r, r)] : [];
          });
          out.push(DocumentSymbol.create('outputVariables', undefined, SymbolKind.Array, p.range, p.selection, vars));
        } else out.push(field(f, p.key, p.value, p.range, p.selection, SymbolKind.Field));
      }
      break;
    case 'auth':
      for (const p of top) if (p.key === 'type' || p.key === 'name') out.push(field(f, p.key, p.value, p.range, p.selection, SymbolKind.Field));
      container(
        'environments',
        SymbolKind.Namespace,
        entries(SymbolKind.Object, (v) =>
          pairs(f, v)
            .map((x) => x.key)
            .join(', '),
        ),
      );
      break;
    case 'agentLock':
      container(
        'actions',
        SymbolKind.Namespace,
        entries(SymbolKind.Function, (v) => {
          const e = pairs(f, v);
          return [scalarText(e.find((x) => x.key === 'method')?.value), scalarText(e.find((x) => x.key === 'path')?.value)].filter(Boolean).join(' ');
        }),
      );
      break;
    case 'toolsLock':
      container('tools', SymbolKind.Array, (p) =>
        (isSeq(p.value) ? p.value.items : []).flatMap((it) => {
          const r = nodeRange(f, it as Node);
          const t = pairs(f, it);
          const name = scalarText(t.find((x) => x.key === 'name')?.value);
          return r && name ? [DocumentSymbol.create(name, short(scalarText(t.find((x) => x.key === 'description')?.value)), SymbolKind.Function, r, r)] : [];
        }),
      );
      break;
    case 'manifest':
      container('secrets', SymbolKind.Namespace, entries(SymbolKind.Constant));
      break;
  }
  return out;
}

const MAX_WORKSPACE_SYMBOLS = 500;

/** Rank of `name` for `query`: 0 exact, 1 prefix, 2 substring, 3 subsequence; undefined when it does not match. */
export function matchRank(query: string, name: string): number | undefined {
  const q = query.toLowerCase();
  const n = name.toLowerCase();
  if (!q) return 3;
  if (n === q) return 0;
  if (n.startsWith(q)) return 1;
  if (n.includes(q)) return 2;
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length ? 3 : undefined;
}

export function workspaceSymbols(index: WorkspaceIndex, query: string): SymbolInformation[] {
  const q = typeof query === 'string' ? query.trim() : '';
  const found: { rank: number; s: SymbolInformation }[] = [];
  const add = (name: string, kind: SymbolKind, uri: string, range: Range, container?: string, alsoMatch?: string) => {
    const rank = Math.min(matchRank(q, name) ?? 9, alsoMatch !== undefined ? (matchRank(q, alsoMatch) ?? 9) : 9);
    if (rank < 9) found.push({ rank, s: SymbolInformation.create(name, kind, range, uri, container) });
  };
  for (const i of summariesOf(index, 'integration')) add(i.id, SymbolKind.Module, i.uri, i.idRange, i.name, i.name);
  for (const a of summariesOf(index, 'action')) {
    const fullId = fullIdOf(a) ?? a.id;
    add(fullId, SymbolKind.Function, a.uri, a.idRange, a.integration?.target, a.shape.name);
    if (a.shape.name && a.shape.name !== a.id) add(a.shape.name, SymbolKind.Function, a.uri, a.nameRange ?? a.idRange, fullId);
  }
  for (const a of summariesOf(index, 'auth')) add(a.id, SymbolKind.Key, a.uri, a.idRange, a.name, a.name);
  for (const g of summariesOf(index, 'agent')) {
    add(g.id, SymbolKind.Class, g.uri, g.idRange, g.name, g.name);
    const lock = lockOf(index, g.uri);
    for (const act of g.actions) {
      const link = act.link?.target;
      const name = link !== undefined ? bindingName(index, link, lock?.entries.find((e) => e.fullId === link)?.shape.name) : act.name;
      if (name) add(name, act.link ? SymbolKind.Function : (ACTION_KINDS[act.type ?? ''] ?? SymbolKind.Object), g.uri, act.range, g.id);
    }
  }
  found.sort((a, b) => a.rank - b.rank || a.s.name.localeCompare(b.s.name));
  return found.slice(0, MAX_WORKSPACE_SYMBOLS).map((x) => x.s);
}
