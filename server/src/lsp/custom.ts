/**
 * Stellar Kit's own requests: tree data, run plans and lock edits for the client's views and commands
 * (restore previews in ./restore.ts), and a debounced `stellarKit/treeChanged` notification after every
 * published index change.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { runPlanInfo, lockAgentEdit, responseDriftOf, responseShapeFile, type ResponseShapeFileParams, type RunPlanParams } from '../service';
import { agentsTree, integrationsTree, secretsTree, shapeDiff, type ShapeDiffParams } from '../service';
import { handle } from './guard';
import { Protocol, type FolderItems } from '../protocol';
import { registerMatrixRequest } from './matrix';
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
  handle(session, Protocol.secretsTree, () => perFolder((f) => secretsTree(f.index)));
  handle(session, Protocol.shapeDiff, (p: ShapeDiffParams) => {
    const { index, uri } = fileParam(session, p.agentUri, 'agentUri');
    if (typeof p.fullId !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'fullId must be a string');
    return shapeDiff(index, uri, p.fullId);
  });
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
  registerMatrixRequest(session); // the Environment Matrix view (lsp/matrix.ts)
  handle(session, Protocol.responseShapeFile, (p: ResponseShapeFileParams) => {
    const { index, uri } = fileParam(session, p.fileUri, 'fileUri');
    for (const k of ['action', 'environment', 'body'] as const)
      if (typeof p[k] !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${k} must be a string`);
    if (!Number.isInteger(p.status)) throw new ResponseError(ErrorCodes.InvalidParams, 'status must be an integer');
    const r = responseShapeFile(index, { ...p, fileUri: uri }, new Date());
    // The schema stays on the server: the client writes the text.
    return r.ok ? { ok: true, uri: r.uri, text: r.text } : r;
  });
  handle(session, Protocol.responseDrift, (p: { fileUri: string; action: string; body: string }) => {
    const { index, uri } = fileParam(session, p.fileUri, 'fileUri');
    if (typeof p.action !== 'string' || typeof p.body !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'action and body must be strings');
    return responseDriftOf(index, { fileUri: uri, action: p.action, body: p.body }) ?? null;
  });
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
