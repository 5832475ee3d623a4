import { Command, type CodeLens, type Location } from 'vscode-languageserver-types';
import { resolveBinding } from '../bindings';
import { find, fullIdOf } from '../lookup';
import { textMessageEnvironments } from '../run/messagePlan';
import { ENVIRONMENTS, type Environment } from '../types';
import { mcpEnvironments } from '../run/mcpPlan';
import type { WorkspaceIndex } from '../workspace';
import { referencesOf } from './references';
import { bindingsOf, lockOf, summaryOf } from './queries';
import { plural } from './text';

/** Arguments of `stellarKit.runAction`. */
export interface RunActionArgs {
  agentUri: string;
  actionIndex: number;
  environment: Environment;
}

export function codeLenses(index: WorkspaceIndex, uri: string): CodeLens[] {
  const action = summaryOf(index, uri, 'action');
  if (action) {
    const fullId = fullIdOf(action);
    if (!fullId) return [];
    const uses = bindingsOf(index, fullId);
    const agents = new Set(uses.map((u) => u.agent.uri)).size;
    const locations: Location[] = referencesOf(index, { s: 'action', fullId }, false);
    const title = agents === 0 ? 'not linked by any agent' : `linked by ${plural(agents, 'agent')}`;
    return [{ range: action.idRange, command: Command.create(title, 'stellarKit.showReferences', uri, action.idRange.start, locations) }];
  }
  const agent = summaryOf(index, uri, 'agent');
  if (!agent) return [];
  const lock = lockOf(index, uri);
  const out: CodeLens[] = [];
  for (const a of agent.actions) {
    let envs: readonly string[] = [];
    if (a.link) {
      const r = resolveBinding(index.lookup, a.link.target, lock?.entries.find((e) => e.fullId === a.link!.target)?.shape.name);
      if (r.status === 'ok') envs = r.integration ? r.integration.slots.map((s) => s.env) : [];
      // One server URL for every environment: those its auth connector has credentials for (all without one).
      else if (r.status === 'tool') envs = mcpEnvironments(index, r.integration);
    } else if (a.type === 'api-call') {
      const auth = a.auth ? find.auth(index.lookup, a.auth.target) : undefined;
      envs = auth ? auth.envs : ENVIRONMENTS;
    } else if (a.type === 'send-text-message') {
      envs = textMessageEnvironments(index, a.channel?.target);
    }
    const ordered = ENVIRONMENTS.filter((e) => envs.includes(e));
    ordered.forEach((environment, i) => {
      const args: RunActionArgs = { agentUri: uri, actionIndex: a.index, environment };
      out.push({ range: a.itemRange ?? a.range, command: Command.create(i === 0 ? `Run in ${environment}` : environment, 'stellarKit.runAction', args) });
    });
  }
  return out;
}
