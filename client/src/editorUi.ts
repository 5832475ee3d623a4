/** The flows' `Ui` (run/ui.ts) on the VS Code API, and read-only documents for what they show. */
import * as vscode from 'vscode';
import type { Ui } from './run/ui';

/** Read-only documents under a scheme of their own (texts are already redacted by the flows). */
export class ReadOnlyDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private count = 0;
  constructor(readonly scheme: string) {}
  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
  /** A new document (a new uri each time: VS Code keeps a virtual document's first text per uri); `suffix` picks its language. */
  add(title: string, text: string, suffix = 'txt'): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: this.scheme, path: `/${++this.count} ${title.replace(/[/\\]/g, '-')}.${suffix}` });
    this.texts.set(uri.toString(), text);
    return uri;
  }
  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this);
  }
}

/** Inputs stay open when focus moves (a user copying a value from elsewhere must not lose the run). */
export function editorUi(docs: ReadOnlyDocuments): Ui {
  return {
    pick: async (title, items) =>
      (await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true, ignoreFocusOut: true }))?.value,
    input: (o) =>
      Promise.resolve(
        vscode.window.showInputBox({
          title: o.title,
          prompt: o.prompt,
          placeHolder: o.placeHolder,
          password: o.password,
          ignoreFocusOut: true,
          validateInput: o.validate,
        }),
      ),
    confirm: async (message, action) => (await vscode.window.showWarningMessage(message, { modal: true }, action)) === action,
    show: async (title, text) => {
      const doc = await vscode.workspace.openTextDocument(docs.add(title, text));
      await vscode.window.showTextDocument(doc, { preview: false });
    },
    error: (m) => void vscode.window.showErrorMessage(m),
    info: (m) => void vscode.window.showInformationMessage(m),
  };
}
