/**
 * The VS Code side of Discover Tools: adapts the editor's UI, SecretStorage and workspace edits to the
 * flow (run/discover.ts). Registered for the palette and the Integrations view's MCP server items.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { TokenCache } from '../../../server/src/runner/oauth';
import type { McpIntegrationInfo, McpServerParams } from '../../../server/src/service/run/mcpPlan';
import type { ToolsLockEditParams, ToolsLockEditResult } from '../../../server/src/service/toolsLock';
import type { IntegrationNode } from '../../../server/src/service/trees';
import { Secrets } from '../secrets';
import type { FolderItems } from '../trees/common';
import { discoverToolsFlow, type DiscoverArgs } from './discover';
import { editorUi, ReadOnlyDocuments } from '../editorUi';

/** The command's argument: an Integrations view item, `{ integrationUri, environment }`, or nothing (pick). */
function argsOf(arg: unknown): DiscoverArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as { kind?: string; node?: { uri?: unknown }; integrationUri?: unknown; environment?: unknown };
  if (a.kind === 'integration' && typeof a.node?.uri === 'string') return { integrationUri: a.node.uri };
  return {
    integrationUri: typeof a.integrationUri === 'string' ? a.integrationUri : undefined,
    environment: typeof a.environment === 'string' ? a.environment : undefined,
  };
}

export function registerDiscoverTools(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel): void {
  const docs = new ReadOnlyDocuments('stellar-discover');
  const ui = editorUi(docs);
  const secrets = new Secrets(context.secrets);
  const tokenCache = new TokenCache();
  const server = {
    integrations: async () => (await client.sendRequest<FolderItems<IntegrationNode[]>[]>('stellarKit/integrationsTree', {})).flatMap((f) => f.items),
    mcpServer: (p: McpServerParams) => client.sendRequest<McpIntegrationInfo>('stellarKit/mcpServer', p),
    toolsLockEdit: (p: ToolsLockEditParams) => client.sendRequest<ToolsLockEditResult>('stellarKit/toolsLockEdit', p),
  };
  const writeLock = async (w: ToolsLockEditResult): Promise<boolean> => {
    const edit = await client.protocol2CodeConverter.asWorkspaceEdit(w.edit as Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0]);
    if (!edit || !(await vscode.workspace.applyEdit(edit))) return false;
    // Saved at once: the lock is the tool's file, not an edit for the user to review.
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(w.uri));
    return doc.save();
  };
  context.subscriptions.push(docs.register(), vscode.commands.registerCommand('stellarKit.discoverTools', async (arg?: unknown) => {
    try {
      await discoverToolsFlow({
        ui, secrets, server, writeLock, isTrusted: () => vscode.workspace.isTrusted, log: (l) => output.appendLine(l),
        refresh: () => void vscode.commands.executeCommand('stellarKit.refreshTrees'), send: { tokenCache },
      }, argsOf(arg));
    } catch (e) {
      // Errors come from the server requests; the flow itself redacts everything it shows.
      ui.error(`Discover Tools failed: ${(e as Error).message}`);
    }
  }));
}
