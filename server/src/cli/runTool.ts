/** `stellar-kit run <agent>/<tool>` for a binding to an MCP tool: tools/call on the server, result shown. */
import { callTool } from '../runner/mcp';
import { EnvSecretSource, type Redactor } from '../runner/secrets';
import { renderToolResult, toolResultJson } from '../runner/toolResult';
import { planToolCall, toolBindingOf, toolParametersSchema } from '../service';
import { coerceParameters, type PlanTarget } from '../service';
import type { WorkspaceIndex } from '../service';
import { mcpCredentialDestinations, credentialLine } from '../service';
import { printCredentials, runLimits, type RunIo } from './runIo';

export interface ToolRunArgs {
  env: string;
  params: Record<string, string>;
  format: 'text' | 'json';
  allowPrivateNetwork?: boolean;
}

/**
 * Runs the target when it is a binding to an MCP tool and returns the exit code: 0 when the tool answered,
 * 1 when it reported isError or the server refused the call with a JSON-RPC error, 2 on plan, network or
 * protocol errors. Undefined when the target is not a tool binding (the caller sends its HTTP request).
 */
export async function runToolBinding(index: WorkspaceIndex, target: PlanTarget, a: ToolRunArgs, io: RunIo, redactor: Redactor): Promise<number | undefined> {
  const binding = toolBindingOf(index, target);
  if (!binding) return undefined;
  const out = (s: string) => io.out(redactor.apply(s));
  const err = (s: string) => io.err(redactor.apply(s));
  const args = coerceParameters(toolParametersSchema(binding.inputSchema), a.params);
  const planned = planToolCall(index, target, a.env, args);
  if (!planned.ok) {
    err(`stellar-kit run: ${planned.error}\n`);
    return 2;
  }
  printCredentials(mcpCredentialDestinations(planned.plan.server).map(credentialLine), err);
  const called = await callTool(planned.plan, { secrets: io.secrets ?? new EnvSecretSource(), limits: runLimits(io, !!a.allowPrivateNetwork), redactor });
  if (!called.ok) {
    err(`stellar-kit run: ${called.error}\n`);
    return 'rpcError' in called && called.rpcError ? 1 : 2;
  }
  const r = called.result;
  out(a.format === 'json' ? toolResultJson(r) : renderToolResult(r));
  if (r.isError) {
    err(`stellar-kit run: tool '${r.tool}' reported an error (isError) in '${r.label}'\n`);
    return 1;
  }
  return 0;
}
