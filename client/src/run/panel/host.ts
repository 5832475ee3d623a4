/**
 * The VS Code side of the Run panel: one webview panel per action beside the source (revealed when open), its
 * page (run/panel/html.ts, media/runPanel.js and .css), and the editor services the session asks for (the
 * clipboard, an untitled document for the raw body, Set Secret, Record Response Shape, the status bar). The
 * session itself (run/panel/session.ts) lives in the runner bundle, loaded by the first run.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { flowBase, type Ctx } from '../../ctx';
import { editorUi, type ReadOnlyDocuments } from '../../editorUi';
import type { RunStatus } from '../../status';
import type { FlowDeps, AgentActionRef } from '../flow';
import { loadRunner } from '../loadRunner';
import { makeNonce, panelHtml } from './html';
import type { FromPanel, RecordShapeArgs } from './messages';
import type { PanelHost, SessionSpec } from './session';

export const RECORD_SHAPE_COMMAND = 'stellarKit.recordResponseShape';

const isMessage = (m: unknown): m is FromPanel => typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';

export class RunPanels implements vscode.Disposable {
  private readonly open = new Map<string, vscode.WebviewPanel>();

  constructor(
    private readonly ctx: Ctx,
    private readonly status: RunStatus,
    private readonly docs: ReadOnlyDocuments,
    private readonly telnyxBaseUrl: (agentUri: string) => string | undefined,
    /** Keeps the last run's curl command for *Copy Last Run as curl*. */
    private readonly lastCurl: (curl: string) => void,
  ) {}

  /** The flow's dependencies for a panel: the editor's prompts, but errors go to the panel, not to notifications. */
  async deps(): Promise<FlowDeps> {
    const ui = { ...editorUi(this.docs), error: () => undefined };
    return { ...(await flowBase(this.ctx, ui)), server: this.ctx.server, telnyxBaseUrl: this.telnyxBaseUrl };
  }

  /** Shows the panel of `target` (a new one, or the open one revealed). */
  async show(target: AgentActionRef, environment?: string): Promise<void> {
    const key = `${target.agentUri}#${target.actionIndex}`;
    const existing = this.open.get(key);
    if (existing) return existing.reveal(vscode.ViewColumn.Beside);
    const runner = loadRunner(this.ctx);
    const deps = await this.deps();
    const spec = await runner.sessionSpec(deps, target, environment);
    if ('error' in spec) return void vscode.window.showErrorMessage(spec.error);
    const media = vscode.Uri.joinPath(this.ctx.context.extensionUri, 'media');
    const panel = vscode.window.createWebviewPanel(
      'stellarKit.runPanel',
      `Run ${spec.label}`,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      { enableScripts: true, localResourceRoots: [media], enableFindWidget: true },
    );
    this.open.set(key, panel);
    const session = new runner.RunSession(deps, await this.host(panel, spec), spec);
    const webview = panel.webview;
    webview.html = panelHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'runPanel.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'runPanel.css')).toString(),
      title: `Run ${spec.label}`,
    });
    const received = webview.onDidReceiveMessage((m: unknown) => (isMessage(m) ? session.handle(m) : undefined));
    panel.onDidDispose(() => {
      received.dispose();
      session.dispose();
      this.open.delete(key);
    });
  }

  private async host(panel: vscode.WebviewPanel, spec: SessionSpec): Promise<PanelHost> {
    // The button shows only when another part of Stellar Kit registered the command.
    const canRecord = spec.shapeAction !== undefined && (await vscode.commands.getCommands(true)).includes(RECORD_SHAPE_COMMAND);
    return {
      post: (m) => void panel.webview.postMessage(m),
      copy: async (text, note) => {
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage(note);
      },
      showRaw: async (content, language) => {
        const doc = await vscode.workspace.openTextDocument({ content, language });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
      },
      // Set Secret with the name and environment given, as from a Secrets view row.
      updateSecret: async (ref) =>
        void (await vscode.commands.executeCommand('stellarKit.setSecret', { kind: 'secretEnv', secret: { name: ref.name }, env: ref.environment })),
      recordShape: canRecord ? async (args: RecordShapeArgs) => void (await vscode.commands.executeCommand(RECORD_SHAPE_COMMAND, args)) : undefined,
      drift: async (args) => (await this.ctx.server.responseDrift(args)) ?? undefined,
      ran: (env, what, status, curl) => {
        this.status.ran(env, what, status);
        if (curl !== undefined) this.lastCurl(curl);
      },
      store: this.ctx.context.workspaceState,
    };
  }

  dispose(): void {
    for (const p of this.open.values()) p.dispose();
  }
}
