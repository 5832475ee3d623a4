/**
 * Loads dist/runner.js (run/runner.ts) on the first run or discovery. The path is computed at run time, so
 * esbuild leaves this `require` alone and dist/client.js holds none of the runner (test/package.test.ts checks);
 * only types cross at build time.
 */
import type * as vscode from 'vscode';
import type * as Runner from './runner';

/** Where esbuild.mjs writes the runner bundle, relative to the extension's folder. */
export const RUNNER_BUNDLE = 'dist/runner.js';

let runner: typeof Runner | undefined;

export function loadRunner(context: vscode.ExtensionContext): typeof Runner {
  runner ??= require(context.asAbsolutePath(RUNNER_BUNDLE)) as typeof Runner;
  return runner;
}
