/**
 * What the walkthrough and the welcome views' buttons run: Open the Example (the bundled example workspace,
 * copied into the empty folder that is open, or into a folder the user picks, then opened) and Show the CI
 * Workflow (the walkthrough's page with the GitHub Actions workflow).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';

export function registerLearnCommands(ctx: Ctx): void {
  const { context } = ctx;
  const example = vscode.Uri.joinPath(context.extensionUri, 'examples', 'acme-support');
  context.subscriptions.push(
    vscode.commands.registerCommand('stellarKit.openExample', async () => {
      try {
        await openExample(ctx, example);
      } catch (e) {
        void vscode.window.showErrorMessage(`Opening the example failed: ${(e as Error).message}`);
      }
    }),
    vscode.commands.registerCommand('stellarKit.showCiWorkflow', () =>
      vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.joinPath(context.extensionUri, 'media', 'walkthrough', 'ci.md')),
    ),
  );
}

async function openExample(ctx: Ctx, example: vscode.Uri): Promise<void> {
  const here = vscode.workspace.workspaceFolders?.[0];
  const status = here ? await ctx.server.workspaceStatus().catch(() => undefined) : undefined;
  const HERE = 'here';
  const choice =
    here && status && status.files === 0 && !status.indexing
      ? await vscode.window.showQuickPick(
          [
            { label: `Into ${here.name}`, detail: 'Copy the example into this folder (it has no Stellar files yet).', value: HERE },
            { label: 'Into another folder…', detail: 'Copy it into a new acme-support folder and open that.', value: 'other' },
          ],
          { title: 'Open the Example' },
        )
      : { value: 'other' };
  if (!choice) return;
  if (choice.value === HERE && here) {
    // The folder has no Stellar files, but may hold others (a README): those are kept, never overwritten.
    const kept: string[] = [];
    for (const [name] of await vscode.workspace.fs.readDirectory(example)) {
      const to = vscode.Uri.joinPath(here.uri, name);
      const exists = await vscode.workspace.fs.stat(to).then(
        () => true,
        () => false,
      );
      if (exists) kept.push(name);
      else await vscode.workspace.fs.copy(vscode.Uri.joinPath(example, name), to, { overwrite: false });
    }
    if (kept.length) void vscode.window.showInformationMessage(`Open the Example kept your own ${kept.join(', ')}: the example's were not copied.`);
    await showAgent(here.uri);
    return;
  }
  const picked = await vscode.window.showOpenDialog({
    canSelectFolders: true,
    canSelectFiles: false,
    openLabel: 'Copy the Example Here',
    title: 'Open the Example',
  });
  if (!picked?.[0]) return;
  const target = vscode.Uri.joinPath(picked[0], 'acme-support');
  await vscode.workspace.fs.copy(example, target, { overwrite: false });
  await vscode.commands.executeCommand('vscode.openFolder', target);
}

/** The example's first agent, where its deliberate SK012 is (not there when the folder kept its own `agents`). */
async function showAgent(folder: vscode.Uri): Promise<void> {
  const agent = vscode.Uri.joinPath(folder, 'agents', 'billing-support.agent.yaml');
  const doc = await vscode.workspace.openTextDocument(agent).then(undefined, () => undefined);
  if (doc) await vscode.window.showTextDocument(doc, { preview: false });
}
