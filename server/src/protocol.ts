/**
 * Every request and notification of Stellar Kit's own between the extension and the language server: its
 * name, its parameters and its result, in one place. The server registers its handlers with these
 * (lsp/custom.ts, mcp.ts, restore.ts); the client sends them (client/src/requests.ts). Types only cross
 * here: nothing of the server's code is loaded into the client through this module.
 */
import type { AgentHistoryResult, RestorePreviewResult } from './lsp/restore';
import type { McpIntegrationInfo, McpServerParams, ToolCallInfo, ToolCallInfoParams } from './service';
import type { lockAgentEdit, RunPlanInfo, RunPlanParams } from './service';
import type { ToolsLockEditParams, ToolsLockEditResult } from './service';
import type { ScaffoldInfo, ScaffoldParams, ScaffoldResult } from './service';
import type { AgentActionNode, AgentNode, BindingStatus, IntegrationNode, SharedActionNode, SlotNode, ToolNode } from './service';

export { AUTH_TYPES, ENVIRONMENTS, ID_PATTERN, INTEGRATION_KINDS, METHODS, SECRET_NAME_PATTERN } from './service';
export type {
  AgentActionNode,
  AgentHistoryResult,
  AgentNode,
  BindingStatus,
  IntegrationNode,
  SharedActionNode,
  SlotNode,
  ToolNode,
  McpIntegrationInfo,
  McpServerParams,
  RestorePreviewResult,
  RunPlanInfo,
  RunPlanParams,
  ScaffoldInfo,
  ScaffoldParams,
  ScaffoldResult,
  ToolCallInfo,
  ToolCallInfoParams,
  ToolsLockEditParams,
  ToolsLockEditResult,
};

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
  /** What the new-file commands offer (integrations, auth connectors, secrets) and the ids already taken, per folder. */
  scaffoldInfo: request<Record<string, never>, FolderItems<ScaffoldInfo>[]>('stellarKit/scaffoldInfo'),
  /** The text and place of a new file (New Integration, New Shared Action, New Auth Connector, New Agent). */
  scaffold: request<ScaffoldParams & { folder: string }, ScaffoldResult | { refused: string }>('stellarKit/scaffold'),
  /** Counts for the language status item. */
  workspaceStatus: request<Record<string, never>, WorkspaceStatus>('stellarKit/workspaceStatus'),
  /** Sent (debounced) after the index changed: the views refresh. */
  treeChanged: notification<Record<string, never>>('stellarKit/treeChanged'),
} as const;
