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

/** What the Stellar Kit output channel holds so far, from its log file(s) under `userDataDir`. */
export function stellarKitLog(userDataDir: string): string {
  return outputLogs(path.join(userDataDir, 'logs'))
    .map((f) => readFileSync(f, 'utf8'))
    .join('\n');
}

/** The line the extension logs when it loads dist/runner.js (client/src/run/loadRunner.ts). */
export const RUNNER_LOADED = /Stellar Kit: loaded the runner \(dist\/runner\.js\) in (\d+) ms/;

/** The times of every loading of dist/runner.js the output channel logged so far (at most one is expected). */
export function runnerLoads(userDataDir: string): number[] {
  return [...stellarKitLog(userDataDir).matchAll(new RegExp(RUNNER_LOADED, 'g'))].map((m) => Number(m[1]));
}

/** Waits for the extension's activation line in the Stellar Kit output channel's log under `userDataDir`. */
export async function extensionTimings(userDataDir: string): Promise<{ activationMs: number; firstDiagnosticsAfterActivationMs?: number }> {
  return until(
    'the activation line in the Stellar Kit output channel log',
    () => {
      const text = stellarKitLog(userDataDir);
      const activated = /Stellar Kit activated in (\d+) ms \(client ready\)/.exec(text);
      if (!activated) return undefined;
      const diagnostics = /Stellar Kit: first diagnostics (\d+) ms after activation started/.exec(text);
      return { activationMs: Number(activated[1]), firstDiagnosticsAfterActivationMs: diagnostics ? Number(diagnostics[1]) : undefined };
    },
    20_000,
    250,
  );
}

/** Adds the first run's loading of dist/runner.js (scenario 4) to timings.json. */
export function recordRunnerLoad(runnerLoadMs: number): void {
  const t = existsSync(TIMINGS_FILE) ? JSON.parse(readFileSync(TIMINGS_FILE, 'utf8')) : {};
  writeFileSync(TIMINGS_FILE, JSON.stringify({ ...t, runnerLoadMs }, null, 2) + '\n');
  process.stdout.write(`e2e timings: first run loaded dist/runner.js in ${runnerLoadMs} ms\n`);
}

export function recordTimings(t: StartupTimings): void {
  writeFileSync(TIMINGS_FILE, JSON.stringify(t, null, 2) + '\n');
  process.stdout.write(
    [
      'e2e timings:',
      `  activation (activate() to client ready):            ${t.activationMs} ms`,
      `  first diagnostics after activation (extension host): ${t.firstDiagnosticsAfterActivationMs ?? '?'} ms`,
      `  first diagnostics (workbench URL to status bar):     ${t.firstDiagnosticsMs} ms`,
      '',
    ].join('\n'),
  );
}
