/**
 * The entry point of dist/runner.js: what only runs and discovery need (undici, the flows, the MCP client),
 * bundled apart from dist/client.js and required by the first run or discovery (run/loadRunner.ts), so
 * activation neither reads nor parses it.
 */
export { TokenCache } from '../../../server/src/runner/index';
export { discoverToolsFlow } from './discover';
export { runActionFlow } from './flow';
export { pickAction } from './flow';
export { RunSession, sessionSpec } from './panel/session';
