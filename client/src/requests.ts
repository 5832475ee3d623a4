/**
 * Stellar Kit's own server requests (server/src/lsp/custom.ts, mcp.ts, restore.ts), named and typed in one
 * place. Takes the bare request function, so the flows' tests can drive a real server with it too.
 */
import type { AgentHistoryResult, RestorePreviewResult } from '../../server/src/lsp/restore';
import type { McpIntegrationInfo, McpServerParams, ToolCallInfo, ToolCallInfoParams } from '../../server/src/service/run/mcpPlan';
import type { lockAgentEdit, RunPlanInfo, RunPlanParams } from '../../server/src/service/runInfo';
import type { ToolsLockEditParams, ToolsLockEditResult } from '../../server/src/service/toolsLock';
import type { AgentNode, IntegrationNode } from '../../server/src/service/trees';

/** What the tree requests answer: one entry per workspace folder. */
export interface FolderItems<T> { folder: string; name: string; items: T }

export type SendRequest = <R>(method: string, params: unknown) => Promise<R>;

export type LockAgentResult = ReturnType<typeof lockAgentEdit>;

export function serverRequests(send: SendRequest) {
  const agentsTree = () => send<FolderItems<AgentNode[]>[]>('stellarKit/agentsTree', {});
  const integrationsTree = () => send<FolderItems<IntegrationNode[]>[]>('stellarKit/integrationsTree', {});
  return {
    agentsTree,
    integrationsTree,
    /** Every folder's agents, for picks. */
    agents: async () => (await agentsTree()).flatMap((f) => f.items),
    integrations: async () => (await integrationsTree()).flatMap((f) => f.items),
    runPlan: (p: RunPlanParams) => send<RunPlanInfo>('stellarKit/runPlan', p),
    toolCallPlan: (p: ToolCallInfoParams) => send<ToolCallInfo>('stellarKit/toolCallPlan', p),
    mcpServer: (p: McpServerParams) => send<McpIntegrationInfo>('stellarKit/mcpServer', p),
    toolsLockEdit: (p: ToolsLockEditParams) => send<ToolsLockEditResult>('stellarKit/toolsLockEdit', p),
    /** Every binding's shape, or just `fullId`'s (Accept Current Shape). */
    lockAgent: (agentUri: string, fullId?: string) => send<LockAgentResult>('stellarKit/lockAgent', { agentUri, fullId }),
    history: (agentUri: string) => send<AgentHistoryResult>('stellarKit/agentHistory', { agentUri }),
    preview: (agentUri: string, rev: string) => send<RestorePreviewResult>('stellarKit/restorePreview', { agentUri, rev }),
  };
}

export type ServerRequests = ReturnType<typeof serverRequests>;
