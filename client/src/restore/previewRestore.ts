/** The VS Code side of Preview restore of agent...: the command, its editor UI and read-only result documents. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { AgentHistoryResult, RestorePreviewResult } from '../../../server/src/lsp/restore';
import type { AgentNode } from '../../../server/src/service/trees';
import type { Ui } from '../run/ui';
import type { FolderItems } from '../trees/common';
import { previewRestoreFlow } from './flow';

const SCHEME = 'stellar-restore';

/** Read-only documents holding restore previews. */
class PreviewDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;
  provideTextDocumentContent(uri: vscode.Uri): string { return this.texts.get(uri.toString()) ?? ''; }
  add(title: string, text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SCHEME, path: `/${++this.count} ${title.replace(/[/\\]/g, '-')}.txt` });
    this.texts.set(uri.toString(), text);
    return uri;
  }
}

function editorUi(docs: PreviewDocuments): Ui {
  return {
    pick: async (title, items) => (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true }))?.value,
    input: (o) => Promise.resolve(vscode.window.showInputBox({ title: o.title, prompt: o.prompt, validateInput: o.validate })),
    confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
    show: async (title, text) => { await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(docs.add(title, text)), { preview: false }); },
    error: (m) => void vscode.window.showErrorMessage(m),
    info: (m) => void vscode.window.showInformationMessage(m),
  };
}

/** Registers `stellarKit.previewRestore` (palette: active editor or a pick; Agents view: the agent node). */
export function registerPreviewRestore(context: vscode.ExtensionContext, client: LanguageClient): void {
  const docs = new PreviewDocuments();
  const ui = editorUi(docs);
  const server = {
    agents: async () => (await client.sendRequest<FolderItems<AgentNode[]>[]>('stellarKit/agentsTree', {})).flatMap((f) => f.items),
    history: (agentUri: string) => client.sendRequest<AgentHistoryResult>('stellarKit/agentHistory', { agentUri }),
    preview: (agentUri: string, rev: string) => client.sendRequest<RestorePreviewResult>('stellarKit/restorePreview', { agentUri, rev }),
  };
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(SCHEME, docs),
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
