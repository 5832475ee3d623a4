/**
 * The VS Code side of Preview restore of agent...: the command, the agent and its lock at the revision
 * against the working copy in VS Code's diff editor (read-only `stellar-kit-restore:` documents), and
 * Restore (the diff editor's title button, or the notification's) writing them back as one undoable edit.
 */
import * as vscode from 'vscode';
import type { RestoreFile, RestorePreviewResult } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import { previewRestoreFlow } from './flow';
import { restoreChanges, restoreSummary } from './restorePlan';

export const RESTORE_SCHEME = 'stellar-kit-restore';

interface PendingRestore {
  agentUri: string;
  agent: string;
  commit: string;
  files: RestoreFile[];
  reportText: string;
}

/** The working-copy texts of the files: the open document's, else the file's on disk (absent: undefined). */
async function workingCopies(files: RestoreFile[]): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  for (const f of files) {
    const uri = vscode.Uri.parse(f.uri);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (open) out.set(f.uri, open.getText());
    else
      out.set(
        f.uri,
        await vscode.workspace.fs.readFile(uri).then(
          (b) => new TextDecoder().decode(b),
          () => undefined,
        ),
      );
  }
  return out;
}

async function restore(p: PendingRestore, done: () => void): Promise<void> {
  const current = await workingCopies(p.files);
  const changes = restoreChanges(p.files, (u) => current.get(u));
  if (changes.length === 0) return void vscode.window.showInformationMessage(`${p.agent} already is as it was at ${p.commit.slice(0, 8)}.`);
  const edit = new vscode.WorkspaceEdit();
  const written: vscode.Uri[] = [];
  for (const c of changes) {
    const uri = vscode.Uri.parse(c.uri);
    if (c.kind === 'delete') edit.deleteFile(uri, { ignoreIfNotExists: true });
    else if (!c.exists) {
      edit.createFile(uri, { ignoreIfExists: true, contents: new TextEncoder().encode(c.text) });
    } else {
      const doc = await vscode.workspace.openTextDocument(uri);
      edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), c.text);
      written.push(uri);
    }
  }
  if (!(await vscode.workspace.applyEdit(edit))) return void vscode.window.showErrorMessage(`Restoring ${p.agent} failed: the edit did not apply.`);
  // Saved at once, like every lock the tool writes (locks.ts): what CI checks is what the editor shows. Undo still reverts it.
  for (const uri of written) await vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.save();
  done();
  void vscode.window.showInformationMessage(`Restored ${p.agent} as it was at ${p.commit.slice(0, 8)} (${changes.map((c) => c.rel).join(', ')}).`);
}

/** Registers `stellarKit.previewRestore` (palette: active editor or a pick; Agents view: the agent node) and `stellarKit.restoreVersion`. */
export function registerPreviewRestore(ctx: Ctx): void {
  const docs = new ReadOnlyDocuments(RESTORE_SCHEME);
  // The report (Show Report) in a scheme of its own: the Restore title button belongs to the diffs only.
  const reports = new ReadOnlyDocuments('stellar-restore');
  const ui = editorUi(reports);
  /** The restore each diff document belongs to, for the editor title's Restore button. */
  const pending = new Map<string, PendingRestore>();
  const forget = (p: PendingRestore) => () => {
    for (const [k, v] of pending) if (v === p) pending.delete(k);
  };

  const showRestore = async (agentUri: string, preview: Extract<RestorePreviewResult, { ok: true }>) => {
    const p: PendingRestore = { agentUri, agent: preview.preview.agent, commit: preview.commit, files: preview.files, reportText: preview.text };
    const current = await workingCopies(p.files);
    const changes = restoreChanges(p.files, (u) => current.get(u));
    const short = p.commit.slice(0, 8);
    // The lock first, so that the agent's diff is the active editor.
    for (const f of [...p.files].reverse()) {
      if (!changes.some((c) => c.uri === f.uri)) continue;
      const base = f.rel.replace(/^.*\//, '');
      const left = docs.add(`${base} @ ${short}`, f.text ?? '', 'yaml');
      const right = docs.add(`${base} (working copy)`, current.get(f.uri) ?? '', 'yaml');
      pending.set(left.toString(), p);
      pending.set(right.toString(), p);
      await vscode.commands.executeCommand('vscode.diff', left, right, `${base} @ ${short} ↔ working copy`, { preview: false });
    }
    // Not awaited: the command ends once the diffs are shown; the notification stays until answered.
    void vscode.window
      .showInformationMessage(restoreSummary(p.agent, p.commit, changes, p.reportText), ...(changes.length ? ['Restore'] : []), 'Show Report')
      .then(async (choice) => {
        if (choice === 'Restore') await restore(p, forget(p));
        else if (choice === 'Show Report') await ui.show(preview.title, preview.text);
      })
      .then(undefined, (e: Error) => ui.error(`Restore failed: ${e.message}`));
  };

  ctx.context.subscriptions.push(
    docs.register(),
    reports.register(),
    vscode.commands.registerCommand('stellarKit.previewRestore', async (arg?: unknown) => {
      const agentUri = typeof (arg as { agentUri?: unknown })?.agentUri === 'string' ? (arg as { agentUri: string }).agentUri : undefined;
      try {
        await previewRestoreFlow(
          {
            ui,
            server: ctx.server,
            isTrusted: () => vscode.workspace.isTrusted,
            activeUri: () => vscode.window.activeTextEditor?.document.uri.toString(),
            showRestore,
          },
          { agentUri },
        );
      } catch (e) {
        ui.error(`Preview restore failed: ${(e as Error).message}`);
      }
    }),
    // The diff editor's title button passes the document's uri.
    vscode.commands.registerCommand('stellarKit.restoreVersion', async (uri?: vscode.Uri) => {
      const key = (uri ?? vscode.window.activeTextEditor?.document.uri)?.toString();
      const p = key ? pending.get(key) : undefined;
      if (!p)
        return void vscode.window.showErrorMessage('This preview was restored already, or is not a restore preview: run Preview Restore of Agent… again.');
      try {
        await restore(p, forget(p));
      } catch (e) {
        ui.error(`Restore failed: ${(e as Error).message}`);
      }
    }),
  );
}
