/**
 * `stellar-kit matrix`: whether each agent can run in each environment (the core decides, service/matrix.ts),
 * as a table with the reasons below it (text, markdown) or as JSON; `--require` makes it a CI gate.
 */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder } from '../node/loadFolder';
import { ENVIRONMENTS, environmentMatrix, type Environment, type EnvironmentMatrix, type MatrixAgent, type MatrixCell, type MatrixReason } from '../service';
import { parseArgs, UsageError } from './args';

export const MATRIX_FORMATS = ['text', 'json', 'markdown'] as const;
type MatrixFormat = (typeof MATRIX_FORMATS)[number];

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Where secrets are looked up (process.env when absent). */
  env?: Record<string, string | undefined>;
}

/** A secret is set for an environment when `STELLAR_SECRET_<NAME>_<ENV>` or `STELLAR_SECRET_<NAME>` is not empty (as `run` reads them). */
export function envSecretIsSet(vars: Record<string, string | undefined>) {
  return (name: string, env: Environment): boolean => !!vars[`STELLAR_SECRET_${name}_${env.toUpperCase()}`] || !!vars[`STELLAR_SECRET_${name}`];
}

export async function matrixCommand(args: string[], io: Io): Promise<number> {
  const { positional, options } = parseArgs(args, { format: { values: MATRIX_FORMATS }, require: {} });
  if (positional.length > 1) throw new UsageError(`matrix takes one folder, got ${positional.length}`);
  const required = options.require === undefined ? [] : requiredEnvironments(options.require);
  const root = path.resolve(positional[0] ?? '.');
  let isDir: boolean;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    io.err(`stellar-kit: folder '${positional[0] ?? '.'}' does not exist\n`);
    return 2;
  }
  if (!isDir) {
    io.err(`stellar-kit: '${positional[0]}' is not a folder\n`);
    return 2;
  }
  const { index, unreadable } = await loadFolder(root);
  for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
  const matrix = environmentMatrix(index, {
    secretIsSet: envSecretIsSet(io.env ?? process.env),
    howToSet: (name, env) => `set STELLAR_SECRET_${name}_${env.toUpperCase()} or STELLAR_SECRET_${name}`,
  });
  const format = (options.format ?? 'text') as MatrixFormat;
  io.out(format === 'json' ? JSON.stringify(matrixJson(matrix), null, 2) + '\n' : format === 'markdown' ? matrixMarkdown(matrix) : matrixText(matrix));
  if (unreadable.length) return 2;
  const missing = matrix.agents.flatMap((a) =>
    a.status === 'active' ? required.filter((env) => !a.environments[env].ready).map((env) => [a.agent, env]) : [],
  );
  for (const [agent, env] of missing) io.err(`stellar-kit: active agent '${agent}' is not ready in ${env}\n`);
  return missing.length ? 1 : 0;
}

function requiredEnvironments(value: string): Environment[] {
  const envs = value.split(',').map((e) => e.trim());
  for (const e of envs)
    if (!(ENVIRONMENTS as readonly string[]).includes(e))
      throw new UsageError(`--require takes environments separated by commas (${ENVIRONMENTS.join(', ')}); '${e}' is not one (in '${value}')`);
  return envs as Environment[];
}

/** The JSON of the matrix: files relative to the folder, 0-based ranges, no uris (as `check --format json`). */
export function matrixJson(m: EnvironmentMatrix) {
  const reason = (r: MatrixReason) => ({ action: r.action, message: r.message, file: r.file, range: r.range });
  return {
    agents: m.agents.map((a) => ({
      agent: a.agent,
      status: a.status,
      environments: Object.fromEntries(
        ENVIRONMENTS.map((env) => {
          const c = a.environments[env];
          return [env, { ready: c.ready, reasons: c.reasons.map(reason), warnings: c.warnings.map(reason) }];
        }),
      ),
    })),
  };
}

/** ✓ ready, ! ready but a run from this machine lacks a secret, ✗ an action cannot run there. */
export function mark(c: MatrixCell): string {
  return !c.ready ? '✗' : c.warnings.length ? '!' : '✓';
}

const LEGEND = '✓ ready, ! ready (a secret has no value on this machine), ✗ not ready';

function at(r: MatrixReason): string {
  return `${r.file}:${r.range.start.line + 1}:${r.range.start.character + 1}`;
}

/** Reasons that say the same of several actions (one slot missing for three bindings), said once naming them all. */
function grouped(list: MatrixReason[]): { actions: string[]; reason: MatrixReason }[] {
  const out = new Map<string, { actions: string[]; reason: MatrixReason }>();
  for (const r of list) {
    const k = `${r.message}\0${at(r)}`;
    const g = out.get(k);
    if (g) g.actions.push(r.action);
    else out.set(k, { actions: [r.action], reason: r });
  }
  return [...out.values()];
}

/** Cells that say something, in table order. */
function notes(m: EnvironmentMatrix): { agent: MatrixAgent; env: Environment; cell: MatrixCell }[] {
  return m.agents.flatMap((agent) =>
    ENVIRONMENTS.map((env) => ({ agent, env, cell: agent.environments[env] })).filter((n) => n.cell.reasons.length || n.cell.warnings.length),
  );
}

export function matrixText(m: EnvironmentMatrix): string {
  if (m.agents.length === 0) return 'No agents in this workspace.\n';
  const rows = [['agent', 'status', ...ENVIRONMENTS], ...m.agents.map((a) => [a.agent, a.status, ...ENVIRONMENTS.map((e) => mark(a.environments[e]))])];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  let out = rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join('  ')).join('\n') + `\n\n${LEGEND}\n`;
  for (const { agent, env, cell } of notes(m)) {
    out += `\n${agent.agent} in ${env}: ${mark(cell)}\n`;
    for (const [m, list] of [['✗', cell.reasons] as const, ['!', cell.warnings] as const])
      for (const { actions, reason } of grouped(list)) out += `  ${m} ${actions.join(', ')}: ${reason.message}\n      ${at(reason)}\n`;
  }
  return out;
}

const cellText = (s: string) => s.replace(/\|/g, '\\|');
/** Messages quote placeholders such as `<value>`: not HTML. */
const mdText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function matrixMarkdown(m: EnvironmentMatrix): string {
  if (m.agents.length === 0) return 'No agents in this workspace.\n';
  let out = `| agent | status | ${ENVIRONMENTS.join(' | ')} |\n|---|---|${ENVIRONMENTS.map(() => ':-:|').join('')}\n`;
  for (const a of m.agents) out += `| \`${cellText(a.agent)}\` | ${a.status} | ${ENVIRONMENTS.map((e) => mark(a.environments[e])).join(' | ')} |\n`;
  out += `\n${LEGEND}\n`;
  for (const { agent, env, cell } of notes(m)) {
    out += `\n#### \`${agent.agent}\` in ${env}: ${mark(cell)}\n\n`;
    for (const [m, list] of [['✗', cell.reasons] as const, ['!', cell.warnings] as const])
      for (const { actions, reason } of grouped(list))
        out += `- ${m} ${actions.map((a) => `**${mdText(a)}**`).join(', ')}: ${mdText(reason.message)} (\`${at(reason)}\`)\n`;
  }
  return out;
}
