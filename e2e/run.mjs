#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end suite in a real VS Code (code-server in headless Chromium).
//   1. e2e/scripts/setup.sh: Debian packages and e2e/node_modules, skipped when already there;
//   2. npm run package: the .vsix the scenarios install (skip with --no-package to reuse stellar-kit.vsix);
//   3. tsc -p e2e: type-checks the scenarios and the @vscode/test-electron suite;
//   4. the scenarios (e2e/tests/*.test.ts), one at a time, under node:test.
// Arguments that are not options filter the scenario files by substring: `npm run test:e2e -- run-action`.
// Screenshots (and, for a failed step, code-server's and VS Code's logs) go to e2e/screenshots/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const e2e = path.dirname(fileURLToPath(import.meta.url));
const repo = path.dirname(e2e);
const args = process.argv.slice(2);
const filters = args.filter((a) => !a.startsWith('--'));
const timings = [];

function step(name, command, argv, options = {}) {
  const started = Date.now();
  process.stdout.write(`\n=== e2e: ${name}\n`);
  const r = spawnSync(command, argv, { cwd: repo, stdio: 'inherit', ...options });
  const seconds = (Date.now() - started) / 1000;
  timings.push([name, seconds]);
  if (r.status !== 0) {
    process.stderr.write(`e2e: ${name} failed (exit ${r.status ?? r.signal}) after ${seconds.toFixed(1)} s\n`);
    summary();
    process.exit(r.status || 1);
  }
}

function summary() {
  process.stdout.write('\n=== e2e timings\n');
  for (const [name, s] of timings) process.stdout.write(`  ${name.padEnd(28)} ${s.toFixed(1).padStart(6)} s\n`);
  process.stdout.write(
    `  ${'total'.padEnd(28)} ${timings
      .reduce((a, [, s]) => a + s, 0)
      .toFixed(1)
      .padStart(6)} s\n`,
  );
  // Start-up figures of the extension, measured by scenario 1 (e2e/lib/timings.ts).
  const startup = path.join(e2e, 'screenshots', 'timings.json');
  if (existsSync(startup)) {
    const t = JSON.parse(readFileSync(startup, 'utf8'));
    process.stdout.write('\n=== extension start-up (scenario 1)\n');
    process.stdout.write(`  activation (activate() to client ready)      ${String(t.activationMs).padStart(6)} ms\n`);
    process.stdout.write(`  first diagnostics after activation (host)    ${String(t.firstDiagnosticsAfterActivationMs ?? '?').padStart(6)} ms\n`);
    process.stdout.write(`  first diagnostics (workbench URL to screen)  ${String(t.firstDiagnosticsMs).padStart(6)} ms\n`);
    if (t.runnerLoadMs !== undefined) process.stdout.write(`  first run: loading dist/runner.js (scenario 4) ${String(t.runnerLoadMs).padStart(5)} ms\n`);
  }
}

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
step('setup', 'bash', [path.join(e2e, 'scripts', 'setup.sh')]);
if (!args.includes('--no-package') || !existsSync(path.join(repo, 'stellar-kit.vsix'))) step('package', npm, ['run', '--silent', 'package']);
step('type-check e2e', process.execPath, [path.join(repo, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'e2e', '--noEmit']);

const files = readdirSync(path.join(e2e, 'tests'))
  .filter((f) => f.endsWith('.test.ts') && (filters.length === 0 || filters.some((x) => f.includes(x))))
  .sort()
  .map((f) => path.join('e2e', 'tests', f));
if (files.length === 0) {
  process.stderr.write(`e2e: no scenario matches ${filters.join(' ')}\n`);
  process.exit(2);
}
const shots = path.join(e2e, 'screenshots');
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
// One scenario at a time: each runs its own code-server and Chromium, and two cores are not enough for more.
step(`scenarios (${files.length})`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files]);
summary();
process.stdout.write(`Screenshots: ${path.relative(repo, shots)}/\n`);
