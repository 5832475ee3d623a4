/**
 * The Environment Matrix view (`stellarKit.matrix`): a webview in the Stellar side bar showing the server's matrix
 * (stellarKit/environmentMatrix, the same code as `stellar-kit matrix`). It tells the server which secrets are in
 * the secret storage (names only) and refreshes, debounced, when diagnostics change, a file is saved or a secret is
 * set or cleared. A reason's link opens its file at the range.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { Ctx } from '../ctx';
import type { FolderItems, EnvironmentMatrix } from '../../../server/src/protocol';
import { makeNonce } from '../webviewPolicy';
import { matrixHtml } from './html';

export const MATRIX_VIEW = 'stellarKit.matrix';
const REFRESH_DEBOUNCE_MS = 300;

type Posted = { type: 'matrix'; folders: FolderItems<EnvironmentMatrix>[] } | { type: 'error'; message: string };
interface Position {
  line: number;
  character: number;
}

function isPosition(p: unknown): p is Position {
  const v = p as Position | undefined;
  return !!v && Number.isInteger(v.line) && Number.isInteger(v.character) && v.line >= 0 && v.character >= 0;
}

export class MatrixView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The files the matrix shown names: the only ones a message from the page may open. */
  private files = new Set<string>();

  constructor(private readonly ctx: Ctx) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = { enableScripts: true, localResourceRoots: [] };
    view.webview.html = matrixHtml(
      makeNonce((n) => randomBytes(n)),
      view.webview.cspSource,
    );
    view.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    view.onDidChangeVisibility(() => {
      if (view.visible) this.refresh();
    });
    view.onDidDispose(() => {
      this.view = undefined;
    });
  }

  /** Asks for the matrix again once things have been quiet for a moment. */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, REFRESH_DEBOUNCE_MS);
  }

  private async update(): Promise<void> {
    const view = this.view;
    if (!view?.visible) return;
    let posted: Posted;
    try {
      const folders = await this.ctx.server.environmentMatrix({ secretsSet: await this.ctx.secrets.list() });
      this.files = new Set(
        folders.flatMap((f) => f.items.agents.flatMap((a) => Object.values(a.environments).flatMap((c) => [...c.reasons, ...c.warnings].map((r) => r.uri)))),
      );
      posted = { type: 'matrix', folders };
    } catch (e) {
      posted = { type: 'error', message: `The environment matrix could not be computed: ${(e as Error).message}` };
    }
    await view.webview.postMessage(posted);
  }

  private onMessage(m: unknown): void {
    const msg = m as { type?: unknown; uri?: unknown; range?: { start?: unknown; end?: unknown } };
    if (msg?.type === 'ready') return void this.update();
    if (msg?.type !== 'open' || typeof msg.uri !== 'string' || !this.files.has(msg.uri)) return;
    const { start, end } = msg.range ?? {};
    const selection = isPosition(start) && isPosition(end) ? new vscode.Range(start.line, start.character, end.line, end.character) : undefined;
    void vscode.window.showTextDocument(vscode.Uri.parse(msg.uri), { selection, preview: false });
  }
}

export function registerMatrixView(ctx: Ctx): MatrixView {
  const view = new MatrixView(ctx);
  ctx.context.subscriptions.push(
    vscode.window.registerWebviewViewProvider(MATRIX_VIEW, view),
    // After every index change the server makes (edits, files created, changed or deleted on disk).
    ctx.treeChanged(() => view.refresh()),
    ctx.context.secrets.onDidChange(() => view.refresh()),
  );
  return view;
}
