/** How a response differs from its recorded shape: paths added, paths removed, types changed. */
import { typesOf, type JsonSchemaNode } from './infer';
import { formatSegment } from './walk';

export interface DriftChange {
  kind: 'added' | 'removed' | 'typeChanged';
  path: string;
  /** The recorded type(s), `a | b` for a union (removed, typeChanged). */
  was?: string;
  /** The type(s) now (added, typeChanged). */
  now?: string;
}

/** Paths flattened per schema; a bigger schema is compared on its first paths only. */
const MAX_PATHS = 5_000;

function typeText(n: JsonSchemaNode): string {
  const t = typesOf(n);
  return t.length ? t.join(' | ') : 'any';
}

/** The path one step up (`$.a.b` → `$.a`), undefined at `$`. */
function parentOf(p: string): string | undefined {
  if (p === '$') return undefined;
  const up = p.replace(/(\.\*|\.[^.[\]]+|\[\*\]|\['(?:[^'\\]|\\.)*'\])$/, '');
  return up === p ? undefined : up;
}

/** Every place of a schema (`$.invoice.amount`, `$.lines[*].sku`, `$.byId.*`) with its type, in document order. */
export function flattenSchema(schema: JsonSchemaNode): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (n: JsonSchemaNode, path: string) => {
    if (out.size >= MAX_PATHS) return;
    out.set(path, typeText(n));
    for (const [k, p] of Object.entries(n.properties ?? {})) visit(p, path + formatSegment({ kind: 'child', key: k }));
    if (n.additionalProperties) visit(n.additionalProperties, path + '.*');
    if (n.items) visit(n.items, path + '[*]');
  };
  visit(schema, '$');
  return out;
}

/** The changes from the recorded schema to the one of a later response. A place below one added or removed is not listed again. */
export function diffSchemas(recorded: JsonSchemaNode, current: JsonSchemaNode): DriftChange[] {
  const was = flattenSchema(recorded);
  const now = flattenSchema(current);
  const changes: DriftChange[] = [];
  const under = (p: string, set: Set<string>) => {
    for (let q = parentOf(p); q !== undefined; q = parentOf(q)) if (set.has(q)) return true;
    return false;
  };
  const added = new Set<string>();
  const removed = new Set<string>();
  for (const [p, t] of now) {
    const old = was.get(p);
    if (old === undefined) {
      if (!under(p, added)) changes.push({ kind: 'added', path: p, now: t });
      added.add(p);
    } else if (old !== t && old !== 'any' && t !== 'any') changes.push({ kind: 'typeChanged', path: p, was: old, now: t });
  }
  for (const [p, t] of was) {
    if (now.has(p)) continue;
    if (!under(p, removed)) changes.push({ kind: 'removed', path: p, was: t });
    removed.add(p);
  }
  return changes;
}

/** One line per change: `+ $.invoice.currency (string)`, `- $.invoice.total (number)`, `~ $.status: integer → string`. */
export function driftLines(changes: DriftChange[]): string[] {
  return changes.map((c) =>
    c.kind === 'added' ? `+ ${c.path} (${c.now})` : c.kind === 'removed' ? `- ${c.path} (${c.was})` : `~ ${c.path}: ${c.was} → ${c.now}`,
  );
}
