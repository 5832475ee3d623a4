/**
 * The environment matrix: for every agent and environment, whether each of its actions can run there, and
 * why not. Pure: reads the index and its findings (the rules decide what is broken; this module only says
 * which environments a finding or a missing slot, connector or tool stands in the way of) and asks the
 * caller which secrets have a value on this machine.
 */
import { resolveBinding } from './bindings';
import { resolvedName, lockOf, summariesOf } from './features/queries';
import { find } from './lookup';
import { authOf, valueOf } from './run/planParts';
import { isRecord } from './kinds/common';
import type { AgentActionSummary, AgentSummary, IntegrationSummary, Summary } from './summary';
import { ENVIRONMENTS, type Environment, type Finding, type Range } from './types';
import type { WorkspaceIndex } from './workspace';
import { objectRangeAt, parseYamlCached, valueRangeAt } from './yamlFile';

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

export interface MatrixOptions {
  /** True when the secret has a value for the environment on this machine, false when not, undefined when unknown. */
  secretIsSet(name: string, env: Environment): boolean | undefined;
  /** Appended to an unset secret's warning: where to set it (CLI: the environment variables; editor: Set Secret). */
  howToSet?(name: string, env: Environment): string;
}

/** What stops or may stop one action; `env` undefined: every environment. */
interface Issue {
  env?: Environment;
  warning?: boolean;
  message: string;
  uri: string;
  range: Range;
}

/** Action types that need nothing from an environment: the platform runs them itself. */
const ALWAYS_RUNNABLE = new Set(['static-response', 'handover', 'end-call', 'client-event']);

export function environmentMatrix(index: WorkspaceIndex, options: MatrixOptions): EnvironmentMatrix {
  const agents = [...summariesOf(index, 'agent')].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : a.uri < b.uri ? -1 : 1));
  return { agents: agents.map((agent) => agentRow(index, agent, options)) };
}

function agentRow(index: WorkspaceIndex, agent: AgentSummary, options: MatrixOptions): MatrixAgent {
  const environments = {} as Record<Environment, MatrixCell>;
  for (const env of ENVIRONMENTS) environments[env] = { ready: true, reasons: [], warnings: [] };
  const findings = index.findings(agent.uri);
  const lock = lockOf(index, agent.uri);
  const seen = new Set<string>();
  for (const a of agent.actions) {
    const { name, issues } = actionIssues(index, agent, a, findings, lock?.entries.find((e) => e.fullId === a.link?.target)?.shape.name, options);
    for (const issue of issues) {
      for (const env of issue.env ? [issue.env] : ENVIRONMENTS) {
        const key = `${env}|${a.index}|${issue.warning ? 'w' : 'r'}|${issue.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const cell = environments[env];
        const reason: MatrixReason = { action: name, message: issue.message, file: fileIn(index.rootUri, issue.uri), uri: issue.uri, range: issue.range };
        (issue.warning ? cell.warnings : cell.reasons).push(reason);
      }
    }
  }
  for (const env of ENVIRONMENTS) environments[env].ready = environments[env].reasons.length === 0;
  return {
    agent: agent.id,
    name: agent.name ?? agent.id,
    status: agent.status === 'active' ? 'active' : 'inactive',
    file: fileIn(index.rootUri, agent.uri),
    uri: agent.uri,
    range: agent.idRange,
    environments,
  };
}

function actionIssues(
  index: WorkspaceIndex,
  agent: AgentSummary,
  a: AgentActionSummary,
  agentFindings: Finding[],
  lockedName: string | undefined,
  options: MatrixOptions,
): { name: string; issues: Issue[] } {
  const issues: Issue[] = [];
  const secrets = new SecretCheck(index, options, issues);
  const agentFile = parseYamlCached(agent.uri, index.text(agent.uri) ?? '');
  const item = valueRangeAt(agentFile, ['actions', a.index]) ?? a.range;
  // A binding, api-call or text message with an error cannot be published, so it runs nowhere.
  const itemErrors = () => {
    for (const f of agentFindings) if (f.severity === 'error' && within(f.range, item)) issues.push({ message: f.message, uri: f.uri, range: f.range });
  };

  if (a.link) {
    const link = a.link;
    const r = resolveBinding(index.lookup, link.target, lockedName);
    const name = resolvedName(link.target, r);
    itemErrors();
    if (r.status === 'ok') {
      for (const f of index.findings(r.action.uri))
        if (f.severity === 'error') issues.push({ message: `Shared action '${link.target}': ${f.message}`, uri: f.uri, range: f.range });
      if (!r.integration) issues.push(unreadable(`integration '${link.target.split('/')[0]}'`, link.range, agent.uri));
      else {
        const integrationHeaders = valueOf(index, r.integration.uri)?.headers;
        const own = new Set(Object.keys(r.action.shape.headers).map((h) => h.toLowerCase()));
        for (const env of ENVIRONMENTS) {
          const ready = slotIssues(index, r.integration, env, issues, secrets);
          if (!ready) continue;
          secrets.headers(r.integration, ['headers'], env, `header of integration '${r.integration.id}'`, integrationHeaders, own);
          secrets.headers(r.action, ['headers'], env, `header of shared action '${link.target}'`);
        }
      }
    } else if (r.status === 'tool') {
      const tool = agentFindings.find((f) => f.code === 'SK061' && within(f.range, link.range));
      // Nothing discovered yet: the check cannot tell (a warning); a tool that needs task execution runs on the platform.
      if (tool && (!r.tools || r.tool)) issues.push({ warning: true, message: tool.message, uri: tool.uri, range: tool.range });
      else if (tool) issues.push({ message: tool.message, uri: tool.uri, range: tool.range });
      mcpIssues(index, r.integration, issues, secrets);
    } else if (!issues.length) {
      issues.push({
        message: `Binding '${link.target}' does not lead to a shared action (${r.status}): run stellar-kit check.`,
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
    const raw = valueOf(index, agent.uri)?.actions;
    const value = Array.isArray(raw) && isRecord(raw[a.index]) ? raw[a.index] : {};
    for (const env of ENVIRONMENTS) {
      if (a.auth && !connectorIssues(index, a.auth.target, env, name, a.auth.range, agent.uri, issues, secrets)) continue;
      secrets.headers(agent, ['actions', a.index, 'headers'], env, `header of '${name}'`, value.headers);
    }
  } else if (a.type === 'send-text-message' && a.channel) {
    const channel = find.integration(index.lookup, a.channel.target);
    // Not a messaging channel: SK070 (or the channel's own findings) said so above.
    if (channel?.integrationKind === 'messaging-channel') for (const env of ENVIRONMENTS) slotIssues(index, channel, env, issues, secrets);
  }
  return { name, issues };
}

/** The integration's slot for `env`: present, without errors, its connector with credentials there. False when blocked. */
function slotIssues(index: WorkspaceIndex, integration: IntegrationSummary, env: Environment, issues: Issue[], secrets: SecretCheck): boolean {
  const slot = integration.slots.find((s) => s.env === env);
  const what = integration.integrationKind === 'messaging-channel' ? 'messaging channel' : 'integration';
  if (!slot) {
    const have = integration.slots.map((s) => s.env);
    issues.push({
      env,
      message: `${what[0].toUpperCase()}${what.slice(1)} '${integration.id}' has no ${env} slot${have.length ? ` (it has ${have.join(', ')})` : ''}. Add environments.${env} to ${integration.id}.integration.yaml.`,
      uri: integration.uri,
      range: integration.environmentsRange ?? integration.idRange,
    });
    return false;
  }
  const file = parseYamlCached(integration.uri, index.text(integration.uri) ?? '');
  const slotRange = valueRangeAt(file, ['environments', env]) ?? slot.range;
  let blocked = false;
  // SK020 (unknown or unsuitable connector, 'Bearer ' in a Telnyx key), SK023 (no credentials for env), SK002...
  for (const f of index.findings(integration.uri)) {
    if (f.severity !== 'error' || !(within(f.range, slotRange) || within(f.range, slot.range))) continue;
    issues.push({ env, message: `${what[0].toUpperCase()}${what.slice(1)} '${integration.id}': ${f.message}`, uri: f.uri, range: f.range });
    blocked = true;
  }
  if (blocked) return false;
  if (integration.integrationKind === 'custom-api' && !slot.baseUrl) {
    issues.push({ env, message: `Integration '${integration.id}': the ${env} slot has no valid baseUrl.`, uri: integration.uri, range: slot.range });
    return false;
  }
  if (!slot.auth) return true;
  return connectorIssues(index, slot.auth.target, env, integration.id, slot.auth.range, integration.uri, issues, secrets);
}

/** An MCP server: its url and its connector's credentials per environment (one server for every environment). */
function mcpIssues(index: WorkspaceIndex, integration: IntegrationSummary, issues: Issue[], secrets: SecretCheck): void {
  const errors = index.findings(integration.uri).filter((f) => f.severity === 'error');
  for (const f of errors) issues.push({ message: `MCP server '${integration.id}': ${f.message}`, uri: f.uri, range: f.range });
  if (errors.length) return;
  if (!integration.url) {
    issues.push({ message: `MCP server '${integration.id}' has no valid url.`, uri: integration.uri, range: integration.idRange });
    return;
  }
  const auth = integration.auth;
  if (auth) for (const env of ENVIRONMENTS) connectorIssues(index, auth.target, env, integration.id, auth.range, integration.uri, issues, secrets);
}

/**
 * The auth connector `id` (named at `range` of `uri`) has usable credentials for `env` (the run plan's own
 * check); their secrets are checked for values. False when blocked.
 */
function connectorIssues(
  index: WorkspaceIndex,
  id: string,
  env: Environment,
  user: string,
  range: Range,
  uri: string,
  issues: Issue[],
  secrets: SecretCheck,
): boolean {
  const summary = find.auth(index.lookup, id);
  if (!summary) {
    // A missing connector is SK020 on the reference (reported with the item's or slot's errors); one that does not parse reports itself.
    if (find.authExists(index.lookup, id)) issues.push(unreadable(`auth connector '${id}'`, range, uri, env));
    return false;
  }
  const plan = authOf(index, id, env, user);
  if (typeof plan === 'string') {
    issues.push({ env, message: plan, uri, range });
    return false;
  }
  const creds = valueOf(index, summary.uri)?.environments;
  secrets.values(summary, ['environments', env], env, `auth connector '${id}'`, isRecord(creds) ? creds[env] : undefined);
  return true;
}

function unreadable(what: string, range: Range, uri: string, env?: Environment): Issue {
  return { env, message: `The file of ${what} cannot be read: fix its findings first.`, uri, range };
}

/** Secrets an action sends: a warning for each one without a value for the environment on this machine. */
class SecretCheck {
  constructor(
    private readonly index: WorkspaceIndex,
    private readonly options: MatrixOptions,
    private readonly issues: Issue[],
  ) {}

  /** Header values at `path` of `s` (`value`), except the header names in `except` (lower case: overridden). */
  headers(s: Summary, path: (string | number)[], env: Environment, where: string, value?: unknown, except?: Set<string>): void {
    const v = value === undefined && s.kind === 'action' ? s.shape.headers : value;
    if (!isRecord(v)) return;
    const kept = Object.fromEntries(Object.entries(v).filter(([k]) => !except?.has(k.toLowerCase())));
    this.values(s, path, env, where, kept);
  }

  /** The `{ secret: NAME }` values of the map `value` found at `path` of `s`. */
  values(s: Summary, path: (string | number)[], env: Environment, where: string, value: unknown): void {
    if (!isRecord(value)) return;
    for (const v of Object.values(value)) {
      if (!isRecord(v) || typeof v.secret !== 'string') continue;
      const name = v.secret;
      if (this.options.secretIsSet(name, env) !== false) continue;
      const hint = this.options.howToSet?.(name, env);
      this.issues.push({
        env,
        warning: true,
        message: `Secret '${name}' (${where}) has no ${env} value on this machine, so a run from here would fail${hint ? `: ${hint}` : ''}.`,
        uri: s.uri,
        range: this.refRange(s, path, name),
      });
    }
  }

  /** Where `name` is referenced under `path` (merged content may sit elsewhere: then its first reference). */
  private refRange(s: Summary, path: (string | number)[], name: string): Range {
    const file = parseYamlCached(s.uri, this.index.text(s.uri) ?? '');
    const at = valueRangeAt(file, path);
    const refs = s.secretRefs.filter((r) => r.target === name);
    return (at && refs.find((r) => within(r.range, at)))?.range ?? refs[0]?.range ?? objectRangeAt(file, path);
  }
}

function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** A uri below the workspace folder as a relative path (percent-decoded segments), else the uri itself. */
export function fileIn(rootUri: string, uri: string): string {
  const prefix = rootUri.endsWith('/') ? rootUri : rootUri + '/';
  if (!uri.startsWith(prefix)) return uri;
  return uri
    .slice(prefix.length)
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}
