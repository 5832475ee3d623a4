/**
 * How long activation takes: from activate() to the language client being ready, and to the first findings
 * the server publishes. Logged to the Stellar Kit output channel, whose log file the e2e suite reads
 * (e2e/tests/1-problems.test.ts) and anyone can look at.
 */
import type * as vscode from 'vscode';

export class ActivationTimer {
  private sawDiagnostics = false;

  /** `started`: performance.now() on entering activate(). */
  constructor(
    private readonly output: vscode.OutputChannel,
    private readonly started: number,
  ) {}

  private ms(): number {
    return Math.round(performance.now() - this.started);
  }

  clientReady(): void {
    this.output.appendLine(`Stellar Kit activated in ${this.ms()} ms (client ready)`);
  }

  /** Called with every diagnostics notification; logs the first that has findings. */
  diagnostics(count: number): void {
    if (this.sawDiagnostics || count === 0) return;
    this.sawDiagnostics = true;
    this.output.appendLine(`Stellar Kit: first diagnostics ${this.ms()} ms after activation started`);
  }
}
