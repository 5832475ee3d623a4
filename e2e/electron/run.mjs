#!/usr/bin/env node
// `npm run test:electron`: installs @vscode/test-electron into e2e/ when it is missing (without install scripts:
// the desktop run needs neither code-server's native modules nor Debian's Chromium), then runs runTest.ts.
// On Linux without a display, run it under xvfb-run.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const e2e = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.dirname(e2e);
const run = (cmd, args, cwd) => {
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
};
if (!existsSync(path.join(e2e, 'node_modules', '@vscode', 'test-electron'))) {
  run('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save'], e2e);
}
run(process.execPath, ['--import', 'tsx', path.join(e2e, 'electron', 'runTest.ts')], repo);
