/**
 * The environment matrix: for every agent and environment, whether each of its actions can run there, and
 * why not. Pure: reads the index and its findings (the rules decide what is broken; this module only says
 * which environments a finding or a missing slot, connector or tool stands in the way of) and asks the
 * caller which secrets have a value on this machine.
 */
import { resolveBinding } from './bindings';
import { resolvedName, lockOf, summariesOf } from './features/queries';
import { find } from './lookup';
import { fileIn, type Issue, type MatrixOptions, Reader, unreadable, within } from './matrixReader';
import type { AgentActionSummary, AgentSummary, Summary } from './summary';
import { ENVIRONMENTS, type Environment, type Range } from './types';
import type { WorkspaceIndex } from './workspace';
import { valueRangeAt } from './yamlFile';

export { fileIn, type MatrixOptions };

/** Why an action cannot run in an environment (a reason), or what may stop a run from this machine (a warning). */
export interface MatrixReason {
  /** The action's name (a binding's: its shared action's name, or the tool's). */
  action: string;
  message: string;
  /** Relative to the workspace folder, `/` separators (as `check --format json` names files). */
  file: string;
  /** The same file as a uri, for editors. */
  uri: string;
  /** 0-based, as in `check --format json`. */
  range: Range;
}

export interface MatrixCell {
  ready: boolean;
  reasons: MatrixReason[];
  warnings: MatrixReason[];
}

export interface MatrixAgent {
  agent: string;
  name: string;
  status: 'active' | 'inactive';
  file: string;
  uri: string;
  range: Range;
  environments: Record<Environment, MatrixCell>;
}

export interface EnvironmentMatrix {
  agents: MatrixAgent[];
}

/** Action types that need nothing from an environment: the platform runs them itself. */
const ALWAYS_RUNNABLE = new Set(['static-response', 'handover', 'end-call', 'client-event']);

export function environmentMatrix(index: WorkspaceIndex, options: MatrixOptions): EnvironmentMatrix {
  const agents = [...summariesOf(index, 'agent')].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.uri < b.uri ? -1 : 1));
  const reader = new Reader(index, options);
  return { agents: agents.map((agent) => agentRow(reader, agent)) };
}

function agentRow(r: Reader, agent: AgentSummary): MatrixAgent {
  const environments = {} as Record<Environment, MatrixCell>;
  for (const env of ENVIRONMENTS) environments[env] = { ready: true, reasons: [], warnings: [] };
  const lock = lockOf(r.index, agent.uri);
  const seen = new Set<string>();
  for (const a of agent.actions) {
    const { name, issues } = actionIssues(r, agent, a, lock?.entries.find((e) => e.fullId === a.link?.target)?.shape.name);
    for (const issue of issues) {
      for (const env of issue.env ? [issue.env] : ENVIRONMENTS) {
        const key = `${env}|${a.index}|${issue.warning ? 'w' : 'r'}|${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const cell = environments[env];
        const reason: MatrixReason = { action: name, message: issue.message, file: r.file(issue.uri), uri: issue.uri, range: issue.range };
        (issue.warning ? cell.warnings : cell.reasons).push(reason);
      }
    }
  }
  for (const env of ENVIRONMENTS) environments[env].ready = environments[env].reasons.length === 0;
  return {
    agent: agent.id,
    name: agent.name ?? agent.id,
    status: agent.status === 'active' ? 'active' : 'inactive',
    file: fileIn(r.index.rootUri, agent.uri),
    uri: agent.uri,
    range: agent.idRange,
    environments,
  };
}

function actionIssues(r: Reader, agent: AgentSummary, a: AgentActionSummary, lockedName: string | undefined): { name: string; issues: Issue[] } {
  const issues: Issue[] = [];
  const agentErrors = r.errors(agent.uri);
  // A binding, api-call or text message with an error cannot be published, so it runs nowhere.
  const itemErrors = () => {
    if (agentErrors.length === 0) return; // most agents: no need to parse the file for the item's range
    const item = valueRangeAt(r.parsed(agent.uri), ['actions', a.index]) ?? a.range;
    for (const f of agentErrors) if (within(f.range, item)) issues.push({ message: f.message, uri: f.uri, range: f.range });
  };

  if (a.link) {
    const link = a.link;
    const res = resolveBinding(r.index.lookup, link.target, lockedName);
    const name = resolvedName(link.target, res);
    itemErrors();
    if (res.status === 'ok') {
      for (const f of r.errors(res.action.uri)) issues.push({ message: `Shared action '${link.target}': ${f.message}`, uri: f.uri, range: f.range });
      if (!res.integration) issues.push(unreadable(`integration '${link.target.split('/')[0]}'`, link.range, agent.uri));
      else {
        const integration = res.integration;
        const own = new Set(Object.keys(res.action.shape.headers).map((h) => h.toLowerCase()));
        for (const env of ENVIRONMENTS) {
          const slot = r.slot(integration, env);
          issues.push(...slot.issues);
          if (!slot.ok) continue;
          for (const ref of r.integrationHeaderSecrets(integration, own))
            r.secret(issues, ref.target, env, `header of integration '${integration.id}'`, integration.uri, ref.range);
          for (const v of Object.values(res.action.shape.headers))
            if (typeof v !== 'string')
              r.secret(issues, v.secret, env, `header of shared action '${link.target}'`, res.action.uri, firstRef(res.action, v.secret));
        }
      }
    } else if (res.status === 'tool') {
      const tool = r.index.findings(agent.uri).find((f) => f.code === 'SK061' && within(f.range, link.range));
      // Nothing discovered yet: the check cannot tell (a warning); a tool that needs task execution runs on the platform.
      if (tool) issues.push({ warning: !res.tools || !!res.tool, message: tool.message, uri: tool.uri, range: tool.range });
      issues.push(...r.mcp(res.integration));
    } else if (!issues.length) {
      issues.push({
        message: `Binding '${link.target}' does not lead to a shared action (${res.status}): run stellar-kit check.`,
        uri: agent.uri,
        range: link.range,
      });
    }
    return { name, issues };
  }

  const name = a.name ?? `#${a.index + 1}`;
  if (a.type === undefined || ALWAYS_RUNNABLE.has(a.type)) return { name, issues };
  itemErrors();
  if (a.type === 'api-call') {
    for (const env of ENVIRONMENTS) {
      if (a.auth) {
        const c = r.connector(a.auth.target, env, name, a.auth.range, agent.uri);
        issues.push(...c.issues);
        if (!c.ok) continue;
      }
      for (const ref of a.headerSecrets ?? []) r.secret(issues, ref.target, env, `header of '${name}'`, agent.uri, ref.range);
    }
  } else if (a.type === 'send-text-message' && a.channel) {
    const channel = find.integration(r.index.lookup, a.channel.target);
    // Not a messaging channel: SK070 (or the channel's own findings) said so above.
    if (channel?.integrationKind === 'messaging-channel') for (const env of ENVIRONMENTS) issues.push(...r.slot(channel, env).issues);
  }
  return { name, issues };
}

/** Shared actions reference secrets in their headers only: the first reference of `name` is the header's. */
function firstRef(s: Summary, name: string): Range {
  return s.secretRefs.find((r) => r.target === name)?.range ?? s.idRange;
}
