/** The status bar item naming the environment of the last run (production stands out), and the language status item. */
import * as vscode from 'vscode';
import type { WorkspaceStatus } from '../../server/src/protocol';
import { statusText } from './statusText';

export class RunStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('stellarKit.lastRun', vscode.StatusBarAlignment.Left, 10);

  constructor() {
    this.item.name = 'Stellar Kit: last run';
    this.item.command = 'stellarKit.runAction';
  }

  ran(environment: string, label: string, status: number | string): void {
    this.item.text = `$(play) Stellar: ${environment}`;
    this.item.tooltip = `Last run: ${label} in ${environment} → ${status}. Click to run an action.`;
    this.item.backgroundColor = environment === 'production' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * The language status item of Stellar files ("Stellar: 33 files · 1 error"), and the `stellarKit.empty`
 * context key that shows the views' welcome content: both from the server's counts (stellarKit/workspaceStatus),
 * asked again after every index change and whenever diagnostics change (a severity setting changed).
 */
export class WorkspaceStatusItem implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('stellarKit.workspace', { language: 'stellar-yaml' });
  private timer: NodeJS.Timeout | undefined;
  private readonly listener: vscode.Disposable;

  constructor(private readonly ask: () => Promise<WorkspaceStatus>) {
    this.item.name = 'Stellar Kit: workspace';
    this.item.text = 'Stellar: indexing…';
    this.item.busy = true;
    this.item.command = { title: 'Problems', command: 'workbench.actions.view.problems', tooltip: 'Show the findings in the Problems panel' };
    this.listener = vscode.languages.onDidChangeDiagnostics(() => this.update());
  }

  /** Debounced: diagnostics arrive file by file. */
  update(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), 200);
  }

  async refresh(): Promise<void> {
    let s: WorkspaceStatus;
    try {
      s = await this.ask();
    } catch {
      return; // the server is restarting: its next index change asks again
    }
    this.item.busy = s.indexing;
    this.item.text = `Stellar: ${statusText(s)}`;
    this.item.detail = s.indexing ? 'indexing…' : s.information ? `${s.information} information` : undefined;
    this.item.severity = s.errors
      ? vscode.LanguageStatusSeverity.Error
      : s.warnings
        ? vscode.LanguageStatusSeverity.Warning
        : vscode.LanguageStatusSeverity.Information;
    if (!s.indexing) void vscode.commands.executeCommand('setContext', 'stellarKit.empty', s.files === 0);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.listener.dispose();
    this.item.dispose();
  }
}
