/** Helpers of the API suite: diagnostics as `file:line:col severity code`, waiting, and a scripted editor UI. */
import * as vscode from 'vscode';

export const EXTENSION_ID = 'stellar.stellar-kit';

export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the suite needs the example workspace open as the first folder');
  return folder.uri;
}

export function fileUri(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

const SEVERITY = ['error', 'warning', 'info', 'hint'];

export interface Finding {
  key: string;
  code: string;
  message: string;
  uri: vscode.Uri;
  range: vscode.Range;
}

/** Stellar Kit's diagnostics in the whole workspace, as `file:line:col severity code` (1-based). */
export function findings(): Finding[] {
  const base = root().path.replace(/\/$/, '');
  return vscode.languages
    .getDiagnostics()
    .flatMap(([uri, ds]) =>
      ds
        .filter((d) => d.source === 'stellar-kit')
        .map((d) => {
          const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? '');
          const rel = uri.path.startsWith(`${base}/`) ? uri.path.slice(base.length + 1) : uri.path;
          return {
            key: `${rel}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity]} ${code}`,
            code,
            message: d.message,
            uri,
            range: d.range,
          };
        }),
    )
    .sort((a, b) => a.key.localeCompare(b.key));
}

export async function until<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 10_000,
  intervalMs = 25,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v as T;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; findings: ${JSON.stringify(findings().map((f) => f.key))}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** The findings once unchanged for `quietMs`. */
export async function settledFindings(quietMs = 1500, timeoutMs = 60_000): Promise<Finding[]> {
  let last = '';
  let since = Date.now();
  return until(
    'the findings to settle',
    () => {
      const fs = findings();
      const key = JSON.stringify(fs.map((f) => f.key));
      if (key !== last) {
        last = key;
        since = Date.now();
        return false;
      }
      return Date.now() - since >= quietMs && fs;
    },
    timeoutMs,
    100,
  );
}

export async function openEditor(rel: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(rel));
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The 0-based position of `text` in the document (its first character, plus `offset`). */
export function positionOf(doc: vscode.TextDocument, text: string, offset = 0): vscode.Position {
  const i = doc.getText().indexOf(text);
  if (i < 0) throw new Error(`${doc.uri.path} does not contain ${JSON.stringify(text)}`);
  return doc.positionAt(i + offset);
}

/**
 * A scripted stand-in for the editor's prompts. The suite's `vscode` module is the extension's own API object
 * (the suite lives inside the extension's folder), so replacing `window.showQuickPick`, `showInputBox` and
 * `showWarningMessage` there answers the extension's prompts. Every prompt is recorded in `asked`.
 */
export class ScriptedUi implements vscode.Disposable {
  readonly asked: string[] = [];
  /** Answers by prompt title (quick picks: the label to choose; input boxes: the text). */
  answers = new Map<string, string>();
  /** The button a modal warning is answered with (undefined: dismissed). */
  confirmWith: string | undefined;
  /** Buttons always chosen when offered (the credential-origin prompt's "Send"). */
  readonly alwaysConfirm = new Set<string>(['Send']);
  private readonly saved: Partial<Record<'showQuickPick' | 'showInputBox' | 'showWarningMessage', unknown>> = {};

  constructor() {
    const w = vscode.window as unknown as Record<string, unknown>;
    for (const k of ['showQuickPick', 'showInputBox', 'showWarningMessage'] as const) this.saved[k] = w[k];
    w.showQuickPick = async (items: readonly vscode.QuickPickItem[] | Thenable<readonly vscode.QuickPickItem[]>, o?: vscode.QuickPickOptions) => {
      const title = o?.title ?? '';
      this.asked.push(`pick ${title}`);
      const want = this.answers.get(title);
      return (await items).find((i) => i.label === want);
    };
    w.showInputBox = async (o?: vscode.InputBoxOptions) => {
      const title = o?.title ?? '';
      this.asked.push(`${o?.password ? 'password' : 'input'} ${title}`);
      const v = this.answers.get(title);
      if (v !== undefined && o?.validateInput && (await o.validateInput(v))) throw new Error(`'${v}' is not valid for ${title}`);
      return v;
    };
    w.showWarningMessage = async (message: string, ...rest: unknown[]) => {
      const modal = typeof rest[0] === 'object' && rest[0] !== null && (rest[0] as vscode.MessageOptions).modal;
      this.asked.push(`${modal ? 'confirm' : 'warning'} ${message}`);
      const buttons = rest.filter((x): x is string => typeof x === 'string');
      return buttons.find((b) => b === this.confirmWith || this.alwaysConfirm.has(b));
    };
    if ((vscode.window as unknown as Record<string, unknown>).showInputBox === this.saved.showInputBox) {
      throw new Error('vscode.window cannot be scripted here (frozen API object)');
    }
  }

  dispose(): void {
    Object.assign(vscode.window as unknown as Record<string, unknown>, this.saved);
  }
}
