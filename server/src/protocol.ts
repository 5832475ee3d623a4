/**
 * Every request and notification of Stellar Kit's own between the extension and the language server: its
 * name, its parameters and its result, in one place. The server registers its handlers with these
 * (lsp/custom.ts, mcp.ts, restore.ts); the client sends them (client/src/requests.ts). Types only cross
 * here: nothing of the server's code is loaded into the client through this module.
 */
import type { AgentHistoryResult, RestoreFile, RestorePreviewResult } from './lsp/restore';
import type { McpIntegrationInfo, McpServerParams, ToolCallInfo, ToolCallInfoParams } from './service';
import type { lockAgentEdit, RunPlanInfo, RunPlanParams } from './service';
import type { ToolsLockEditParams, ToolsLockEditResult } from './service';
import type { RecordResult, ResponseShapeFileParams, responseDriftOf } from './service';
import type { ScaffoldInfo, ScaffoldParams, ScaffoldResult } from './service';
import type { AgentActionNode, AgentNode, BindingStatus, IntegrationNode, SharedActionNode, SlotNode, ToolNode } from './service';
import type { SecretNode, ShapeDiffParams, ShapeDiffResult } from './service';
import type { EnvironmentMatrix, MatrixAgent, MatrixCell, MatrixReason } from './service';

export { AUTH_TYPES, ENVIRONMENTS, ID_PATTERN, INTEGRATION_KINDS, METHODS, SECRET_NAME_PATTERN } from './service';
export type {
  AgentActionNode,
  AgentHistoryResult,
  AgentNode,
  BindingStatus,
  EnvironmentMatrix,
  IntegrationNode,
  MatrixAgent,
  MatrixCell,
  MatrixReason,
  SharedActionNode,
  SlotNode,
  ToolNode,
  McpIntegrationInfo,
  McpServerParams,
  RestoreFile,
  RestorePreviewResult,
  RunPlanInfo,
  RunPlanParams,
  SecretNode,
  ShapeDiffParams,
  ShapeDiffResult,
  ScaffoldInfo,
  ScaffoldParams,
  ScaffoldResult,
  ToolCallInfo,
  ToolCallInfoParams,
  ToolsLockEditParams,
  ToolsLockEditResult,
  ResponseShapeFileParams,
};

/** Where Record Response Shape writes the shape file and its text, or why it is not recorded. */
export type ResponseShapeFileResult = { ok: true; uri: string; text: string } | { ok: false; error: string };
export type { RecordResult };
export type ResponseDriftParams = Pick<ResponseShapeFileParams, 'fileUri' | 'action' | 'body'>;
export type ResponseDriftResult = ReturnType<typeof responseDriftOf> | null;

/** A request: its method name, with its parameter and result types attached (phantom fields, never set). */
export interface RequestDef<P, R> {
  readonly method: string;
  readonly _params?: P;
  readonly _result?: R;
}
export interface NotificationDef<P> {
  readonly method: string;
  readonly _params?: P;
}
export type ParamsOf<D> = D extends RequestDef<infer P, unknown> ? P : D extends NotificationDef<infer P> ? P : never;
export type ResultOf<D> = D extends RequestDef<unknown, infer R> ? R : never;

const request = <P, R>(method: string): RequestDef<P, R> => ({ method });
const notification = <P>(method: string): NotificationDef<P> => ({ method });

/** What the tree requests answer: one entry per workspace folder. */
export interface FolderItems<T> {
  folder: string;
  name: string;
  items: T;
}

/**
 * What the Environment Matrix view sends: the secrets that have a value in the editor's secret storage, by name and
 * environment (never a value). Without it, no secret is reported as missing.
 */
export interface EnvironmentMatrixParams {
  secretsSet?: { env: string; name: string }[];
}

/** Files indexed and findings published, over every folder (the language status item; zero files: the welcome views). */
export interface WorkspaceStatus {
  /** True while a folder's first scan is still running (its counts are not final). */
  indexing: boolean;
  files: number;
  errors: number;
  warnings: number;
  information: number;
}

export type LockAgentParams = { agentUri: string; fullId?: string };
export type LockAgentResult = ReturnType<typeof lockAgentEdit>;

export const Protocol = {
  /** The Integrations view: every integration with its slots, shared actions and tools, per folder. */
  integrationsTree: request<Record<string, never>, FolderItems<IntegrationNode[]>[]>('stellarKit/integrationsTree'),
  /** The Agents view: every agent with its actions and their statuses, per folder. */
  agentsTree: request<Record<string, never>, FolderItems<AgentNode[]>[]>('stellarKit/agentsTree'),
  /** The Secrets view: every secret stellar.yaml declares (names and descriptions, never values), per folder. */
  secretsTree: request<Record<string, never>, FolderItems<SecretNode[]>[]>('stellarKit/secretsTree'),
  /** Show Diff: a binding's locked and current shape as YAML. */
  shapeDiff: request<ShapeDiffParams, ShapeDiffResult>('stellarKit/shapeDiff'),
  /** Where Run Action sends a request in an environment, and what it needs first. */
  runPlan: request<RunPlanParams, RunPlanInfo>('stellarKit/runPlan'),
  /** The tools/call plan of a binding to an MCP tool. */
  toolCallPlan: request<ToolCallInfoParams, ToolCallInfo>('stellarKit/toolCallPlan'),
  /** An MCP server integration's endpoint and credentials, for Discover Tools. */
  mcpServer: request<McpServerParams, McpIntegrationInfo>('stellarKit/mcpServer'),
  /** The tools lock text for what Discover Tools found. */
  toolsLockEdit: request<ToolsLockEditParams, ToolsLockEditResult>('stellarKit/toolsLockEdit'),
  /** The lock of an agent with every binding's current shape, or just `fullId`'s (Accept Current Shape). */
  lockAgent: request<LockAgentParams, LockAgentResult>('stellarKit/lockAgent'),
  /** The commits of an agent file and its lock (Preview Restore). */
  agentHistory: request<{ agentUri: string }, AgentHistoryResult>('stellarKit/agentHistory'),
  /** What restoring an agent at a revision would change. */
  restorePreview: request<{ agentUri: string; rev: string }, RestorePreviewResult>('stellarKit/restorePreview'),
  /** The Environment Matrix view: per folder, whether each agent can run in each environment, and why not. */
  environmentMatrix: request<EnvironmentMatrixParams, FolderItems<EnvironmentMatrix>[]>('stellarKit/environmentMatrix'),
  /** The client's workspace became trusted: features that run git on their own (the review lens) may start. */
  workspaceTrusted: notification<Record<string, never>>('stellarKit/workspaceTrusted'),
  /** The response shape file for a response the Run panel got (Record Response Shape). */
  responseShapeFile: request<ResponseShapeFileParams, ResponseShapeFileResult>('stellarKit/responseShapeFile'),
  /** How a response the Run panel got drifted from the action's recorded shape; null when none was recorded or the body is not JSON. */
  responseDrift: request<ResponseDriftParams, ResponseDriftResult>('stellarKit/responseDrift'),
  /** What the new-file commands offer (integrations, auth connectors, secrets) and the ids already taken, per folder. */
  scaffoldInfo: request<Record<string, never>, FolderItems<ScaffoldInfo>[]>('stellarKit/scaffoldInfo'),
  /** The text and place of a new file (New Integration, New Shared Action, New Auth Connector, New Agent). */
  scaffold: request<ScaffoldParams & { folder: string }, ScaffoldResult | { refused: string }>('stellarKit/scaffold'),
  /** Counts for the language status item. */
  workspaceStatus: request<Record<string, never>, WorkspaceStatus>('stellarKit/workspaceStatus'),
  /** Sent (debounced) after the index changed: the views refresh. */
  treeChanged: notification<Record<string, never>>('stellarKit/treeChanged'),
} as const;
