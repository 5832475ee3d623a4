/**
 * Run Action in Environment for a binding to an MCP tool, without the VS Code API: pick the environment
 * (whose credentials), collect the arguments from the tool's input schema, confirm production, call
 * tools/call, show the result. Everything shown or logged passes the run's redactor.
 */
import { callTool, type ToolCallPlan, type ToolCallResult } from '../../../server/src/runner/index';
import { Redactor } from '../../../server/src/runner/index';
import { renderToolResult } from '../../../server/src/runner/index';
import { mcpCredentialDestinations } from '../../../server/src/runner/index';
import type { ToolCallInfo, ToolCallInfoParams } from '../../../server/src/protocol';
import { collectParameters } from './collect';
import type { FlowDeps } from './flow';
import { failed, sendOptions } from './ui';

/** The server request the tool branch needs (`stellarKit/toolCallPlan`). */
export type ToolCallPlanRequest = (params: ToolCallInfoParams) => Promise<ToolCallInfo>;

export type ToolOutcome =
  | { kind: 'cancelled' | 'declined' }
  | { kind: 'error'; message: string }
  | { kind: 'called'; label: string; environment: string; result: ToolCallResult; text: string; plan: ToolCallPlan; redactor: Redactor };

/** Runs the target when it is a binding to an MCP tool; undefined for any other action (the HTTP flow runs it). */
export async function toolCallFlow(deps: FlowDeps, target: { agentUri: string; actionIndex: number }, environment?: string): Promise<ToolOutcome | undefined> {
  const { toolCallPlan } = deps.server;
  if (!toolCallPlan) return undefined;
  const info = await toolCallPlan(target);
  if (!info.tool) return undefined;
  const { ui } = deps;
  if (info.error) return failed(deps, info.error);
  if (info.environments.length === 0)
    return failed(deps, `'${info.label}' cannot be called in any environment: the MCP server's auth connector has no credentials.`);
  if (environment !== undefined && !info.environments.includes(environment)) {
    return failed(
      deps,
      `'${info.label}' cannot be called in ${environment}: the MCP server's auth connector has credentials for ${info.environments.join(', ')} only.`,
    );
  }
  environment ??= await ui.pick(
    `Call ${info.label} in which environment?`,
    info.environments.map((e) => ({ label: e, value: e })),
  );
  if (!environment) return { kind: 'cancelled' };

  const args = await collectParameters(ui, info.schema, info.label);
  if (!args) return { kind: 'cancelled' };
  const called = await callToolAction(deps, target, environment, args);
  if (called.kind === 'called') await ui.show(`${called.label} (${environment})`, called.text);
  return called;
}

/** The part of a tool call after the arguments are known (the text output and the Run panel share it). */
export async function callToolAction(
  deps: FlowDeps,
  target: { agentUri: string; actionIndex: number },
  environment: string,
  args: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ToolOutcome> {
  const { ui } = deps;
  const toolCallPlan = deps.server.toolCallPlan!;
  const again = await toolCallPlan({ ...target, environment, arguments: args });
  const planned = again.tool ? again.plan : undefined;
  if (!planned?.ok) return failed(deps, planned?.error ?? 'The server returned no plan.');
  const plan = planned.plan;
  if (
    environment === 'production' &&
    !(await ui.confirm(`Call tool ${plan.tool} at ${plan.server.url} (${plan.label}) with PRODUCTION credentials?`, 'Call in production'))
  ) {
    return { kind: 'declined' };
  }
  if (deps.origins && !(await deps.origins.approve(ui, mcpCredentialDestinations(plan.server)))) return { kind: 'declined' };

  const redactor = new Redactor();
  deps.log(`Calling ${plan.label} in ${environment}: tools/call ${plan.tool} at ${plan.server.url}`);
  const called = await callTool(plan, { ...sendOptions(deps, environment), secrets: deps.secrets.asking(ui), redactor, signal });
  if (!called.ok) return failed(deps, redactor.apply(`${plan.label} in ${environment}: ${called.error}`));
  const r = called.result;
  const text = redactor.apply(renderToolResult(r));
  deps.log(redactor.apply(`${plan.label} in ${environment}: ${r.isError ? 'the tool reported an error' : 'ok'} in ${r.timingMs} ms`));
  return { kind: 'called', label: plan.label, environment, result: r, text, plan, redactor };
}
