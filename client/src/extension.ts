import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { registerLockSaving } from './locks';
import { registerPreviewRestore } from './restore/previewRestore';
import { registerDiscoverTools } from './run/discoverTools';
import { registerRunCommands } from './run/runAction';
import { RunStatus } from './status';
import { registerTrees } from './trees/register';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Stellar Kit');
  context.subscriptions.push(output);
  client = createClient(context, output);
  const status = new RunStatus();
  context.subscriptions.push(status);
  registerCommands(context, client, registerRunCommands(context, client, output, status));
  registerLockSaving(context);
  registerTrees(context, client);
  registerDiscoverTools(context, client, output);
  registerPreviewRestore(context, client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
