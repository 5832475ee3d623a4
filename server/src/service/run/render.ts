/**
 * Renders a Go text/template with real values, over the parser in ../templates. Go's rules are kept:
 * values are inserted as raw text (no JSON escaping), numbers print as Go's %v prints a float64, a
 * missing map key prints `<no value>`.
 */
import { parseTemplate, type ParsedTemplate } from '../templates';

type Node = ParsedTemplate['nodes'][number];
type Token = Extract<Node, { type: 'output' }>['tokens'][number];

export type RenderResult = { ok: true; text: string } | { ok: false; error: string };

class RenderError extends Error {}

/** Renders `src` with `data` as `.` (for Stellar: `{ parameters, variables }`). */
export function renderTemplate(src: string, data: Record<string, unknown>): RenderResult {
  const parsed = parseTemplate(src);
  if (parsed.errors.length) return { ok: false, error: `template error: ${parsed.errors[0].message}` };
  let out = '';
  const walk = (nodes: Node[], dot: unknown): void => {
    for (const n of nodes) {
      if (n.type === 'text') out += n.text;
      else if (n.type === 'output') {
        if (n.tokens.some((t) => t.text === ':=' || t.text === '=')) throw new RenderError('template variables ($x := ...) are not supported by the runner');
        out += goPrint(evalPipeline(n.tokens, dot, data));
      } else if (n.type === 'if') {
        walk(truthy(evalPipeline(n.tokens, dot, data)) ? n.body : n.elseBody, dot);
      } else if (n.type === 'with') {
        const v = evalPipeline(n.tokens, dot, data);
        if (truthy(v)) walk(n.body, v); else walk(n.elseBody, dot);
      } else {
        const v = evalPipeline(n.tokens, dot, data);
        const items = Array.isArray(v) ? v : isMap(v) ? Object.keys(v).sort().map((k) => v[k]) : [];
        if (items.length === 0) walk(n.elseBody, dot);
        for (const item of items) walk(n.body, item);
      }
    }
  };
  try {
    walk(parsed.nodes, data);
    return { ok: true, text: out };
  } catch (e) {
    if (e instanceof RenderError) return { ok: false, error: `template error: ${e.message}` };
    throw e;
  }
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Go's notion of truth: false, 0, nil and empty strings, slices and maps are false. */
export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isMap(v)) return Object.keys(v).length > 0;
  return true;
}

/** How Go's fmt prints a value decoded from JSON (%v). */
export function goPrint(v: unknown): string {
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v)) return `map[${Object.keys(v).sort().map((k) => `${k}:${goPrint(v[k])}`).join(' ')}]`;
  return String(v);
}

/** strconv.FormatFloat(f, 'g', -1, 64): exponent form below 1e-4 and from 1e6 (`1e+06`). */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : n < 0 ? '-Inf' : 'NaN';
  if (n === 0) return '0';
  const [mant, expText] = n.toExponential().split('e');
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const abs = Math.abs(exp);
    return `${mant}e${exp < 0 ? '-' : '+'}${abs < 10 ? '0' : ''}${abs}`;
  }
  return String(n);
}

function field(base: unknown, path: string[]): unknown {
  let v = base;
  for (const p of path) {
    if (!isMap(v)) return undefined;
    v = v[p];
  }
  return v;
}

/** Splits tokens at top-level `|`, evaluates each command, passing the result on as the last argument. */
function evalPipeline(tokens: Token[], dot: unknown, root: unknown): unknown {
  const commands: Token[][] = [[]];
  let depth = 0;
  for (const t of tokens) {
    if (t.text === '(') depth++;
    if (t.text === ')') depth--;
    if (t.text === '|' && depth === 0) commands.push([]);
    else commands[commands.length - 1].push(t);
  }
  let piped: unknown[] = [];
  let value: unknown;
  for (const cmd of commands) {
    if (cmd.length === 0) throw new RenderError('empty command in pipeline');
    value = evalCommand(cmd, dot, root, piped);
    piped = [value];
  }
  return value;
}

function evalCommand(cmd: Token[], dot: unknown, root: unknown, piped: unknown[]): unknown {
  const args: unknown[] = [];
  let i = 1;
  const head = cmd[0];
  const isFunc = head.kind === 'ident' && FUNCS[head.text] !== undefined;
  if (!isFunc) {
    const [v, next] = evalArg(cmd, 0, dot, root);
    if (next !== cmd.length || piped.length) throw new RenderError(`'${head.text}' is not a function`);
    return v;
  }
  while (i < cmd.length) {
    const [v, next] = evalArg(cmd, i, dot, root);
    args.push(v);
    i = next;
  }
  return FUNCS[head.text]([...args, ...piped]);
}

function evalArg(cmd: Token[], i: number, dot: unknown, root: unknown): [unknown, number] {
  const t = cmd[i];
  if (t.text === '(') {
    let depth = 0;
    let j = i;
    for (; j < cmd.length; j++) {
      if (cmd[j].text === '(') depth++;
      if (cmd[j].text === ')' && --depth === 0) break;
    }
    if (j >= cmd.length) throw new RenderError('unclosed (');
    return [evalPipeline(cmd.slice(i + 1, j), dot, root), j + 1];
  }
  switch (t.kind) {
    case 'field': return [t.text === '.' ? dot : field(dot, t.text.split('.').slice(1)), i + 1];
    case 'var':
      if (t.text === '$') return [root, i + 1];
      if (t.text.startsWith('$.')) return [field(root, t.text.slice(2).split('.')), i + 1];
      throw new RenderError(`template variable ${t.text} is not supported by the runner`);
    case 'string': return [unquote(t.text), i + 1];
    case 'number': {
      const n = Number(t.text);
      if (Number.isNaN(n)) throw new RenderError(`bad number ${t.text}`);
      return [n, i + 1];
    }
    case 'ident':
      if (t.text === 'true') return [true, i + 1];
      if (t.text === 'false') return [false, i + 1];
      if (t.text === 'nil') return [null, i + 1];
      if (FUNCS[t.text]) return [FUNCS[t.text]([]), i + 1];
      throw new RenderError(`function "${t.text}" not defined`);
    default: throw new RenderError(`unexpected '${t.text}'`);
  }
}

function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  if (s.startsWith("'")) return s.slice(1, -1); // a Go rune; printed as its number in Go, rare in templates
  try { return JSON.parse(s); } catch { return s.slice(1, -1); }
}

function equal(a: unknown, b: unknown): boolean {
  // Go compares a missing value (nil) with anything as unequal, without an error.
  if (a == null || b == null) return a == null && b == null;
  if (typeof a !== typeof b) throw new RenderError(`eq/ne: incompatible types for comparison (${typeof a} and ${typeof b})`);
  return a === b || (a == null && b == null);
}

function compare(name: string, args: unknown[]): number {
  if (args.length !== 2) throw new RenderError(`${name} takes 2 arguments`);
  const [a, b] = args;
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new RenderError(`${name}: incompatible types for comparison`);
  return (a as number) < (b as number) ? -1 : a === b ? 0 : 1;
}

const FUNCS: Record<string, (args: unknown[]) => unknown> = {
  eq: (a) => { if (a.length < 2) throw new RenderError('eq takes at least 2 arguments'); return a.slice(1).some((b) => equal(a[0], b)); },
  ne: (a) => { if (a.length !== 2) throw new RenderError('ne takes 2 arguments'); return !equal(a[0], a[1]); },
  lt: (a) => compare('lt', a) < 0,
  le: (a) => compare('le', a) <= 0,
  gt: (a) => compare('gt', a) > 0,
  ge: (a) => compare('ge', a) >= 0,
  // Go's and/or return the deciding argument, not a boolean.
  and: (a) => { for (const v of a) if (!truthy(v)) return v; return a[a.length - 1]; },
  or: (a) => { for (const v of a) if (truthy(v)) return v; return a[a.length - 1]; },
  not: (a) => { if (a.length !== 1) throw new RenderError('not takes 1 argument'); return !truthy(a[0]); },
  len: (a) => {
    const v = a[0];
    if (typeof v === 'string') return Buffer.byteLength(v);
    if (Array.isArray(v)) return v.length;
    if (isMap(v)) return Object.keys(v).length;
    throw new RenderError('len of a value without length');
  },
  index: (a) => {
    let v = a[0];
    for (const k of a.slice(1)) v = Array.isArray(v) ? v[k as number] : isMap(v) ? v[String(k)] : undefined;
    return v;
  },
  print: (a) => a.map((v, i) => (i > 0 && typeof v !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + goPrint(v)).join(''),
  println: (a) => a.map(goPrint).join(' ') + '\n',
  printf: (a) => {
    const [format, ...rest] = a;
    let k = 0;
    return String(format).replace(/%[-+# 0]*[0-9]*(?:\.[0-9]+)?([vsdqftx%])/g, (m, verb: string) => {
      if (verb === '%') return '%';
      const v = rest[k++];
      if (verb === 'q') return JSON.stringify(goPrint(v));
      if (verb === 'd' && typeof v === 'number') return String(Math.trunc(v));
      return goPrint(v);
    });
  },
  urlquery: (a) => encodeURIComponent(a.map(goPrint).join('')).replace(/%20/g, '+'),
  js: (a) => JSON.stringify(a.map(goPrint).join('')).slice(1, -1).replace(/'/g, "\\'").replace(/</g, '\\u003C').replace(/>/g, '\\u003E'),
  html: (a) => a.map(goPrint).join('').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
};
