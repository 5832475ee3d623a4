/**
 * Stellar Kit's own requests: tree data, run plans and lock edits for the client's views and commands
 * (restore previews in ./restore.ts), and a debounced `stellarKit/treeChanged` notification after every
 * published index change.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { runPlanInfo, lockAgentEdit, type RunPlanParams } from '../service';
import { agentsTree, integrationsTree } from '../service';
import { handle } from './guard';
import { Protocol, type FolderItems } from '../protocol';
import { registerMcpRequests } from './mcp';
import { registerRestoreRequests } from './restore';
import { registerScaffoldRequests } from './scaffold';
import type { Session } from './session';
import { fileParam } from './target';

export const TREE_CHANGED_DEBOUNCE_MS = 300;

export function registerCustomRequests(session: Session): void {
  const c = session.connection;
  const perFolder = <T>(build: (f: ReturnType<Session['folders']['all']>[number]) => T): FolderItems<T>[] =>
    session.folders.all().map((f) => ({ folder: f.uri, name: f.name, items: build(f) }));

  handle(session, Protocol.integrationsTree, () => perFolder((f) => integrationsTree(f.index)));
  handle(session, Protocol.agentsTree, () => perFolder((f) => agentsTree(f.index)));
  handle(session, Protocol.runPlan, (p: RunPlanParams) => {
    const { index, uri } = fileParam(session, p.agentUri, 'agentUri');
    if (!Number.isInteger(p.actionIndex)) throw new ResponseError(ErrorCodes.InvalidParams, 'actionIndex must be an integer');
    const parameters = p.parameters && typeof p.parameters === 'object' ? p.parameters : {};
    const variables = p.variables && typeof p.variables === 'object' ? p.variables : {};
    const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
    return runPlanInfo(index, {
      agentUri: uri,
      actionIndex: p.actionIndex,
      environment: str(p.environment),
      parameters,
      variables,
      message: str(p.message),
      telnyxBaseUrl: str(p.telnyxBaseUrl),
    });
  });
  registerMcpRequests(session); // Discover Tools and running MCP tools (lsp/mcp.ts)
  handle(session, Protocol.lockAgent, (p: { agentUri: string; fullId?: string }) => {
    const { index, uri } = fileParam(session, p.agentUri, 'agentUri');
    return lockAgentEdit(index, uri, new Date(), typeof p.fullId === 'string' ? p.fullId : undefined);
  });
  registerRestoreRequests(session);
  registerScaffoldRequests(session); // the new-file commands and the language status (lsp/scaffold.ts)

  let timer: NodeJS.Timeout | undefined;
  session.indexListeners.add(() => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      void c.sendNotification(Protocol.treeChanged.method, {}).catch((e: Error) => session.log.error(`Sending treeChanged failed: ${e.message}`));
    }, TREE_CHANGED_DEBOUNCE_MS);
  });
}
