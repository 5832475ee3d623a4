/**
 * Locks are the tool's files, not edits for the user to review: an edit that writes one (the SK013/SK014 quick
 * fixes, Accept Current Shape, Lock Agent) is saved at once, so the file on disk (what CI checks) matches what
 * the editor shows.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export const SAVE_LOCKS_COMMAND = 'stellarKit.saveLocks';

const isLock = (uri: vscode.Uri) => uri.scheme === 'file' && /\.(agent|tools)\.lock\.yaml$/.test(uri.path);

/** The lock files an edit writes. */
function locksIn(edit: vscode.WorkspaceEdit): vscode.Uri[] {
  return edit
    .entries()
    .map(([uri]) => uri)
    .filter(isLock);
}

async function saveLocks(uris: (vscode.Uri | string)[]): Promise<boolean> {
  let ok = true;
  for (const u of uris) {
    const uri = typeof u === 'string' ? vscode.Uri.parse(u) : u;
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    if (doc.isDirty && !(await doc.save())) ok = false;
  }
  return ok;
}

/** Applies a server edit that writes locks (Lock Agent, Discover Tools) and saves them; false when either failed. */
export async function applyLockEdit(client: LanguageClient, lspEdit: unknown): Promise<boolean> {
  const edit = await client.protocol2CodeConverter.asWorkspaceEdit(lspEdit as Parameters<LanguageClient['protocol2CodeConverter']['asWorkspaceEdit']>[0]);
  return !!edit && (await vscode.workspace.applyEdit(edit)) && (await saveLocks(locksIn(edit)));
}

/** Gives code actions that write a lock a command that saves it (VS Code runs it after applying the edit). */
export function withLockSaving(actions: (vscode.Command | vscode.CodeAction)[] | null | undefined): (vscode.Command | vscode.CodeAction)[] | null | undefined {
  for (const a of actions ?? []) {
    if (!(a instanceof vscode.CodeAction) || !a.edit || a.command) continue;
    const locks = locksIn(a.edit);
    if (locks.length) a.command = { title: 'Save the lock', command: SAVE_LOCKS_COMMAND, arguments: [locks.map(String)] };
  }
  return actions;
}

export function registerLockSaving(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand(SAVE_LOCKS_COMMAND, (uris: string[]) => saveLocks(uris ?? [])));
}
