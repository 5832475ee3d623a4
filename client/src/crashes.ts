/**
 * When the client restarts a crashed language server: after each crash, until the MAX_CRASHES-th within
 * CRASH_WINDOW_MS; then it stops and says so (VS Code's own default allows 4 in 3 minutes, silently).
 * Pure, so it is tested without the vscode API; client.ts shows the messages.
 */
export const MAX_CRASHES = 5;
export const CRASH_WINDOW_MS = 3 * 60_000;

export interface CrashVerdict {
  restart: boolean;
  /** Crashes within the window, this one included. */
  count: number;
  message: string;
}

export class CrashPolicy {
  private times: number[] = [];

  constructor(
    private readonly now: () => number = Date.now,
    readonly max = MAX_CRASHES,
    readonly windowMs = CRASH_WINDOW_MS,
  ) {}

  /** Records a crash and says whether to restart the server. */
  crashed(): CrashVerdict {
    const t = this.now();
    this.times = this.times.filter((x) => t - x < this.windowMs);
    this.times.push(t);
    const count = this.times.length;
    const minutes = Math.round(this.windowMs / 60_000);
    const restart = count < this.max;
    const message = restart
      ? `The Stellar Kit language server stopped unexpectedly (${count} ${count === 1 ? 'time' : 'times'} in the last ${minutes} minutes) and was restarted.`
      : `The Stellar Kit language server stopped unexpectedly ${count} times in the last ${minutes} minutes and will not be restarted. Show the log for the cause, then restart the server.`;
    return { restart, count, message };
  }

  /** A restart asked by the user starts the count afresh. */
  reset(): void {
    this.times = [];
  }
}
