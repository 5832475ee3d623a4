/** The command line of every stellar-kit command: `--name value` or `--name=value`; `--` ends the options. */

/** A wrong command line: the command prints the message and its usage, and exits 2 (an empty message asks for the usage). */
export class UsageError extends Error {}

export interface OptionSpec {
  /** The values allowed; any value when absent. */
  values?: readonly string[];
  /** A switch that takes no value (`--yes`). */
  flag?: boolean;
  /** May be given again: every value is kept, in order (`--param a=1 --param b=2`). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  /** The value of each option given (the last one when repeated). */
  options: Record<string, string>;
  /** Every value of each repeatable option given. */
  lists: Record<string, string[]>;
  flags: Set<string>;
}

export function parseArgs(args: string[], known: Record<string, OptionSpec>): ParsedArgs {
  const out: ParsedArgs = { positional: [], options: {}, lists: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--') {
      out.positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('--')) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = Object.prototype.hasOwnProperty.call(known, name) ? known[name] : undefined;
    if (!spec) throw new UsageError(`unknown option '--${name}'`);
    if (spec.flag) {
      out.flags.add(name);
      continue;
    }
    const value = eq < 0 ? args[++i] : a.slice(eq + 1);
    if (value === undefined) throw new UsageError(`option '--${name}' needs a value`);
    if (spec.values && !spec.values.includes(value)) throw new UsageError(`--${name} must be one of ${spec.values.join(', ')}; got '${value}'`);
    out.options[name] = value;
    if (spec.repeat) (out.lists[name] ??= []).push(value);
  }
  return out;
}

/** The `name=value` pairs of a repeatable option (`--param`, `--var`). */
export function pairsOf(p: ParsedArgs, option: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of p.lists[option] ?? []) {
    const k = v.indexOf('=');
    if (k <= 0) throw new UsageError(`--${option} takes name=value; got '${v}'`);
    out[v.slice(0, k)] = v.slice(k + 1);
  }
  return out;
}
