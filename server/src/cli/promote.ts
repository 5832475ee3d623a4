/** `stellar-kit promote <agent>/<action> --integration <id> [folder]`: an api-call becomes a shared action and a binding. */
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder, pathOf } from '../node/loadFolder';
import { findAgentAction, planPromote } from '../service';
import { parseArgs, UsageError } from './args';

export const PROMOTE_USAGE = `Usage:
  stellar-kit promote <agent>/<action> --integration <id> [folder]

Turns the agent's api-call <action> into a shared action of the custom-api integration <id>: writes
<action-id>.action.yaml beside the integration's other actions (path: the url minus the slot's base URL; name,
description, method, headers and output variables move), turns the agent's entry into a binding that keeps its
per-agent fields (parameters, bodyTemplate, phases, maxSuccessfulCalls, allowedStates) and adds the binding's
shape to the agent's lock. The action id is the action's name, lower-cased. Exit 2, writing nothing, when the
url is not under a base URL of the integration, the id or name is taken, or the action is not an api-call.
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  now?: () => Date;
}

export async function promoteCommand(args: string[], io: Io): Promise<number> {
  const p = parseArgs(args, { integration: {}, help: { flag: true } });
  if (p.flags.has('help')) {
    io.out(PROMOTE_USAGE);
    return 0;
  }
  const [target, folder, ...more] = p.positional;
  if (!target || more.length) throw new UsageError(target ? 'promote takes <agent>/<action> and at most one folder' : 'missing <agent>/<action>');
  const integrationId = p.options.integration;
  if (!integrationId) throw new UsageError('missing --integration <id>');
  const slash = target.indexOf('/');
  if (slash <= 0 || slash === target.length - 1) throw new UsageError(`'${target}' is not <agent>/<action>`);
  const root = path.resolve(folder ?? '.');
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    io.err(`stellar-kit promote: folder '${folder ?? '.'}' does not exist\n`);
    return 2;
  }
  const { index } = await loadFolder(root);
  const found = findAgentAction(index, target.slice(0, slash), target.slice(slash + 1));
  if (!found.ok) {
    io.err(`stellar-kit promote: ${found.error}\n`);
    return 2;
  }
  const actionIndex = 'actionIndex' in found.target ? found.target.actionIndex : -1;
  const r = planPromote(index, { agentUri: found.target.agentUri, actionIndex, integrationId }, io.now?.() ?? new Date());
  if (!r.ok) {
    io.err(`stellar-kit promote: ${r.error} Nothing was written.\n`);
    return 2;
  }
  const { plan } = r;
  for (const w of plan.warnings) io.err(`stellar-kit promote: warning: ${w}\n`);
  const rel = (uri: string) => path.relative(root, pathOf(uri));
  // The action file first, and never over an existing one: a second promote of the same name fails here.
  await fs.mkdir(path.dirname(pathOf(plan.action.uri)), { recursive: true });
  await fs.writeFile(pathOf(plan.action.uri), plan.action.text, { encoding: 'utf8', flag: 'wx' });
  await fs.writeFile(pathOf(plan.agent.uri), plan.agent.text, 'utf8');
  await fs.writeFile(pathOf(plan.lock.uri), plan.lock.text, 'utf8');
  io.out(
    `Promoted '${target}' to shared action '${plan.fullId}':\n  wrote ${rel(plan.action.uri)}\n  updated ${rel(plan.agent.uri)} (now a binding)\n  updated ${rel(plan.lock.uri)}\n`,
  );
  return 0;
}
