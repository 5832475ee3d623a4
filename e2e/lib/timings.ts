/**
 * Start-up figures of the extension in code-server: activation (activate() to the language client ready) and
 * first diagnostics, as the extension logs them to its output channel (client/src/timing.ts), read from VS
 * Code's log files; plus what the scenario measured on screen. Printed, and written to
 * e2e/screenshots/timings.json (npm run test:e2e prints it again at the end). Figures, never assertions.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SCREENSHOTS } from './paths';
import { until } from './until';

export interface StartupTimings {
  /** activate() to the language client ready, in the extension host. */
  activationMs: number;
  /** activate() to the first diagnostics the client received, in the extension host. */
  firstDiagnosticsAfterActivationMs?: number;
  /** Loading the workbench URL to the example's findings counted in the status bar, in the page. */
  firstDiagnosticsMs: number;
}

export const TIMINGS_FILE = path.join(SCREENSHOTS, 'timings.json');

function outputLogs(logsDir: string): string[] {
  const files: string[] = [];
  if (!existsSync(logsDir)) return files;
  (function walk(d: string) {
    for (const e of readdirSync(d)) {
      const f = path.join(d, e);
      if (statSync(f).isDirectory()) walk(f);
      else if (/Stellar Kit\.log$/.test(e)) files.push(f);
    }
  })(logsDir);
  return files;
}

/** Waits for the extension's activation line in the Stellar Kit output channel's log under `userDataDir`. */
export async function extensionTimings(userDataDir: string): Promise<{ activationMs: number; firstDiagnosticsAfterActivationMs?: number }> {
  const logs = path.join(userDataDir, 'logs');
  return until('the activation line in the Stellar Kit output channel log', () => {
    const text = outputLogs(logs).map((f) => readFileSync(f, 'utf8')).join('\n');
    const activated = /Stellar Kit activated in (\d+) ms \(client ready\)/.exec(text);
    if (!activated) return undefined;
    const diagnostics = /Stellar Kit: first diagnostics (\d+) ms after activation started/.exec(text);
    return { activationMs: Number(activated[1]), firstDiagnosticsAfterActivationMs: diagnostics ? Number(diagnostics[1]) : undefined };
  }, 20_000, 250);
}

export function recordTimings(t: StartupTimings): void {
  writeFileSync(TIMINGS_FILE, JSON.stringify(t, null, 2) + '\n');
  process.stdout.write([
    'e2e timings:',
    `  activation (activate() to client ready):            ${t.activationMs} ms`,
    `  first diagnostics after activation (extension host): ${t.firstDiagnosticsAfterActivationMs ?? '?'} ms`,
    `  first diagnostics (workbench URL to status bar):     ${t.firstDiagnosticsMs} ms`,
    '',
  ].join('\n'));
}
