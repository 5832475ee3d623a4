/**
 * Loads dist/runner.js (run/runner.ts) on the first run or discovery. The path is computed at run time, so
 * esbuild leaves this `require` alone and dist/client.js holds none of the runner (test/package.test.ts checks);
 * only types cross at build time. The first load is logged with its time (the e2e suite checks that activation
 * does not load it).
 */
import type * as vscode from 'vscode';
import type * as Runner from './runner';

/** Where esbuild.mjs writes the runner bundle, relative to the extension's folder. */
export const RUNNER_BUNDLE = 'dist/runner.js';

let runner: typeof Runner | undefined;

export function loadRunner(ctx: { context: vscode.ExtensionContext; output: vscode.OutputChannel }): typeof Runner {
  if (!runner) {
    const started = performance.now();
    runner = require(ctx.context.asAbsolutePath(RUNNER_BUNDLE)) as typeof Runner;
    ctx.output.appendLine(`Stellar Kit: loaded the runner (${RUNNER_BUNDLE}) in ${Math.round(performance.now() - started)} ms`);
  }
  return runner;
}
