/**
 * Stellar Kit's own server requests, typed by the protocol module (server/src/protocol.ts). Takes the bare
 * request function, so the flows' tests can drive a real server with it too.
 */
import { Protocol, type ParamsOf, type RequestDef, type ResultOf } from '../../server/src/protocol';

export type { EnvironmentMatrix, FolderItems, LockAgentResult } from '../../server/src/protocol';

export type SendRequest = <R>(method: string, params: unknown) => Promise<R>;

export function serverRequests(send: SendRequest) {
  const call = <D extends RequestDef<unknown, unknown>>(def: D, params: ParamsOf<D>) => send<ResultOf<D>>(def.method, params);
  const agentsTree = () => call(Protocol.agentsTree, {});
  const integrationsTree = () => call(Protocol.integrationsTree, {});
  const secretsTree = () => call(Protocol.secretsTree, {});
  return {
    agentsTree,
    integrationsTree,
    secretsTree,
    /** Every folder's declared secrets, for picks. */
    declaredSecrets: async () => (await secretsTree()).flatMap((f) => f.items),
    shapeDiff: (agentUri: string, fullId: string) => call(Protocol.shapeDiff, { agentUri, fullId }),
    /** Every folder's agents, for picks. */
    agents: async () => (await agentsTree()).flatMap((f) => f.items),
    integrations: async () => (await integrationsTree()).flatMap((f) => f.items),
    runPlan: (p: ParamsOf<typeof Protocol.runPlan>) => call(Protocol.runPlan, p),
    toolCallPlan: (p: ParamsOf<typeof Protocol.toolCallPlan>) => call(Protocol.toolCallPlan, p),
    mcpServer: (p: ParamsOf<typeof Protocol.mcpServer>) => call(Protocol.mcpServer, p),
    toolsLockEdit: (p: ParamsOf<typeof Protocol.toolsLockEdit>) => call(Protocol.toolsLockEdit, p),
    /** Every binding's shape, or just `fullId`'s (Accept Current Shape). */
    lockAgent: (agentUri: string, fullId?: string) => call(Protocol.lockAgent, { agentUri, fullId }),
    history: (agentUri: string) => call(Protocol.agentHistory, { agentUri }),
    preview: (agentUri: string, rev: string) => call(Protocol.restorePreview, { agentUri, rev }),
    /** The Environment Matrix view: `secretsSet` names the secrets stored per environment (never values). */
    environmentMatrix: (p: ParamsOf<typeof Protocol.environmentMatrix>) => call(Protocol.environmentMatrix, p),
    /** Where a response's shape file goes and its text (Record Response Shape). */
    responseShapeFile: (p: ParamsOf<typeof Protocol.responseShapeFile>) => call(Protocol.responseShapeFile, p),
    /** How a response drifted from the recorded shape (the Run panel shows it), or null. */
    responseDrift: (p: ParamsOf<typeof Protocol.responseDrift>) => call(Protocol.responseDrift, p),
    scaffoldInfo: () => call(Protocol.scaffoldInfo, {}),
    scaffold: (p: ParamsOf<typeof Protocol.scaffold>) => call(Protocol.scaffold, p),
    workspaceStatus: () => call(Protocol.workspaceStatus, {}),
  };
}

export type ServerRequests = ReturnType<typeof serverRequests>;
