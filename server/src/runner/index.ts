/**
 * The runner's entry: everything of the server's code that the extension's run flows use (bundled into
 * dist/runner.js with them, loaded on the first run). The client reaches the server's code only through
 * this module and the protocol module (../protocol.ts).
 */
export { E164 } from '../service/kinds/common';
export type { DiscoveredTool } from '../service/discoveredTools';
export { credentialDestinations, mcpCredentialDestinations, type CredentialDestination } from '../service/run/credentials';
export { toCurl } from '../service/run/curl';
export type { TextMessageInputs } from '../service/run/messagePlan';
export { checkParameters, nestVariables, type RequestPlan } from '../service/run/plan';
export { callTool, discoverTools, type McpOptions, type ToolCallResult } from './mcp';
export { TokenCache } from './oauth';
export { Redactor, type SecretSource } from './secrets';
export { sendPlan, type RunResult } from './send';
export { renderToolResult } from './toolResult';
