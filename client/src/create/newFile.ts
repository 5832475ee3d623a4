/**
 * New Integration, New Shared Action, New Auth Connector and New Agent: the palette, the Explorer's New
 * File menu and context menu (a folder: the file goes there), the views' "+" buttons and an integration
 * of the Integrations view (New Shared Action under it). The questions are flow.ts's; this writes the file
 * with a workspace edit (a file that exists already is refused), saves it and selects the first value to fill.
 */
import * as vscode from 'vscode';
import type { ScaffoldResult } from '../../../server/src/protocol';
import type { Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import { newFileFlow, type CreateArgs, type NewFileKind } from './flow';

const COMMANDS: [string, NewFileKind][] = [
  ['stellarKit.newIntegration', 'integration'],
  ['stellarKit.newSharedAction', 'action'],
  ['stellarKit.newAuthConnector', 'auth'],
  ['stellarKit.newAgent', 'agent'],
];

export function registerNewFileCommands(ctx: Ctx): void {
  const ui = editorUi(new ReadOnlyDocuments('stellar-new'));
  for (const [command, kind] of COMMANDS) {
    ctx.context.subscriptions.push(
      vscode.commands.registerCommand(command, async (arg?: unknown) => {
        try {
          const r = await newFileFlow({ ui, server: ctx.server }, kind, await argsOf(arg));
          if (r) await write(r);
        } catch (e) {
          ui.error(`Creating the file failed: ${(e as Error).message}`);
        }
      }),
    );
  }
}

/** An Explorer uri (a folder, or a file: its folder) or an Integrations view item. */
async function argsOf(arg: unknown): Promise<CreateArgs> {
  if (arg instanceof vscode.Uri) {
    const isDir = await vscode.workspace.fs.stat(arg).then(
      (s) => (s.type & vscode.FileType.Directory) !== 0,
      () => false,
    );
    return { folderUri: (isDir ? arg : vscode.Uri.joinPath(arg, '..')).toString() };
  }
  const item = arg as { kind?: string; node?: { id?: unknown; kind?: unknown } } | undefined;
  if (item?.kind === 'integration' && typeof item.node?.id === 'string') return { integration: item.node.id };
  return {};
}

async function write(r: ScaffoldResult): Promise<void> {
  const uri = vscode.Uri.parse(r.uri);
  const exists = await vscode.workspace.fs.stat(uri).then(
    () => true,
    () => false,
  );
  if (exists) return void vscode.window.showErrorMessage(`${vscode.workspace.asRelativePath(uri)} already exists: choose another id.`);
  const edit = new vscode.WorkspaceEdit();
  for (const c of r.creates) edit.createFile(vscode.Uri.parse(c), { ignoreIfExists: true });
  for (const e of r.edits) for (const t of e.edits) edit.replace(vscode.Uri.parse(e.uri), range(t.range), t.newText);
  edit.createFile(uri, { overwrite: false, ignoreIfExists: false });
  edit.insert(uri, new vscode.Position(0, 0), r.text);
  if (!(await vscode.workspace.applyEdit(edit))) return void vscode.window.showErrorMessage(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
  // On disk at once: the server indexes saved files, and a new stellar.yaml entry must not wait for a save.
  for (const u of new Set([r.uri, ...r.edits.map((e) => e.uri)])) await (await vscode.workspace.openTextDocument(vscode.Uri.parse(u))).save();
  const doc = await vscode.workspace.openTextDocument(uri);
  await vscode.window.showTextDocument(doc, { selection: range(r.select), preview: false });
}

const range = (r: ScaffoldResult['select']) => new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
