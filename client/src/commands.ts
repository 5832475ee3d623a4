import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Location, Position } from 'vscode-languageclient/node';

/** Commands the server's code lenses name. Arguments arrive as LSP data and are converted here. */
export function registerCommands(context: vscode.ExtensionContext, client: LanguageClient, runAction: (arg?: unknown) => Promise<void>): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('stellarKit.showReferences', (uri: string, position: Position, locations: Location[]) => {
      const c = client.protocol2CodeConverter;
      return vscode.commands.executeCommand(
        'editor.action.showReferences',
        c.asUri(uri),
        c.asPosition(position),
        (locations ?? []).map((l) => c.asLocation(l)),
      );
    }),
    // Palette, code lenses ({ agentUri, actionIndex, environment }) and the Agents view.
    vscode.commands.registerCommand('stellarKit.runAction', runAction),
  );
}
