/** `stellar-kit run <agent>/<action> --env <env>`: sends one action's request and shows the response. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder } from '../node/loadFolder';
import { pairsOf, parseArgs, UsageError, type OptionSpec } from './args';
import { missingVariables, textMessageInputs, type TextMessageInputs } from '../service';
import { credentialDestinations, credentialLine } from '../service';
import { coerceParameters, findAgentAction, nestVariables, parametersSchemaOf, planRequest } from '../service';
import { printCredentials, runLimits, type RunIo } from './runIo';
import { runToolBinding } from './runTool';
import { ENVIRONMENTS } from '../service';
import { EnvSecretSource, Redactor } from '../runner/secrets';
import { sendPlan, type RunResult } from '../runner/send';
import { driftOf, driftText, recordShape, type DriftReport } from './record';
import { responseShapeTarget } from '../service';

export const RUN_USAGE = `Usage:
  stellar-kit run <agent>/<action> --env development|staging|production [--param name=value]... [--var call.from=+31...]...
                  [--format text|json] [--folder <workspace>] [--yes] [--message <text>] [--telnyx-base-url <url>]
                  [--allow-private-network] [--record]

Sends the request of one agent action (a binding's name is its shared action's name) and shows the status,
headers, timing, body and output variables. Secrets come from STELLAR_SECRET_<NAME>_<ENV> or STELLAR_SECRET_<NAME>.
production needs --yes. Before sending, each credential is named on stderr with the origin it goes to.
Link-local, cloud metadata and unspecified addresses are always refused; private network addresses (10/8,
172.16/12, 192.168/16, 100.64/10, fc00::/7) only with --allow-private-network; loopback is allowed. Exit 0 on a 2xx response, 1 on another status or an output variable that found nothing,
2 on usage, plan or network errors.

send-text-message actions post to Telnyx (https://api.telnyx.com/v2/messages, or --telnyx-base-url /
STELLAR_TELNYX_BASE_URL). recipient: caller needs --var call.from=<E.164 number>; an action without a message
template (the agent writes the text) needs --message <text>.

--record writes the JSON Schema of a 2xx JSON response (types, never values) to the action's response shape
file: <action-id>.response.yaml next to a shared action, <agent-id>.<action-name>.response.yaml next to the agent
for an api-call. Output variables are then checked against it (SK016), and every later run prints how the
response drifted from it (fields added, removed, type changed).

A binding to an MCP tool calls tools/call on the server's url; --param values are checked against the tool's
input schema in the tools lock (run stellar-kit discover first). Exit 1 when the tool reports isError.
`;

interface Args {
  target: string;
  env: string;
  params: Record<string, string>;
  vars: Record<string, string>;
  format: 'text' | 'json';
  folder: string;
  yes: boolean;
  message?: string;
  telnyxBaseUrl?: string;
  allowPrivateNetwork: boolean;
  record: boolean;
}

const OPTIONS: Record<string, OptionSpec> = {
  env: { values: ENVIRONMENTS },
  param: { repeat: true },
  var: { repeat: true },
  format: { values: ['text', 'json'] },
  folder: {},
  message: {},
  'telnyx-base-url': {},
  yes: { flag: true },
  help: { flag: true },
  'allow-private-network': { flag: true },
  record: { flag: true },
};

function parseRunArgs(args: string[]): Args {
  const p = parseArgs(args, OPTIONS);
  if (p.flags.has('help')) throw new UsageError('');
  const { positional, options: o } = p;
  if (positional.length !== 1)
    throw new UsageError(positional.length ? `run takes one <agent>/<action>, got ${positional.length}` : 'missing <agent>/<action>');
  if (!o.env) throw new UsageError('missing --env development|staging|production');
  return {
    target: positional[0],
    env: o.env,
    params: pairsOf(p, 'param'),
    vars: pairsOf(p, 'var'),
    format: (o.format ?? 'text') as Args['format'],
    folder: o.folder ?? '.',
    yes: p.flags.has('yes'),
    message: o.message,
    telnyxBaseUrl: o['telnyx-base-url'],
    allowPrivateNetwork: p.flags.has('allow-private-network'),
    record: p.flags.has('record'),
  };
}

function show(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function textReport(r: RunResult): string {
  const lines = [`${r.request.method} ${r.request.url}`];
  for (const u of r.redirects) lines.push(`  → redirected to ${u}`);
  lines.push('', `${r.status} ${r.statusText} (${r.timingMs} ms)`);
  for (const [k, v] of Object.entries(r.headers)) lines.push(`${k}: ${v}`);
  lines.push('', r.body);
  if (r.truncated) lines.push(`(body ${r.truncated})`);
  if (r.bodyProblem) lines.push(`(${r.bodyProblem}: the body is shown as received)`);
  if (r.outputVariables.length) {
    lines.push('', 'Output variables:');
    for (const o of r.outputVariables)
      lines.push(o.found ? `  ${o.name} = ${show(o.value)}` : `  ${o.name}: (nothing at ${o.path}${o.error ? `: ${o.error}` : ''})`);
  }
  return lines.join('\n') + '\n';
}

function jsonReport(r: RunResult, drift?: DriftReport): string {
  return (
    JSON.stringify(
      {
        request: r.request,
        status: r.status,
        statusText: r.statusText,
        timingMs: r.timingMs,
        headers: r.headers,
        body: r.json !== undefined ? r.json : r.body,
        ...(r.truncated ? { truncated: r.truncated } : {}),
        ...(r.bodyProblem ? { bodyProblem: r.bodyProblem } : {}),
        ...(r.redirects.length ? { redirects: r.redirects } : {}),
        outputVariables: r.outputVariables.map((o) => ({
          name: o.name,
          path: o.path,
          found: o.found,
          value: o.found ? o.value : null,
          ...(o.error ? { error: o.error } : {}),
        })),
        ...(drift ? { responseShape: drift } : {}),
      },
      null,
      2,
    ) + '\n'
  );
}

/** What a send-text-message run lacks (or has too much of) on the command line, in its options' words. */
function textMessageProblem(inputs: TextMessageInputs | undefined, a: Args): string | undefined {
  if (!inputs) return a.message === undefined ? undefined : `--message is only for send-text-message actions; '${a.target}' is not one.`;
  const missing = missingVariables(inputs.variables, nestVariables(a.vars));
  if (missing.length) {
    const what: Record<string, string> = { 'call.from': ' (the number the caller calls from)', 'call.to': ' (the number the caller dialled)' };
    const opts = missing.map((v) => `--var ${v}=${v.startsWith('call.') ? '<E.164 number, e.g. +31612345678>' : '<value>'}${what[v] ?? ''}`).join(', ');
    return `'${a.target}' reads conversation variables that were not given: pass ${opts}.`;
  }
  if (inputs.agentWritesMessage && a.message === undefined)
    return `'${a.target}' has no message template (on a call the agent writes the text): pass --message <text>.`;
  if (!inputs.agentWritesMessage && a.message !== undefined)
    return `'${a.target}' has a message template; --message is only for send-text-message actions without one.`;
  return undefined;
}

export async function runCommand(args: string[], io: RunIo): Promise<number> {
  const redactor = new Redactor();
  // Everything printed passes the redactor: secrets resolved during the run never reach the terminal.
  const out = (s: string) => io.out(redactor.apply(s));
  const err = (s: string) => io.err(redactor.apply(s));
  let a: Args;
  try {
    a = parseRunArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) {
      err(`stellar-kit run: ${e.message}\n\n${RUN_USAGE}`);
      return 2;
    }
    out(RUN_USAGE);
    return 0;
  }
  const slash = a.target.indexOf('/');
  if (slash <= 0 || slash === a.target.length - 1) {
    err(`stellar-kit run: '${a.target}' is not <agent>/<action>\n\n${RUN_USAGE}`);
    return 2;
  }
  if (a.env === 'production' && !a.yes) {
    err(`stellar-kit run: running '${a.target}' in production sends a real request to the live system. Add --yes to confirm.\n`);
    return 2;
  }
  const root = path.resolve(a.folder);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    err(`stellar-kit run: folder '${a.folder}' does not exist\n`);
    return 2;
  }
  const { index } = await loadFolder(root);
  const found = findAgentAction(index, a.target.slice(0, slash), a.target.slice(slash + 1));
  if (!found.ok) {
    err(`stellar-kit run: ${found.error}\n`);
    return 2;
  }
  // Refused before anything is sent: a target with no response shape cannot be recorded.
  const shapeTarget = a.record ? responseShapeTarget(index, found.target) : undefined;
  if (typeof shapeTarget === 'string') {
    err(`stellar-kit run: --record: ${shapeTarget}\n`);
    return 2;
  }
  // A binding to an MCP tool is called with tools/call (cli/runTool.ts), not sent as an HTTP request.
  const tool = await runToolBinding(index, found.target, a, io, redactor);
  if (tool !== undefined) return tool;
  const params = coerceParameters(parametersSchemaOf(index, found.target), a.params);
  const inputProblem = textMessageProblem(textMessageInputs(index, found.target), a);
  if (inputProblem) {
    err(`stellar-kit run: ${inputProblem}\n`);
    return 2;
  }
  const telnyxBaseUrl = a.telnyxBaseUrl ?? (io.env ?? process.env).STELLAR_TELNYX_BASE_URL;
  const planned = planRequest(index, found.target, a.env, params, nestVariables(a.vars), { message: a.message, telnyxBaseUrl });
  if (!planned.ok) {
    err(`stellar-kit run: ${planned.error}\n`);
    return 2;
  }
  printCredentials(credentialDestinations(planned.plan).map(credentialLine), err);
  const sent = await sendPlan(planned.plan, { secrets: io.secrets ?? new EnvSecretSource(), limits: runLimits(io, a.allowPrivateNetwork), redactor });
  if (!sent.ok) {
    err(`stellar-kit run: ${sent.error}\n`);
    return 2;
  }
  const r = sent.result;
  const drift = driftOf(index, found.target, r);
  out(a.format === 'json' ? jsonReport(r, drift) : textReport(r) + (drift ? driftText(drift) : ''));
  const ok2xx = r.status >= 200 && r.status <= 299;
  if (!ok2xx) err(`stellar-kit run: ${r.status} ${r.statusText} from '${planned.plan.label}'\n`);
  let recorded = true;
  if (a.record) {
    const rec = await recordShape(index, found.target, a.env, r, process.cwd(), io.now?.() ?? new Date());
    recorded = rec.ok;
    // stdout stays one JSON document with --format json.
    if (rec.ok && a.format === 'text') out(`${rec.message}\n`);
    else err(`stellar-kit run: ${rec.message}\n`);
  }
  const missing = r.outputVariables.filter((o) => !o.found);
  if (ok2xx && missing.length)
    err(`stellar-kit run: ${missing.length} output variable${missing.length === 1 ? '' : 's'} found nothing: ${missing.map((o) => o.name).join(', ')}\n`);
  return ok2xx && !missing.length && recorded ? 0 : 1;
}
