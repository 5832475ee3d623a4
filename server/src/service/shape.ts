/** A shared action's shape (its shared fields), and the field-by-field difference between two shapes. */

export type HeaderValue = string | { secret: string };

export interface OutputVariable {
  name: string;
  path: string;
}

export interface Shape {
  name?: string;
  description?: string;
  method?: string;
  path?: string;
  headers: Record<string, HeaderValue>;
  outputVariables: OutputVariable[];
}

export const SHAPE_FIELDS = ['name', 'description', 'method', 'path', 'headers', 'outputVariables'] as const;

export interface ShapeChange {
  /** The field that changed: `method`, `headers.X-Api-Key`, `outputVariables.amount` ... */
  field: string;
  /** One line for people: "output variable 'amount' renamed to 'amount_due'". */
  text: string;
  /** Where the change shows in the current action when that is not `field` (a renamed variable). */
  at?: string;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a shape from plain data (an action file's value or a lock entry); ignores what is malformed. */
export function shapeOf(value: unknown): Shape {
  const v = isRecord(value) ? value : {};
  const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
  const headers: Record<string, HeaderValue> = {};
  if (isRecord(v.headers)) {
    for (const [k, h] of Object.entries(v.headers)) {
      if (typeof h === 'string' || typeof h === 'number' || typeof h === 'boolean') headers[k] = String(h);
      else if (isRecord(h) && typeof h.secret === 'string') headers[k] = { secret: h.secret };
    }
  }
  const outputVariables: OutputVariable[] = [];
  if (Array.isArray(v.outputVariables)) {
    for (const o of v.outputVariables) {
      if (isRecord(o) && typeof o.name === 'string' && typeof o.path === 'string') outputVariables.push({ name: o.name, path: o.path });
    }
  }
  return { name: str(v.name), description: str(v.description), method: str(v.method), path: str(v.path), headers, outputVariables };
}

function showHeader(v: HeaderValue | undefined): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? `'${v}'` : `{ secret: ${v.secret} }`;
}

function quote(v: string | undefined): string {
  return v === undefined ? '(none)' : `'${v.length > 60 ? v.slice(0, 57) + '...' : v}'`;
}

/**
 * ` from 'a' to 'b'`; for long texts, where they differ: the runs of words that changed (a word diff),
 * so that a reader sees the edit instead of two texts cut at the same length.
 */
export function textChange(a: string | undefined, b: string | undefined): string {
  if (a === undefined || b === undefined || (a.length <= 60 && b.length <= 60)) return ` from ${quote(a)} to ${quote(b)}`;
  const hunks = wordDiff(a.split(/\s+/).filter(Boolean), b.split(/\s+/).filter(Boolean));
  if (hunks === undefined) return ` from ${quote(a)} to ${quote(b)}`;
  const cut = (t: string) => (t.length > 40 ? t.slice(0, 37) + '...' : t);
  const shown = hunks.slice(0, 4).map(([x, y]) => (x === '' ? `'${cut(y)}' added` : y === '' ? `'${cut(x)}' removed` : `'${cut(x)}' became '${cut(y)}'`));
  return `: ${shown.join(', ')}${hunks.length > 4 ? ` and ${hunks.length - 4} more edit${hunks.length > 5 ? 's' : ''}` : ''}`;
}

/** The changed runs between two word lists, as [old text, new text]; undefined when too long to diff. */
function wordDiff(x: string[], y: string[]): [string, string][] | undefined {
  if (x.length * y.length > 250_000) return undefined;
  // lcs[i][j]: length of the longest common subsequence of x[i..] and y[j..].
  const lcs = Array.from({ length: x.length + 1 }, () => new Uint16Array(y.length + 1));
  for (let i = x.length - 1; i >= 0; i--)
    for (let j = y.length - 1; j >= 0; j--) lcs[i][j] = x[i] === y[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const hunks: [string, string][] = [];
  let del: string[] = [];
  let ins: string[] = [];
  const flush = () => {
    if (del.length || ins.length) hunks.push([del.join(' '), ins.join(' ')]);
    del = [];
    ins = [];
  };
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      flush();
      i++;
      j++;
    } else if (j < y.length && (i === x.length || lcs[i][j + 1] >= lcs[i + 1][j])) ins.push(y[j++]);
    else del.push(x[i++]);
  }
  flush();
  return hunks;
}

/** Every difference from the locked shape to the current one, in field order. */
export function diffShapes(locked: Shape, current: Shape): ShapeChange[] {
  const changes: ShapeChange[] = [];
  for (const f of ['name', 'method', 'path', 'description'] as const) {
    if (locked[f] !== current[f]) {
      const label = f === 'path' ? 'URL path' : f;
      changes.push({ field: f, text: `${label} changed${textChange(locked[f], current[f])}` });
    }
  }
  const lockedNames = Object.keys(locked.headers);
  const currentNames = Object.keys(current.headers);
  const find = (names: string[], n: string) => names.find((x) => x.toLowerCase() === n.toLowerCase());
  for (const n of currentNames) {
    const old = find(lockedNames, n);
    if (old === undefined) changes.push({ field: `headers.${n}`, text: `header '${n}' added` });
    else if (showHeader(locked.headers[old]) !== showHeader(current.headers[n])) {
      changes.push({ field: `headers.${n}`, text: `header '${n}' changed from ${showHeader(locked.headers[old])} to ${showHeader(current.headers[n])}` });
    }
  }
  for (const n of lockedNames) {
    if (find(currentNames, n) === undefined) changes.push({ field: `headers.${n}`, text: `header '${n}' removed` });
  }
  for (const c of diffOutputVariables(locked.outputVariables, current.outputVariables)) changes.push(c);
  return changes;
}

function diffOutputVariables(locked: OutputVariable[], current: OutputVariable[]): ShapeChange[] {
  const changes: ShapeChange[] = [];
  const curByName = new Map(current.map((o) => [o.name, o]));
  const lockByName = new Map(locked.map((o) => [o.name, o]));
  const removed = locked.filter((o) => !curByName.has(o.name));
  const added = current.filter((o) => !lockByName.has(o.name));
  for (const o of locked) {
    const c = curByName.get(o.name);
    if (c && c.path !== o.path)
      changes.push({ field: `outputVariables.${o.name}`, text: `output variable '${o.name}' path changed from '${o.path}' to '${c.path}'` });
  }
  // A removed and an added variable pair up as a rename when they share a path, or when they are the
  // only ones and read the same object ($.invoice.amount → $.invoice.amount_due); otherwise one went
  // and another came.
  const parent = (p: string) => p.replace(/(\.[^.[\]]*|\[[^\]]*\])$/, '');
  const unmatchedAdded = [...added];
  for (const r of removed) {
    let i = unmatchedAdded.findIndex((a) => a.path === r.path);
    if (i < 0 && removed.length === 1 && unmatchedAdded.length === 1 && parent(unmatchedAdded[0].path) === parent(r.path)) i = 0;
    if (i >= 0) {
      const a = unmatchedAdded.splice(i, 1)[0];
      const pathNote = a.path === r.path ? '' : ` (path '${r.path}' → '${a.path}')`;
      changes.push({
        field: `outputVariables.${r.name}`,
        at: `outputVariables.${a.name}`,
        text: `output variable '${r.name}' renamed to '${a.name}'${pathNote}`,
      });
    } else {
      changes.push({ field: `outputVariables.${r.name}`, text: `output variable '${r.name}' removed` });
    }
  }
  for (const a of unmatchedAdded) changes.push({ field: `outputVariables.${a.name}`, text: `output variable '${a.name}' added (${a.path})` });
  return changes;
}
