/**
 * The Agents view's inline actions on bindings: Show Diff (the lock's shape against the current one, in
 * VS Code's diff editor) and Re-link (the server's own re-link quick fixes, picked and applied here).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import { ReadOnlyDocuments } from '../editorUi';
import type { AgentsElement } from './agents';
import { isRelinkFix } from './items';

export const SHAPE_SCHEME = 'stellar-kit-shape';

type BindingElement = Extract<AgentsElement, { kind: 'agentAction' }> & { node: { link: string } };

/** The command's argument when it is a binding row of the Agents view (menus pass the row's element). */
function bindingOf(arg: unknown): BindingElement | undefined {
  const e = arg as BindingElement | undefined;
  return e?.kind === 'agentAction' && typeof e.node?.link === 'string' ? e : undefined;
}

export function registerBindingActions(ctx: Ctx): void {
  const docs = new ReadOnlyDocuments(SHAPE_SCHEME);
  const showDiff = async (arg: unknown) => {
    const e = bindingOf(arg);
    if (!e) return;
    const r = await ctx.server.shapeDiff(e.agentUri, e.node.link);
    if (!r.ok) return void vscode.window.showErrorMessage(r.error);
    const left = docs.add(`${e.node.name} (locked)`, r.locked, 'yaml');
    const right = docs.add(`${e.node.name} (current)`, r.current, 'yaml');
    await vscode.commands.executeCommand('vscode.diff', left, right, r.title, { preview: true });
  };
  const relink = async (arg: unknown) => {
    const e = bindingOf(arg);
    if (!e) return;
    const uri = vscode.Uri.parse(e.node.uri);
    // The quick fixes come with the diagnostics of the document: open it so they are there.
    await vscode.workspace.openTextDocument(uri);
    const range = ctx.client.protocol2CodeConverter.asRange(e.node.range as never);
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const fixes = actions.filter((a): a is vscode.CodeAction => a instanceof vscode.CodeAction && isRelinkFix(a.title) && !!a.edit);
    if (fixes.length === 0)
      return void vscode.window.showInformationMessage(`No shared action to re-link '${e.node.link}' to: fix or remove the binding by hand.`);
    const chosen = await vscode.window.showQuickPick(
      fixes.map((a) => ({ label: a.title, description: a.isPreferred ? 'preferred' : undefined, fix: a })),
      { title: `Re-link ${e.node.link}` },
    );
    if (!chosen) return;
    if (!(await vscode.workspace.applyEdit(chosen.fix.edit!))) return void vscode.window.showErrorMessage('Re-linking failed: the edit did not apply.');
    if (chosen.fix.command) await vscode.commands.executeCommand(chosen.fix.command.command, ...(chosen.fix.command.arguments ?? []));
  };
  ctx.context.subscriptions.push(
    docs.register(),
    vscode.commands.registerCommand('stellarKit.showShapeDiff', showDiff),
    vscode.commands.registerCommand('stellarKit.relink', relink),
  );
}
