/**
 * What a finding code is, in one place: its default severity (stated here and nowhere else), title, the
 * paragraph docs/rules.md shows, the shape of the `data` its findings carry, its quick fixes and its
 * status in the agents tree. One module per code (`SKnnn-<slug>.ts`) exports one `Rule`; `index.ts`
 * lists them, and the catalogue, SARIF rules, the code-action dispatch and tree statuses derive from it.
 */
import type { CodeAction, Range, WorkspaceEdit } from 'vscode-languageserver-types';
import type { OpenFile } from '../features/cursor';
import type { Finding, RelatedLocation, Severity } from '../types';
import type { WorkspaceIndex } from '../workspace';
import type { DataByCode, FindingCode } from './index';

/** Types a field of a finding's `data` may have; a trailing `?` makes the field optional. */
type FieldBase = 'string' | 'string[]' | 'boolean' | 'number' | 'path' | 'unknown' | 'unknown[]';
export type FieldType = FieldBase | `${FieldBase}?`;
export type DataShape = Record<string, FieldType>;

type TypeOf<T> = T extends 'string'
  ? string
  : T extends 'string[]'
    ? string[]
    : T extends 'boolean'
      ? boolean
      : T extends 'number'
        ? number
        : T extends 'path'
          ? (string | number)[]
          : T extends 'unknown[]'
            ? unknown[]
            : unknown;
type Required<S> = { [K in keyof S as S[K] extends `${string}?` ? never : K]: TypeOf<S[K]> };
type Optional<S> = {
  [K in keyof S as S[K] extends `${infer B}?` ? (B extends FieldBase ? K : never) : never]?: S[K] extends `${infer B}?` ? TypeOf<B> | undefined : never;
};
/** The TypeScript type of a shape: `DataOf<typeof SK013.data>` is `{ fullId: string; changes: string[] }`. */
export type DataOf<S extends DataShape> = Required<S> & Optional<S>;

/** A severity other than the default, for a named case of the code (`'SK061.cannotTell'`). */
export interface Variant {
  severity: Severity;
  when: string;
}

/** What the agents tree shows for a binding with a finding of this code. */
export type TreeStatus = 'broken' | 'shapeChanged' | 'notLocked' | 'tool';

/** What the server passes back from a published diagnostic: its code, range and the finding's `data`. */
export interface DiagnosticLike {
  code?: string | number;
  range: Range;
  data?: unknown;
  message?: string;
  severity?: number;
  source?: string;
}

/** What a quick fix sees: the diagnostic, its file, and `fix` to offer an edit. */
export interface FixContext {
  index: WorkspaceIndex;
  uri: string;
  file: OpenFile;
  diagnostic: DiagnosticLike;
  /** The finding's data (an empty object when it has none). */
  data: Record<string, unknown>;
  now: Date;
  /** Offers a code action; nothing when `edit` is undefined. */
  fix(title: string, edit: WorkspaceEdit | undefined, preferred?: boolean): void;
  /** True the first time `key` is asked for in one request: for fixes offered once for many diagnostics. */
  once(key: string): boolean;
  actions: CodeAction[];
}

/** One quick fix: `title` says what it does (the offered action's title may name the values). */
export interface QuickFix {
  title: string;
  createCodeAction(ctx: FixContext): void;
}

export interface Rule<S extends DataShape = DataShape> {
  code: string;
  severity: Severity;
  variants?: Record<string, Variant>;
  title: string;
  /** The paragraph of docs/rules.md that says what the finding means (held equal by a test). */
  doc: string;
  /** The fields of the `data` the findings carry (a finding without data matches any shape). */
  data: S;
  quickFixes?: QuickFix[];
  treeStatus?: TreeStatus;
}

/** Rules by code, once `registerRules` has been given the registry's list (analyze.ts does, as it loads). */
const registered = new Map<string, Rule>();

/**
 * A rule module's one export. Pure: defining a rule registers nothing, so a bundle that uses nothing of a
 * rule (the runner's) leaves it out.
 */
export function defineRule<const S extends DataShape>(rule: Rule<S>): Rule<S> {
  return rule;
}

/** Makes findings find their rules' severities: called once with the registry's list (rules/index.ts). */
export function registerRules(rules: readonly Rule[]): void {
  for (const rule of rules) {
    const known = registered.get(rule.code);
    if (known && known !== rule) throw new Error(`${rule.code} is defined twice`);
    registered.set(rule.code, rule);
  }
}

/** The rule of a code (`'SK013'`), or undefined for a code the catalogue lacks. */
export function ruleOf(code: string): Rule | undefined {
  return registered.get(code);
}

/**
 * The severity of a code (`'SK013'`) or of a named variant (`'SK061.cannotTell'`): the one place findings get it.
 * An unknown code or variant is a programming error.
 */
export function severityOf(code: string): Severity {
  const [base, variant] = code.split('.');
  const rule = ruleOf(base);
  if (!rule) throw new Error(`finding code ${base} is not in the rule registry`);
  if (variant === undefined) return rule.severity;
  const v = rule.variants?.[variant];
  if (!v) throw new Error(`${base} has no variant '${variant}'`);
  return v.severity;
}

/** A code of the registry, or one of its named variants (`'SK061.cannotTell'`). */
export type CodeOrVariant = FindingCode | `${FindingCode}.${string}`;
/** The `data` a finding of a code (or variant) carries, as its rule declares it. */
export type DataFor<C extends CodeOrVariant> = C extends `${infer B extends FindingCode}.${string}`
  ? DataByCode[B]
  : C extends FindingCode
    ? DataByCode[C]
    : never;

/** A finding of `code` (or `'SKnnn.variant'`) with its registered severity; `data` has the type its rule declares. */
export function finding<C extends CodeOrVariant>(
  code: C,
  uri: string,
  range: Range,
  message: string,
  related: RelatedLocation[] = [],
  data?: DataFor<C>,
): Finding {
  const f: Finding = { uri, range, severity: severityOf(code), code: code.split('.')[0], message, related };
  if (data) f.data = data;
  return f;
}

function fieldMatches(type: FieldBase, v: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof v === 'string';
    case 'string[]':
      return Array.isArray(v) && v.every((x) => typeof x === 'string');
    case 'boolean':
      return typeof v === 'boolean';
    case 'number':
      return typeof v === 'number';
    case 'path':
      return Array.isArray(v) && v.every((x) => typeof x === 'string' || typeof x === 'number');
    case 'unknown[]':
      return Array.isArray(v);
    case 'unknown':
      return true;
  }
}

/** Why `data` does not fit `shape`, or undefined when it does (unknown fields do not fit). */
export function dataProblem(shape: DataShape, data: Record<string, unknown> | undefined): string | undefined {
  if (data === undefined) return undefined;
  for (const k of Object.keys(data)) if (!(k in shape)) return `unexpected field '${k}'`;
  for (const [k, t] of Object.entries(shape)) {
    const optional = t.endsWith('?');
    const v = data[k];
    if (v === undefined) {
      if (!optional) return `missing field '${k}'`;
      continue;
    }
    if (!fieldMatches(t.replace(/\?$/, '') as FieldBase, v)) return `field '${k}' is not ${t}`;
  }
  return undefined;
}

/** Adds a finding of `code` (or `'SKnnn.variant'`) with the severity its rule registers: what checks report through. */
export type AddFinding = <C extends CodeOrVariant>(code: C, range: Range, message: string, related?: RelatedLocation[], data?: DataFor<C>) => void;

/** A related location: another file's node the finding involves. */
export function related(uri: string, range: Range, message: string): RelatedLocation {
  return { uri, range, message };
}
