/**
 * The runner's entry: everything of the server's code that the extension's run flows use (bundled into
 * dist/runner.js with them, loaded on the first run). The client reaches the server's code only through
 * this module and the protocol module (../protocol.ts).
 */
export { E164 } from '../service';
export type { DiscoveredTool } from '../service';
export { credentialDestinations, mcpCredentialDestinations, type CredentialDestination } from '../service';
export { toCurl } from '../service';
export type { TextMessageInputs } from '../service';
export { checkParameters, nestVariables, type RequestPlan, type ToolCallPlan } from '../service';
// The response contract's pure parts, for a Run panel that shows a shape or its drift itself.
export { diffSchemas, driftLines, inferSchema, type DriftChange, type JsonSchemaNode } from '../service';
export { callTool, discoverTools, type McpOptions, type ToolCallResult } from './mcp';
export { TokenCache } from './oauth';
export { Redactor, type SecretSource } from './secrets';
export { sendPlan, type OutputValue, type RunResult } from './send';
export { renderToolResult } from './toolResult';
