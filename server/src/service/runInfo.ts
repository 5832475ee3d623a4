/** What the editor's Run Action and Lock Agent commands ask the core for. Pure: reads the index, sends nothing. */
import type { WorkspaceEdit } from 'vscode-languageserver-types';
import { codeLenses } from './features/codeLens';
import { writeFile } from './features/codeActions';
import { buildLock } from './lock';
import { textMessageInputs, type TextMessageInputs } from './run/messagePlan';
import { parametersSchemaOf, planRequest, type PlanResult } from './run/plan';
import type { WorkspaceIndex } from './workspace';

export interface RunPlanParams {
  agentUri: string;
  actionIndex: number;
  environment?: string;
  parameters?: Record<string, unknown>;
  /** Conversation variables, nested (`{ call: { from } }`). */
  variables?: Record<string, unknown>;
  /** send-text-message without a message template: the text to send. */
  message?: string;
  /** The `stellarKit.telnyx.baseUrl` setting. */
  telnyxBaseUrl?: string;
}

export interface RunPlanInfo {
  /** The action's parameters JSON Schema (undefined: it takes none). */
  schema: unknown;
  /** Environments the action can run in: its integration's slots (the same as the code lenses offer). */
  environments: string[];
  /** The plan, when an environment was given. */
  plan?: PlanResult;
  /** send-text-message actions: the variables and text the user must give. */
  textMessage?: TextMessageInputs;
}

export function runPlanInfo(index: WorkspaceIndex, p: RunPlanParams): RunPlanInfo {
  const target = { agentUri: p.agentUri, actionIndex: p.actionIndex };
  const environments = codeLenses(index, p.agentUri)
    .map((l) => l.command?.arguments?.[0] as { actionIndex?: number; environment?: string } | undefined)
    .filter((a) => a?.actionIndex === p.actionIndex)
    .map((a) => a!.environment!);
  const info: RunPlanInfo = { schema: parametersSchemaOf(index, target), environments };
  const textMessage = textMessageInputs(index, target);
  if (textMessage) info.textMessage = textMessage;
  if (p.environment)
    info.plan = planRequest(index, target, p.environment, p.parameters ?? {}, p.variables ?? {}, { message: p.message, telnyxBaseUrl: p.telnyxBaseUrl });
  return info;
}

/** The edit that writes an agent's lock (every binding, or just `only`: accept current shape). */
export function lockAgentEdit(
  index: WorkspaceIndex,
  agentUri: string,
  now: Date,
  only?: string,
): { edit?: WorkspaceEdit; locked: string[]; skipped: { link: string; reason: string }[] } {
  const r = buildLock(index, agentUri, now, only);
  if (!r) return { locked: [], skipped: [] };
  return { edit: writeFile(index, r.uri, r.text), locked: r.locked, skipped: r.skipped };
}
