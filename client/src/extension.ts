import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { createClient } from './client';
import { registerCommands } from './commands';
import { registerLearnCommands } from './create/learn';
import { registerNewFileCommands } from './create/newFile';
import { createCtx } from './ctx';
import { registerLockSaving } from './locks';
import { registerMatrixView } from './matrix/view';
import { registerRecordShape } from './recordShape';
import { registerPreviewRestore } from './restore/previewRestore';
import { registerDiscoverTools } from './run/discoverTools';
import { registerRunCommands } from './run/runAction';
import { RunStatus, WorkspaceStatusItem } from './status';
import { ActivationTimer } from './timing';
import { registerTrees } from './trees/register';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const started = performance.now();
  const output = vscode.window.createOutputChannel('Stellar Kit');
  const timer = new ActivationTimer(output, started);
  context.subscriptions.push(output);
  client = createClient(context, output, (count) => timer.diagnostics(count));
  const ctx = createCtx(context, client, output);
  const status = new RunStatus();
  context.subscriptions.push(status);
  registerCommands(context, client, registerRunCommands(ctx, status));
  registerLockSaving(context);
  registerTrees(ctx);
  registerDiscoverTools(ctx);
  registerPreviewRestore(ctx);
  registerMatrixView(ctx);
  registerRecordShape(ctx);
  registerNewFileCommands(ctx);
  registerLearnCommands(ctx);
  const workspaceStatus = new WorkspaceStatusItem(() => ctx.server.workspaceStatus());
  context.subscriptions.push(workspaceStatus);
  context.subscriptions.push(ctx.treeChanged(() => workspaceStatus.update()));
  await client.start();
  timer.clientReady();
  workspaceStatus.update();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
