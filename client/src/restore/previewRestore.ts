/** The VS Code side of Preview restore of agent...: the command, its editor UI and read-only result documents. */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import { previewRestoreFlow } from './flow';

/** Registers `stellarKit.previewRestore` (palette: active editor or a pick; Agents view: the agent node). */
export function registerPreviewRestore(ctx: Ctx): void {
  const docs = new ReadOnlyDocuments('stellar-restore');
  const ui = editorUi(docs);
  ctx.context.subscriptions.push(
    docs.register(),
    vscode.commands.registerCommand('stellarKit.previewRestore', async (arg?: unknown) => {
      const agentUri = typeof (arg as { agentUri?: unknown })?.agentUri === 'string' ? (arg as { agentUri: string }).agentUri : undefined;
      try {
        await previewRestoreFlow(
          {
            ui,
            server: ctx.server,
            isTrusted: () => vscode.workspace.isTrusted,
            activeUri: () => vscode.window.activeTextEditor?.document.uri.toString(),
          },
          { agentUri },
        );
      } catch (e) {
        ui.error(`Preview restore failed: ${(e as Error).message}`);
      }
    }),
  );
}
