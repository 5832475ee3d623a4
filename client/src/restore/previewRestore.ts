/** The VS Code side of Preview restore of agent...: the command, its editor UI and read-only result documents. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AgentHistoryResult, RestorePreviewResult } from '../../../server/src/lsp/restore';
import type { AgentNode } from '../../../server/src/service/trees';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import type { FolderItems } from '../trees/common';
import { previewRestoreFlow } from './flow';

/** Registers `stellarKit.previewRestore` (palette: active editor or a pick; Agents view: the agent node). */
export function registerPreviewRestore(context: vscode.ExtensionContext, client: LanguageClient): void {
  const docs = new ReadOnlyDocuments('stellar-restore');
  const ui = editorUi(docs);
  const server = {
    agents: async () => (await client.sendRequest<FolderItems<AgentNode[]>[]>('stellarKit/agentsTree', {})).flatMap((f) => f.items),
    history: (agentUri: string) => client.sendRequest<AgentHistoryResult>('stellarKit/agentHistory', { agentUri }),
    preview: (agentUri: string, rev: string) => client.sendRequest<RestorePreviewResult>('stellarKit/restorePreview', { agentUri, rev }),
  };
  context.subscriptions.push(
    docs.register(),
    vscode.commands.registerCommand('stellarKit.previewRestore', async (arg?: unknown) => {
      const agentUri = typeof (arg as { agentUri?: unknown })?.agentUri === 'string' ? (arg as { agentUri: string }).agentUri : undefined;
      try {
        await previewRestoreFlow({
          ui, server, isTrusted: () => vscode.workspace.isTrusted,
          activeUri: () => vscode.window.activeTextEditor?.document.uri.toString(),
        }, { agentUri });
      } catch (e) {
        ui.error(`Preview restore failed: ${(e as Error).message}`);
      }
    }),
  );
}
