/** The status bar item naming the environment of the last run (production stands out). */
import * as vscode from 'vscode';

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
