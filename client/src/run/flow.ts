/**
 * Run Action in Environment, without the VS Code API: pick the action and the environment, confirm
 * production every time, collect and validate parameters, resolve secrets, send, show the result.
 * Everything shown or logged passes the run's redactor.
 */
import { Redactor } from '../../../server/src/runner/index';
import { sendPlan, type RunResult } from '../../../server/src/runner/index';
import { toCurl } from '../../../server/src/runner/index';
import { credentialDestinations } from '../../../server/src/runner/index';
import type { RequestPlan } from '../../../server/src/runner/index';
import type { RunPlanInfo, RunPlanParams } from '../../../server/src/protocol';
import type { AgentNode } from '../../../server/src/protocol';
import { collectParameters } from './collect';
import { collectTextMessageInputs } from './textMessage';
import { toolCallFlow, type ToolCallPlanRequest, type ToolOutcome } from './toolFlow';
import { failed, sendOptions, type FlowBase } from './ui';

export interface RunArgs {
  agentUri?: string;
  actionIndex?: number;
  environment?: string;
}

/** The server requests the flow uses. */
export interface PlanServer {
  agents(): Promise<AgentNode[]>;
  runPlan(params: RunPlanParams): Promise<RunPlanInfo>;
  /** Bindings to MCP tools (run/toolFlow.ts); without it they are not offered. */
  toolCallPlan?: ToolCallPlanRequest;
}

export interface FlowDeps extends FlowBase {
  server: PlanServer;
  /** The `stellarKit.telnyx.baseUrl` setting for an agent file (undefined: Telnyx itself). */
  telnyxBaseUrl?: (agentUri: string) => string | undefined;
}

export type RunOutcome = { kind: 'untrusted' | 'cancelled' | 'declined' } | { kind: 'error'; message: string } | SentOutcome | ToolOutcome;

/** `curl`: the request as a curl command, secrets as "$STELLAR_SECRET_NAME" (Copy as curl). */
export interface SentOutcome {
  kind: 'sent';
  label: string;
  environment: string;
  result: RunResult;
  text: string;
  curl: string;
  plan: RequestPlan;
  /** Knows the run's secret values: whatever else is shown or stored of the run passes it. */
  redactor: Redactor;
}

const RUNNABLE_TYPES = new Set(['api-call', 'send-text-message']);

export interface AgentActionRef {
  agentUri: string;
  actionIndex: number;
}

export async function pickAction(deps: FlowDeps): Promise<{ target: AgentActionRef; label: string } | undefined> {
  const agents = await deps.server.agents();
  const items = agents.flatMap((a) =>
    a.actions
      .filter((x) => (x.link && x.status !== 'broken' && (x.status !== 'tool' || !!deps.server.toolCallPlan)) || (x.type && RUNNABLE_TYPES.has(x.type)))
      .map((x) => {
        const label = `${a.id}/${x.name}`;
        return { label, description: x.link ?? x.type, detail: x.message, value: { target: { agentUri: a.uri, actionIndex: x.index }, label } };
      }),
  );
  if (items.length === 0) {
    deps.ui.info('No action to run: only bindings to shared actions or discovered MCP tools, api-call and send-text-message actions can be run.');
    return undefined;
  }
  return deps.ui.pick('Run which action?', items);
}

export function renderResult(plan: RequestPlan, r: RunResult, redactor: Redactor): string {
  const lines = [
    `${plan.label} in ${plan.environment}`,
    '',
    `${r.request.method} ${r.request.url}`,
    ...Object.entries(r.request.headers).map(([k, v]) => `${k}: ${v}`),
    ...r.redirects.map((u) => `→ redirected to ${u}`),
    '',
    `Status: ${r.status} ${r.statusText}`,
    `Time: ${r.timingMs} ms`,
    '',
    'Response headers:',
    ...Object.entries(r.headers).map(([k, v]) => `  ${k}: ${v}`),
    '',
  ];
  if (r.outputVariables.length) {
    lines.push('Output variables:');
    for (const v of r.outputVariables) {
      lines.push(
        v.found ? `  ${v.name} = ${JSON.stringify(v.value)}   (${v.path})` : `  ${v.name}: nothing found at ${v.path}${v.error ? ` (${v.error})` : ''}`,
      );
    }
    lines.push('');
  }
  if (r.bodyProblem) lines.push(`Note: ${r.bodyProblem}; the body is shown as received.`, '');
  lines.push(`Body${r.truncated ? ` (${r.truncated})` : ''}:`, r.body, '');
  return redactor.apply(lines.join('\n'));
}

export async function runActionFlow(deps: FlowDeps, args: RunArgs = {}): Promise<RunOutcome> {
  const { ui } = deps;
  // Checked here, not only in the menus: the command can be called programmatically.
  if (!deps.isTrusted()) {
    ui.error('Running actions needs a trusted workspace: it sends requests with your secrets. Trust this workspace first.');
    return { kind: 'untrusted' };
  }
  const picked =
    args.agentUri !== undefined && Number.isInteger(args.actionIndex)
      ? { target: { agentUri: args.agentUri, actionIndex: args.actionIndex! }, label: undefined }
      : await pickAction(deps);
  if (!picked) return { kind: 'cancelled' };
  const { target } = picked;
  const tool = await toolCallFlow(deps, target, args.environment);
  if (tool) return tool;

  const info = await deps.server.runPlan(target);
  if (info.environments.length === 0)
    return failed(deps, 'This action cannot run in any environment: its integration has no slot (or it is not a runnable action).');
  let environment = args.environment;
  if (environment !== undefined && !info.environments.includes(environment)) {
    return failed(deps, `This action cannot run in ${environment}: its integration has slots for ${info.environments.join(', ')} only.`);
  }
  environment ??= await ui.pick(
    'Run in which environment?',
    info.environments.map((e) => ({ label: e, value: e })),
  );
  if (!environment) return { kind: 'cancelled' };

  const label = picked.label ?? (await actionLabel(deps, target));
  const parameters = await collectParameters(ui, info.schema, label);
  if (!parameters) return { kind: 'cancelled' };

  const extra = await collectTextMessageInputs(ui, info.textMessage, label);
  if (!extra) return { kind: 'cancelled' };

  const sent = await sendAction(deps, target, environment, { parameters, ...extra });
  if (sent.kind === 'sent') await ui.show(`${sent.label} (${environment})`, sent.text);
  return sent;
}

/** What a run sends besides its target and environment: the parameters and, for send-text-message, its variables and text. */
export interface RunInputs {
  parameters: Record<string, unknown>;
  variables?: Record<string, unknown>;
  message?: string;
}

/**
 * The part of a run after the inputs are known (the text output and the Run panel share it): the plan, the
 * production confirmation (every time), the credential origins, the send. `signal` cancels the send.
 */
export async function sendAction(
  deps: FlowDeps,
  target: AgentActionRef,
  environment: string,
  inputs: RunInputs,
  signal?: AbortSignal,
): Promise<{ kind: 'declined' } | { kind: 'error'; message: string } | SentOutcome> {
  const { ui } = deps;
  const planned = (await deps.server.runPlan({ ...target, environment, ...inputs, telnyxBaseUrl: deps.telnyxBaseUrl?.(target.agentUri) })).plan;
  if (!planned?.ok) return failed(deps, planned?.error ?? 'The server returned no plan.');
  const plan = planned.plan;
  if (environment === 'production' && !(await ui.confirm(`Send ${plan.method} ${plan.url} (${plan.label}) to PRODUCTION?`, 'Send to production'))) {
    return { kind: 'declined' };
  }
  if (deps.origins && !(await deps.origins.approve(ui, credentialDestinations(plan)))) {
    deps.log(`Not sent: ${plan.label} in ${environment} (a secret's new origin was not approved).`);
    return { kind: 'declined' };
  }

  const redactor = new Redactor();
  deps.log(`Running ${plan.label} in ${environment}: ${plan.method} ${plan.url}`);
  const sent = await sendPlan(plan, { ...sendOptions(deps, environment), secrets: deps.secrets.asking(ui), redactor, signal });
  if (!sent.ok) return failed(deps, redactor.apply(`${plan.label} in ${environment}: ${sent.error}`));
  const text = renderResult(plan, sent.result, redactor);
  deps.log(redactor.apply(`${plan.label} in ${environment}: ${sent.result.status} ${sent.result.statusText} in ${sent.result.timingMs} ms`));
  return { kind: 'sent', label: plan.label, environment, result: sent.result, text, curl: redactor.apply(toCurl(plan)), plan, redactor };
}

/** `agent/action name` for prompts; `agent #n` when the server cannot say (the file is being edited). */
async function actionLabel(deps: FlowDeps, target: AgentActionRef): Promise<string> {
  const agent = (await deps.server.agents().catch(() => [])).find((a) => a.uri === target.agentUri);
  const action = agent?.actions.find((x) => x.index === target.actionIndex);
  if (agent && action) return `${agent.id}/${action.name}`;
  return target.agentUri.replace(/^.*\//, '').replace(/\.agent\.yaml$/, '') + ` #${target.actionIndex + 1}`;
}
