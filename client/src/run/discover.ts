/**
 * Discover Tools, without the VS Code API: pick the MCP integration and whose credentials to use,
 * connect from the extension host (where the secrets are), list the tools, have the server turn them
 * into the tools lock, write it and refresh the views. Everything shown or logged passes the redactor.
 */
import type { DiscoveredTool } from '../../../server/src/runner/index';
import { discoverTools } from '../../../server/src/runner/index';
import { Redactor } from '../../../server/src/runner/index';
import { mcpCredentialDestinations } from '../../../server/src/runner/index';
import type { McpIntegrationInfo, McpServerParams } from '../../../server/src/protocol';
import type { ToolsLockEditParams, ToolsLockEditResult } from '../../../server/src/protocol';
import type { IntegrationNode } from '../../../server/src/protocol';
import { failed, sendOptions, type FlowBase } from './ui';

export interface DiscoverArgs {
  integrationUri?: string;
  environment?: string;
}

/** The server requests discovery uses. */
export interface DiscoverServer {
  integrations(): Promise<IntegrationNode[]>;
  mcpServer(params: McpServerParams): Promise<McpIntegrationInfo>;
  toolsLockEdit(params: ToolsLockEditParams): Promise<ToolsLockEditResult>;
}

export interface DiscoverDeps extends FlowBase {
  server: DiscoverServer;
  /** Writes the lock (applies the edit and saves); false when that failed. */
  writeLock: (write: ToolsLockEditResult) => Promise<boolean>;
  /** Refreshes the Integrations and Agents views. */
  refresh: () => void;
}

export type DiscoverOutcome =
  | { kind: 'untrusted' | 'cancelled' }
  | { kind: 'error'; message: string }
  | { kind: 'discovered'; integration: string; environment: string; tools: DiscoveredTool[]; lockUri: string; unoffered: string[] };

async function pickIntegration(deps: DiscoverDeps): Promise<string | undefined> {
  const mcp = (await deps.server.integrations()).filter((i) => i.kind === 'mcp-server');
  if (mcp.length === 0) {
    deps.ui.info('No MCP server integration in this workspace: add a *.integration.yaml with kind: mcp-server and its url.');
    return undefined;
  }
  return deps.ui.pick(
    'Discover the tools of which MCP server?',
    mcp.map((i) => ({
      label: i.id,
      description: i.name,
      detail: i.tools ? `${i.tools.length} tool${i.tools.length === 1 ? '' : 's'} discovered` : 'no tools discovered yet',
      value: i.uri,
    })),
  );
}

async function pickEnvironment(deps: DiscoverDeps, info: McpIntegrationInfo, given: string | undefined): Promise<string | undefined | { error: string }> {
  if (info.environments.length === 0)
    return {
      error: `Auth connector '${info.authId}' of MCP server '${info.id}' has credentials for no environment, so discovery cannot connect. Add environments to ${info.authId}.auth.yaml.`,
    };
  if (given !== undefined) {
    return info.environments.includes(given)
      ? given
      : { error: `Auth connector '${info.authId}' of MCP server '${info.id}' has no ${given} credentials (it has ${info.environments.join(', ')}).` };
  }
  // Without an auth connector the environment chooses nothing: the server has one URL.
  if (!info.authId) return info.environments[0];
  return deps.ui.pick(
    `Discover the tools of ${info.id} with which environment's credentials (${info.authId})?`,
    info.environments.map((e) => ({ label: e, value: e })),
  );
}

export async function discoverToolsFlow(deps: DiscoverDeps, args: DiscoverArgs = {}): Promise<DiscoverOutcome> {
  const { ui } = deps;
  // Checked here, not only in the menus: the command can be called programmatically.
  if (!deps.isTrusted()) {
    ui.error('Discovering tools needs a trusted workspace: it connects to the MCP server with your secrets. Trust this workspace first.');
    return { kind: 'untrusted' };
  }
  const integrationUri = args.integrationUri ?? (await pickIntegration(deps));
  if (!integrationUri) return { kind: 'cancelled' };
  const info = await deps.server.mcpServer({ integrationUri });
  const environment = await pickEnvironment(deps, info, args.environment);
  if (environment === undefined) return { kind: 'cancelled' };
  if (typeof environment !== 'string') return failed(deps, environment.error);

  const planned = (await deps.server.mcpServer({ integrationUri, environment })).plan;
  if (!planned?.ok) return failed(deps, planned?.error ?? 'The server returned no plan.');
  const plan = planned.plan;
  if (deps.origins && !(await deps.origins.approve(ui, mcpCredentialDestinations(plan)))) return { kind: 'cancelled' };
  const redactor = new Redactor();
  deps.log(`Discovering the tools of ${plan.integration} at ${plan.url}${plan.authId ? ` with the ${environment} credentials of ${plan.authId}` : ''}`);
  const found = await discoverTools(plan, { ...sendOptions(deps, environment), secrets: deps.secrets.asking(ui), redactor });
  if (!found.ok) return failed(deps, redactor.apply(`Discover tools of ${plan.integration}: ${found.error}`));

  const write = await deps.server.toolsLockEdit({ integrationUri, tools: found.tools });
  if (!(await deps.writeLock(write))) return failed(deps, `Writing ${write.uri} failed.`);
  deps.refresh();
  const server = [found.server.name, found.server.version].filter(Boolean).join(' ') || plan.url;
  const names = found.tools.map((t) => t.name).join(', ') || '(none)';
  deps.log(redactor.apply(`${plan.integration}: ${found.tools.length} tools from ${server} (MCP ${found.server.protocolVersion}): ${names}`));
  const unoffered = write.unoffered.length ? ` ${write.unoffered.length} binding(s) link tools it does not offer: ${write.unoffered.join(', ')}.` : '';
  const taskOnly = found.tools.filter((t) => t.execution?.taskSupport === 'required').map((t) => t.name);
  const tasks = taskOnly.length
    ? ` ${taskOnly.join(', ')} require${taskOnly.length === 1 ? 's' : ''} task execution, which Stellar Kit cannot run (kept in the lock).`
    : '';
  ui.info(
    redactor.apply(
      `Discovered ${found.tools.length} tool${found.tools.length === 1 ? '' : 's'} of ${info.name} (${server}) and wrote ${write.uri.replace(/^.*\//, '')}.${unoffered}${tasks}`,
    ),
  );
  return { kind: 'discovered', integration: plan.integration, environment, tools: found.tools, lockUri: write.uri, unoffered: write.unoffered };
}
