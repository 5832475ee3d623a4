import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { createCtx } from './ctx';
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
  const ctx = createCtx(context, client, output);
  const status = new RunStatus();
  context.subscriptions.push(status);
  registerCommands(context, client, registerRunCommands(ctx, status));
  registerLockSaving(context);
  registerTrees(ctx);
  registerDiscoverTools(ctx);
  registerPreviewRestore(ctx);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
