/**
 * One Run panel's conversation with its webview, without the VS Code API (the host, run/panel/host.ts, adapts
 * it): answers the form's messages, validates live, sends through the same flow code as the text output
 * (sendAction, callToolAction: production confirmed every time, origins approved, everything redacted), renders
 * the result and keeps the history. Runs in the runner bundle.
 */
import { checkParameters, driftLines, nestVariables, type RequestPlan, type ToolCallPlan } from '../../../../server/src/runner/index';
import type { TextMessageInputs } from '../../../../server/src/runner/index';
import { sendAction, type FlowDeps, type SentOutcome, type AgentActionRef } from '../flow';
import type { ToolOutcome } from '../toolFlow';
import { callToolAction } from '../toolFlow';
import { formOf, initialTexts, readForm, type FormField } from './form';
import { addRun, history, historyItems, rememberedTexts, rememberTexts, type KeyValue, type StoredRun } from './history';
import type { DriftAnswer, FromPanel, RecordShapeArgs, ResultActions, SecretRef, ToPanel } from './messages';
import { HISTORY_CAPS, httpView, rawBody, toolView } from './view';

export interface PanelHost {
  post(message: ToPanel): void;
  /** Copies to the clipboard and says what was copied. */
  copy(text: string, note: string): Promise<void>;
  /** Opens the text in an untitled document. */
  showRaw(text: string, language: string): Promise<void>;
  /** The Set Secret flow for one secret and environment. */
  updateSecret(ref: SecretRef): Promise<void>;
  /** `stellarKit.recordResponseShape`; undefined when no extension part registered it. */
  recordShape?: (args: RecordShapeArgs) => Promise<void>;
  /** How a body drifted from the action's recorded response shape; undefined when none was recorded. */
  drift?: (args: Pick<RecordShapeArgs, 'fileUri' | 'action' | 'body'>) => Promise<DriftAnswer | undefined>;
  /** The status bar's last run, and the curl command for *Copy Last Run as curl* (HTTP runs). */
  ran?: (environment: string, what: string, status: number | string, curl?: string) => void;
  store: KeyValue;
}

type Called = Extract<ToolOutcome, { kind: 'called' }>;
type Last = SentOutcome | Called;

const NO_ACTIONS: ResultActions = { curl: false, raw: false, recordShape: false, updateSecrets: [] };

/** The secrets a plan's auth connector and headers send, for "Update secret" after a 401 or 403. */
export function secretRefs(auth: RequestPlan['auth'], headers: RequestPlan['headers'], environment: string): SecretRef[] {
  const values = Object.values(headers);
  if (auth?.type === 'bearer') values.push(auth.token);
  if (auth?.type === 'api-key') values.push(auth.value);
  if (auth?.type === 'basic') values.push(auth.username, auth.password);
  if (auth?.type === 'oauth2') values.push(auth.clientId, auth.clientSecret);
  const names = new Set(values.flatMap((v) => (typeof v === 'string' ? [] : [v.secret])));
  return [...names].map((name) => ({ name, environment }));
}

/** The secret a failure says has no value ("secret X has no value for env"). */
function missingSecret(message: string): SecretRef[] {
  const m = /secret ([A-Za-z_][A-Za-z0-9_]*) has no value for (development|staging|production)/.exec(message);
  return m ? [{ name: m[1], environment: m[2] }] : [];
}

export interface SessionSpec {
  target: AgentActionRef;
  label: string;
  kind: 'http' | 'tool';
  environments: string[];
  schema: unknown;
  textMessage?: TextMessageInputs;
  /** What `stellarKit.recordResponseShape` names the action by (bindings and api-calls only). */
  shapeAction?: string;
  /** The environment asked for (a code lens); else the last one used, else the first. */
  environment?: string;
}

/** What the panel needs to know of an action before showing it, or why it cannot run. */
export async function sessionSpec(deps: FlowDeps, target: AgentActionRef, environment?: string): Promise<SessionSpec | { error: string }> {
  const agents = await deps.server.agents().catch(() => []);
  const agent = agents.find((a) => a.uri === target.agentUri);
  const node = agent?.actions.find((x) => x.index === target.actionIndex);
  const label = agent && node ? `${agent.id}/${node.name}` : `${target.agentUri.replace(/^.*\//, '').replace(/\.agent\.yaml$/, '')} #${target.actionIndex + 1}`;
  const tool = await deps.server.toolCallPlan?.(target);
  if (tool?.tool) {
    if (tool.error) return { error: tool.error };
    if (tool.environments.length === 0)
      return { error: `'${tool.label}' cannot be called in any environment: the MCP server's auth connector has no credentials.` };
    return { target, label: tool.label, kind: 'tool', environments: tool.environments, schema: tool.schema, environment };
  }
  const info = await deps.server.runPlan(target);
  if (info.environments.length === 0)
    return { error: 'This action cannot run in any environment: its integration has no slot (or it is not a runnable action).' };
  // The agent's action by name (a binding's is its shared action's), as `stellarKit/responseShapeFile` finds it.
  const shapeAction = node?.link || node?.type === 'api-call' ? node.name : undefined;
  return { target, label, kind: 'http', environments: info.environments, schema: info.schema, textMessage: info.textMessage, shapeAction, environment };
}

export class RunSession {
  readonly fields: FormField[];
  private running?: AbortController;
  private last?: Last;
  private actions: ResultActions = NO_ACTIONS;
  /** The last result shown, posted again when the webview reloads (it keeps no state while hidden). */
  private shown?: ToPanel;

  constructor(
    private readonly deps: FlowDeps,
    private readonly host: PanelHost,
    readonly spec: SessionSpec,
  ) {
    this.fields = formOf(spec.schema, spec.textMessage);
  }

  private get envKey(): string {
    return `stellarKit.runPanel.environment/${this.spec.label}`;
  }

  private firstEnvironment(): string {
    const { environments } = this.spec;
    const asked = this.spec.environment ?? this.host.store.get<string>(this.envKey);
    if (asked && environments.includes(asked)) return asked;
    return environments.find((e) => e !== 'production') ?? environments[0];
  }

  private textsFor(environment: string): { texts: Record<string, string>; problems: Record<string, string> } {
    const texts = initialTexts(this.fields, rememberedTexts(this.host.store, this.spec.label, environment));
    return { texts, problems: readForm(this.fields, texts).problems };
  }

  /** Handles one message of the webview; never throws (a failed server request is shown as a failure). */
  async handle(m: FromPanel): Promise<void> {
    try {
      await this.dispatch(m);
    } catch (e) {
      this.running = undefined;
      this.host.post({ type: 'failure', message: `Run failed: ${(e as Error).message}`, actions: NO_ACTIONS, history: this.items() });
    }
  }

  private items() {
    return historyItems(history(this.host.store, this.spec.label));
  }

  private async dispatch(m: FromPanel): Promise<void> {
    const { host, spec } = this;
    switch (m.type) {
      case 'ready': {
        const environment = this.firstEnvironment();
        host.post({
          type: 'init',
          label: spec.label,
          kind: spec.kind,
          environments: spec.environments.map((name) => ({ name, production: name === 'production' })),
          environment,
          fields: this.fields,
          ...this.textsFor(environment),
          history: this.items(),
        });
        if (this.shown) host.post(this.shown);
        return;
      }
      case 'input':
        host.post({ type: 'problems', problems: readForm(this.fields, m.texts).problems });
        return;
      case 'environment': {
        if (!spec.environments.includes(m.environment)) return;
        // The values last sent there; else the form keeps what it holds (the same invoice in another environment).
        const remembered = rememberedTexts(host.store, spec.label, m.environment);
        if (remembered) host.post({ type: 'texts', environment: m.environment, ...this.textsFor(m.environment) });
        else host.post({ type: 'problems', problems: readForm(this.fields, m.texts).problems });
        return;
      }
      case 'send':
        return this.send(m.environment, m.texts);
      case 'cancel':
        this.running?.abort();
        return;
      case 'copyCurl':
        if (this.last?.kind === 'sent')
          await host.copy(this.last.curl, 'Copied the run as a curl command. Secrets are shell variables: set STELLAR_SECRET_<NAME> before running it.');
        return;
      case 'showRaw':
        if (this.last) {
          const raw = rawBody(this.last.result, (s) => this.last!.redactor.apply(s));
          await host.showRaw(raw.text, raw.language);
        }
        return;
      case 'recordShape':
        if (this.actions.recordShape && this.last?.kind === 'sent' && host.recordShape && spec.shapeAction)
          await host.recordShape({
            fileUri: spec.target.agentUri,
            action: spec.shapeAction,
            environment: this.last.environment,
            status: this.last.result.status,
            body: this.last.redactor.apply(this.last.result.body),
          });
        return;
      case 'updateSecret': {
        // Only a secret this panel offered: the webview names nothing else.
        const ref = this.actions.updateSecrets.find((r) => r.name === m.name && r.environment === m.environment);
        if (ref) await host.updateSecret(ref);
        return;
      }
      case 'showHistory': {
        const run = history(host.store, spec.label)[m.index];
        if (run?.view) host.post({ type: 'result', view: run.view, actions: NO_ACTIONS, history: this.items(), fromHistory: true });
        else if (run?.failure) host.post({ type: 'failure', message: run.failure, actions: NO_ACTIONS, history: this.items() });
        return;
      }
    }
  }

  private async send(environment: string, texts: Record<string, string>): Promise<void> {
    const { host, spec, deps } = this;
    if (this.running || !spec.environments.includes(environment)) return;
    // The command checked trust before opening the panel; checked again because a panel outlives that moment.
    if (!deps.isTrusted())
      return host.post({
        type: 'unavailable',
        message: 'Running actions needs a trusted workspace: it sends requests with your secrets. Trust this workspace first.',
      });
    const { values, problems } = readForm(this.fields, texts);
    if (Object.keys(problems).length) return host.post({ type: 'problems', problems });
    // The authority: the same schema check the server's plan makes, with ajv.
    const wrong = spec.kind === 'http' || spec.schema !== undefined ? checkParameters(spec.schema, values.parameters) : [];
    if (wrong.length) return host.post({ type: 'problems', problems: { _form: `${wrong.join('; ')}.` } });
    await rememberTexts(host.store, spec.label, environment, texts);
    await host.store.update(this.envKey, environment);
    const controller = new AbortController();
    this.running = controller;
    host.post({ type: 'running', environment });
    try {
      const outcome =
        spec.kind === 'tool'
          ? await callToolAction(deps, spec.target, environment, values.parameters, controller.signal)
          : await sendAction(
              deps,
              spec.target,
              environment,
              {
                parameters: values.parameters,
                ...(spec.textMessage ? { variables: nestVariables(values.variables) } : {}),
                ...(values.message !== undefined ? { message: values.message } : {}),
              },
              controller.signal,
            );
      if (controller.signal.aborted && outcome.kind === 'error') host.post({ type: 'idle', message: outcome.message });
      else await this.show(outcome, environment, texts, values.parameters);
    } finally {
      this.running = undefined;
    }
  }

  private async show(
    outcome: Awaited<ReturnType<typeof sendAction>> | ToolOutcome,
    environment: string,
    texts: Record<string, string>,
    parameters: Record<string, unknown>,
  ): Promise<void> {
    const { host, spec } = this;
    const time = new Date().toISOString();
    if (outcome.kind === 'error') {
      this.last = undefined;
      this.actions = {
        ...NO_ACTIONS,
        updateSecrets: [...missingSecret(outcome.message), ...(await this.refusedSecrets(outcome.message, environment, parameters))],
      };
      const runs = await addRun(host.store, spec.label, { time, environment, status: 'failed', statusClass: 'failed', failure: outcome.message });
      this.shown = { type: 'failure', message: outcome.message, actions: this.actions, history: historyItems(runs) };
      host.post(this.shown);
      return;
    }
    if (outcome.kind !== 'sent' && outcome.kind !== 'called') {
      host.post({ type: 'idle', message: 'Not sent: the production confirmation or a secret’s new origin was declined.' });
      return;
    }
    this.last = outcome;
    // Texts remembered again through the run's redactor: a value the user pasted that was a secret is masked.
    await rememberTexts(host.store, spec.label, environment, Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, outcome.redactor.apply(v)])));
    const redact = (s: string) => outcome.redactor.apply(s);
    const view = outcome.kind === 'sent' ? httpView(outcome.plan, outcome.result, redact) : toolView(outcome.result, redact);
    const stored = outcome.kind === 'sent' ? httpView(outcome.plan, outcome.result, redact, HISTORY_CAPS) : toolView(outcome.result, redact, HISTORY_CAPS);
    this.actions = this.actionsFor(outcome);
    const run: StoredRun = { time, environment, status: view.status, statusClass: view.statusClass, timingMs: view.timingMs, view: stored };
    const runs = await addRun(host.store, spec.label, run);
    if (outcome.kind === 'sent') host.ran?.(environment, `${outcome.result.request.method} ${outcome.result.request.url}`, outcome.result.status, outcome.curl);
    else host.ran?.(environment, `tools/call ${outcome.label}`, outcome.result.isError ? 'tool error' : 'ok');
    this.shown = { type: 'result', view, actions: this.actions, history: historyItems(runs) };
    host.post(this.shown);
    if (outcome.kind === 'sent') await this.showDrift(outcome);
  }

  /** After a 2xx JSON response of an action with a recorded shape: the fields added, removed or retyped since. */
  private async showDrift(outcome: SentOutcome): Promise<void> {
    const { host, spec } = this;
    const { status, json, body } = outcome.result;
    if (!host.drift || !spec.shapeAction || status < 200 || status >= 300 || json === undefined) return;
    const d = await host.drift({ fileUri: spec.target.agentUri, action: spec.shapeAction, body: outcome.redactor.apply(body) }).catch(() => undefined);
    if (d) host.post({ type: 'drift', recordedAt: d.recordedAt, environment: d.environment, lines: driftLines(d.changes) });
  }

  private actionsFor(outcome: Last): ResultActions {
    if (outcome.kind === 'called') {
      const plan: ToolCallPlan = outcome.plan;
      const denied = outcome.result.isError && /\b(401|403|unauthori[sz]ed|forbidden)\b/i.test(outcome.text);
      return { curl: false, raw: true, recordShape: false, updateSecrets: denied ? secretRefs(plan.server.auth, {}, plan.server.environment) : [] };
    }
    const { status, json } = outcome.result;
    const denied = status === 401 || status === 403;
    return {
      curl: true,
      raw: true,
      recordShape: !!this.host.recordShape && !!this.spec.shapeAction && status >= 200 && status < 300 && json !== undefined,
      updateSecrets: denied ? secretRefs(outcome.plan.auth, outcome.plan.headers, outcome.environment) : [],
    };
  }

  /** An MCP server that answered 401 or 403 refused the auth connector's credentials: the secrets it sent. */
  private async refusedSecrets(message: string, environment: string, args: Record<string, unknown>): Promise<SecretRef[]> {
    if (this.spec.kind !== 'tool' || !/: the server refused the \w+ credentials of auth connector/.test(message)) return [];
    const info = await this.deps.server.toolCallPlan?.({ ...this.spec.target, environment, arguments: args });
    const plan = info?.tool && info.plan?.ok ? info.plan.plan : undefined;
    return plan ? secretRefs(plan.server.auth, {}, environment) : [];
  }

  /** Stops a running send (the panel closed). */
  dispose(): void {
    this.running?.abort();
  }
}
