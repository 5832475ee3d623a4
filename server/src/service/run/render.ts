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

/**
 * Values a static check cannot know. `Unknown` stands for conversation variables; `Sampled` wraps a
 * sample value of the parameters schema: it prints like the value, but a comparison with it is
 * undecided (the real value may be anything the schema allows), and so is its truth unless `decided`
 * (a required parameter that is not a boolean is always there and true).
 */
export class Unknown {
  static readonly it = new Unknown();
  private constructor() {}
}
export class Sampled {
  constructor(
    readonly value: unknown,
    readonly decided = true,
  ) {}
}

const OPEN = Symbol('open');
/** A map whose missing keys are Unknown rather than missing: conversation variables in a check. */
export function openMap(known: Record<string, unknown>): Record<string, unknown> {
  return Object.assign(Object.create(null) as Record<string | symbol, unknown>, known, { [OPEN]: true });
}

export interface RenderOptions {
  /** Check mode: which way an undecided condition (one on Unknown or Sampled values) goes. */
  undecided?: boolean;
  /** Told when an undecided condition was met. */
  onUndecided?: () => void;
}

type Scope = Map<string, unknown>[];

/** Renders `src` with `data` as `.` (for Stellar: `{ parameters, variables }`). */
export function renderTemplate(src: string | ParsedTemplate, data: Record<string, unknown>, opts: RenderOptions = {}): RenderResult {
  const parsed = typeof src === 'string' ? parseTemplate(src) : src;
  if (parsed.errors.length) return { ok: false, error: `template error: ${parsed.errors[0].message}` };
  const ev = new Evaluator(data, opts);
  try {
    ev.walk(parsed.nodes, data, [new Map()]);
    return { ok: true, text: ev.out };
  } catch (e) {
    if (e instanceof RenderError) return { ok: false, error: `template error: ${e.message}` };
    throw e;
  }
}

class Evaluator {
  out = '';
  constructor(
    private readonly root: unknown,
    private readonly opts: RenderOptions,
  ) {}

  /** Go's truth, with a check mode's undecided values going the chosen way. */
  private test(v: unknown): boolean {
    if (v instanceof Unknown || (v instanceof Sampled && !v.decided)) {
      this.opts.onUndecided?.();
      return this.opts.undecided ?? false;
    }
    return truthy(v instanceof Sampled ? v.value : v);
  }

  walk(nodes: Node[], dot: unknown, scope: Scope): void {
    for (const n of nodes) {
      if (n.type === 'text') {
        this.out += n.text;
        continue;
      }
      if (n.type === 'output') {
        const decl = declaration(n.tokens);
        const v = this.pipeline(decl ? n.tokens.slice(decl.skip) : n.tokens, dot, scope);
        if (decl) this.assign(scope, decl, [v]);
        else this.out += goPrint(v);
        continue;
      }
      const decl = declaration(n.tokens);
      const v = this.pipeline(decl ? n.tokens.slice(decl.skip) : n.tokens, dot, scope);
      if (n.type === 'if' || n.type === 'with') {
        if (!this.test(v)) {
          this.walk(n.elseBody, dot, scope);
          continue;
        }
        const inner: Scope = [...scope, new Map()];
        if (decl) this.assign(inner, decl, [v]);
        this.walk(n.body, n.type === 'with' ? v : dot, inner);
        continue;
      }
      // range
      const entries = this.items(v);
      if (entries.length === 0) {
        this.walk(n.elseBody, dot, scope);
        continue;
      }
      for (const [key, item] of entries) {
        const inner: Scope = [...scope, new Map()];
        if (decl) this.assign(inner, decl, decl.names.length === 2 ? [key, item] : [item]);
        this.walk(n.body, item, inner);
      }
    }
  }

  /** What `range` iterates: [key, value] pairs (index or sorted map key). */
  private items(v: unknown): [unknown, unknown][] {
    const raw = v instanceof Sampled ? v.value : v;
    if (raw instanceof Unknown) return this.test(raw) ? [[0, Unknown.it]] : [];
    if (Array.isArray(raw)) return raw.map((item, i) => [i, item]);
    if (isMap(raw))
      return Object.keys(raw)
        .sort()
        .map((k) => [k, raw[k]]);
    if (typeof raw === 'number' && Number.isInteger(raw) && raw > 0) return Array.from({ length: Math.min(raw, 10_000) }, (_, i) => [i, i]);
    return [];
  }

  private assign(scope: Scope, decl: Declaration, values: unknown[]): void {
    decl.names.forEach((name, i) => {
      if (decl.define) {
        scope[scope.length - 1].set(name, values[i]);
        return;
      }
      const owner = [...scope].reverse().find((m) => m.has(name));
      if (!owner) throw new RenderError(`undefined variable: ${name}`);
      owner.set(name, values[i]);
    });
  }

  private variable(scope: Scope, name: string): unknown {
    for (let i = scope.length - 1; i >= 0; i--) if (scope[i].has(name)) return scope[i].get(name);
    throw new RenderError(`undefined variable: ${name}`);
  }

  /** Splits tokens at top-level `|`, evaluates each command, passing the result on as the last argument. */
  private pipeline(tokens: Token[], dot: unknown, scope: Scope): unknown {
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
      value = this.command(cmd, dot, scope, piped);
      piped = [value];
    }
    return value;
  }

  private command(cmd: Token[], dot: unknown, scope: Scope, piped: unknown[]): unknown {
    const head = cmd[0];
    const fn = head.kind === 'ident' ? FUNCS[head.text] : undefined;
    if (!fn) {
      const [v, next] = this.arg(cmd, 0, dot, scope);
      if (next !== cmd.length || piped.length) throw new RenderError(`'${head.text}' is not a function`);
      return v;
    }
    const args: unknown[] = [];
    for (let i = 1; i < cmd.length;) {
      const [v, next] = this.arg(cmd, i, dot, scope);
      args.push(v);
      i = next;
    }
    return call(head.text, fn, [...args, ...piped]);
  }

  private arg(cmd: Token[], i: number, dot: unknown, scope: Scope): [unknown, number] {
    const t = cmd[i];
    if (t.text === '(') {
      let depth = 0;
      let j = i;
      for (; j < cmd.length; j++) {
        if (cmd[j].text === '(') depth++;
        if (cmd[j].text === ')' && --depth === 0) break;
      }
      if (j >= cmd.length) throw new RenderError('unclosed (');
      return [this.pipeline(cmd.slice(i + 1, j), dot, scope), j + 1];
    }
    switch (t.kind) {
      case 'field':
        return [t.text === '.' ? dot : field(dot, t.text.split('.').slice(1)), i + 1];
      case 'var': {
        const [name, ...path] = t.text.split('.');
        const base = name === '$' ? this.root : this.variable(scope, name);
        return [field(base, path), i + 1];
      }
      case 'string':
        return [unquote(t.text), i + 1];
      case 'number': {
        const n = Number(t.text);
        if (Number.isNaN(n)) throw new RenderError(`bad number ${t.text}`);
        return [n, i + 1];
      }
      case 'ident':
        if (t.text === 'true') return [true, i + 1];
        if (t.text === 'false') return [false, i + 1];
        if (t.text === 'nil') return [null, i + 1];
        if (FUNCS[t.text]) return [call(t.text, FUNCS[t.text], []), i + 1];
        throw new RenderError(`function "${t.text}" not defined`);
      default:
        throw new RenderError(`unexpected '${t.text}'`);
    }
  }
}

interface Declaration {
  names: string[];
  define: boolean;
  skip: number;
}

/** `$x := ...`, `$x = ...`, `$i, $v := ...`: the variables and where the pipeline starts. */
function declaration(tokens: Token[]): Declaration | undefined {
  const op = tokens.findIndex((t) => t.kind === 'punct' && (t.text === ':=' || t.text === '='));
  if (op < 1 || op > 3) return undefined;
  const names = tokens.slice(0, op).filter((t) => t.text !== ',');
  if (!names.every((t) => t.kind === 'var' && /^\$[A-Za-z_][A-Za-z0-9_]*$/.test(t.text))) return undefined;
  return { names: names.map((t) => t.text), define: tokens[op].text === ':=', skip: op + 1 };
}

/** Functions see plain values; with an undecided argument, a comparison's result is undecided too. */
function call(name: string, fn: (args: unknown[]) => unknown, args: unknown[]): unknown {
  const undecided = args.some((a) => a instanceof Unknown || a instanceof Sampled);
  const plain = args.map((a) => (a instanceof Sampled ? a.value : a));
  if (undecided && DECIDING.has(name)) return Unknown.it;
  if (LOGIC.has(name) && args.some((a) => a instanceof Sampled && !a.decided)) return Unknown.it;
  if (plain.some((a) => a instanceof Unknown)) return name === 'len' ? 1 : Unknown.it;
  const v = fn(plain);
  return undecided && !(v instanceof Sampled) ? new Sampled(v) : v;
}

/** Functions whose result a check cannot know from sample values. */
const DECIDING = new Set(['eq', 'ne', 'lt', 'le', 'gt', 'ge', 'len']);
/** Functions whose result is undecided when the truth of an argument is. */
const LOGIC = new Set(['and', 'or', 'not']);

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
  if (v instanceof Sampled) return goPrint(v.value);
  if (v instanceof Unknown) return 'sample';
  if (v === undefined || v === null) return '<no value>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return goFloat(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(goPrint).join(' ')}]`;
  if (isMap(v))
    return `map[${Object.keys(v)
      .sort()
      .map((k) => `${k}:${goPrint(v[k])}`)
      .join(' ')}]`;
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
    if (v instanceof Unknown) return v;
    const raw = v instanceof Sampled ? v.value : v;
    if (!isMap(raw)) return undefined;
    v = Object.hasOwn(raw, p) ? raw[p] : (raw as { [OPEN]?: true })[OPEN] ? Unknown.it : undefined;
  }
  return v;
}

function unquote(s: string): string {
  if (s.startsWith('`')) return s.slice(1, -1);
  if (s.startsWith("'")) return s.slice(1, -1); // a Go rune; printed as its number in Go, rare in templates
  try {
    return JSON.parse(s);
  } catch {
    return s.slice(1, -1);
  }
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
  eq: (a) => {
    if (a.length < 2) throw new RenderError('eq takes at least 2 arguments');
    return a.slice(1).some((b) => equal(a[0], b));
  },
  ne: (a) => {
    if (a.length !== 2) throw new RenderError('ne takes 2 arguments');
    return !equal(a[0], a[1]);
  },
  lt: (a) => compare('lt', a) < 0,
  le: (a) => compare('le', a) <= 0,
  gt: (a) => compare('gt', a) > 0,
  ge: (a) => compare('ge', a) >= 0,
  // Go's and/or return the deciding argument, not a boolean.
  and: (a) => {
    for (const v of a) if (!truthy(v)) return v;
    return a[a.length - 1];
  },
  or: (a) => {
    for (const v of a) if (truthy(v)) return v;
    return a[a.length - 1];
  },
  not: (a) => {
    if (a.length !== 1) throw new RenderError('not takes 1 argument');
    return !truthy(a[0]);
  },
  len: (a) => {
    const v = a[0];
    if (typeof v === 'string') return new TextEncoder().encode(v).length;
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
