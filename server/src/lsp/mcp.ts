/**
 * The requests behind Discover Tools and running MCP tools in the editor: the client does the network
 * (it holds the secrets); the server says where and with which credentials, and writes the lock text.
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { mcpIntegrationInfo, toolCallInfo, type McpServerParams, type ToolCallInfoParams } from '../service';
import { toolsLockAnswer, type ToolsLockEditParams } from '../service';
import { handle } from './guard';
import { Protocol } from '../protocol';
import type { Session } from './session';
import { fileParam } from './target';

export function registerMcpRequests(session: Session): void {
  handle(session, Protocol.mcpServer, (p: McpServerParams) => {
    const { index, uri } = fileParam(session, p.integrationUri, 'integrationUri');
    const info = mcpIntegrationInfo(index, uri, typeof p.environment === 'string' ? p.environment : undefined);
    if (!info) throw new ResponseError(ErrorCodes.InvalidParams, `'${p.integrationUri}' is not an MCP server integration`);
    return info;
  });
  handle(session, Protocol.toolsLockEdit, (p: ToolsLockEditParams) => {
    const { index, uri } = fileParam(session, p.integrationUri, 'integrationUri');
    const answer = toolsLockAnswer(index, uri, p.tools, new Date());
    if (!answer) throw new ResponseError(ErrorCodes.InvalidParams, `'${p.integrationUri}' is not an MCP server integration`);
    return answer;
  });
  handle(session, Protocol.toolCallPlan, (p: ToolCallInfoParams) => {
    const { index, uri } = fileParam(session, p.agentUri, 'agentUri');
    if (!Number.isInteger(p.actionIndex)) throw new ResponseError(ErrorCodes.InvalidParams, 'actionIndex must be an integer');
    const args = p.arguments && typeof p.arguments === 'object' && !Array.isArray(p.arguments) ? p.arguments : {};
    return toolCallInfo(index, {
      agentUri: uri,
      actionIndex: p.actionIndex,
      environment: typeof p.environment === 'string' ? p.environment : undefined,
      arguments: args,
    });
  });
}
