#!/usr/bin/env node
// The demo behind `npm start`: checks the example workspace, then runs one of its actions against the bundled
// demo API (examples/acme-support/demo-api). The committed example is never modified: the run uses a temporary
// copy whose development URLs point at the demo API's ephemeral port. Needs `npm run build` first (dist/cli.js).
// Exit 0 when the check exits 0 or 1 (it reports two deliberate findings) and the run exits 0; else 1.
// Everything is killed after 30 s.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SECRETS } from '../examples/acme-support/demo-api/demo-secrets.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(repo, 'examples', 'acme-support');
const cli = path.join(repo, 'dist', 'cli.js');
const serverScript = path.join(example, 'demo-api', 'server.mjs');
const DEV_ORIGIN = 'http://127.0.0.1:4010';
const TARGET = 'billing-support/lookup_invoice';
const PARAMS = ['invoice_number=INV-204518'];
const DEADLINE_MS = 30_000;

const children = new Set();
let tmp;
let server;

function cleanup() {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  children.clear();
  if (tmp) { rmSync(tmp, { recursive: true, force: true }); tmp = undefined; }
}

const deadline = setTimeout(() => {
  process.stderr.write(`\ndemo: still running after ${DEADLINE_MS / 1000} s: stopped.\n`);
  cleanup();
  process.exit(1);
}, DEADLINE_MS);
deadline.unref();

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });

/** The environment of the CLI: no inherited Stellar secrets, the demo secrets for development only. */
function cliEnv() {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('STELLAR_SECRET_')) env[k] = v;
  for (const [name, value] of Object.entries(DEMO_SECRETS)) env[`STELLAR_SECRET_${name}_DEVELOPMENT`] = value;
  env.NO_COLOR = '1';
  return env;
}

/** Runs a command, streaming its output; resolves with the exit code. */
function run(args, env = process.env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repo, env, stdio: ['ignore', 'inherit', 'inherit'] });
    children.add(child);
    child.on('error', (e) => { process.stderr.write(`demo: ${e.message}\n`); resolve(-1); });
    child.on('close', (code, signal) => { children.delete(child); resolve(code ?? (signal ? -1 : 0)); });
  });
}

/** Starts the demo API on a free port; resolves with the port. */
function startServer() {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverScript, '--port', '0'], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    server = child;
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m) { process.stdout.write(out); out = ''; resolve(Number(m[1])); }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => process.stdout.write(d.replace(/^/gm, '  ').replace(/ {2}$/, '')));
    child.on('error', reject);
    child.on('close', (code) => { children.delete(child); reject(new Error(`the demo API exited (${code}) before listening`)); });
  });
}

function stopServer() {
  return new Promise((resolve) => {
    if (!server || server.exitCode !== null || server.signalCode !== null) { resolve(); return; }
    const kill = setTimeout(() => server.kill('SIGKILL'), 2000);
    server.once('close', () => { clearTimeout(kill); resolve(); });
    server.kill('SIGTERM');
  });
}

/** A temporary copy of the example whose development URLs point at the demo API on `port`. */
function workspaceCopy(port) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stellar-demo-'));
  cpSync(example, dir, { recursive: true, filter: (src) => path.basename(src) !== 'demo-api' });
  const origin = `http://127.0.0.1:${port}`;
  let rewritten = 0;
  (function walk(d) {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) { walk(full); continue; }
      if (!/\.(integration|auth)\.yaml$/.test(e.name)) continue;
      const text = readFileSync(full, 'utf8');
      if (!text.includes(DEV_ORIGIN)) continue;
      writeFileSync(full, text.split(DEV_ORIGIN).join(origin));
      rewritten++;
    }
  })(dir);
  return { dir, rewritten };
}

const heading = (s) => process.stdout.write(`\n=== ${s}\n\n`);

async function main() {
  if (!existsSync(cli)) {
    process.stderr.write('demo: dist/cli.js is missing: run `npm run build` first.\n');
    return 2;
  }

  heading('1. stellar-kit check examples/acme-support (two deliberate findings: SK012 and SK013)');
  const checkCode = await run([cli, 'check', path.relative(repo, example), '--fail-on', 'none']);
  const checkOk = checkCode === 0 || checkCode === 1;
  process.stdout.write(`\n(check exited ${checkCode}${checkOk ? '' : ': unexpected'})\n`);

  heading('2. stellar-kit run against the demo API');
  let runCode = -1;
  try {
    const port = await startServer();
    const copy = workspaceCopy(port);
    tmp = copy.dir;
    process.stdout.write(`Temporary copy of the workspace with its development URLs on port ${port} (${copy.rewritten} files changed).\n`);
    process.stdout.write(`Secrets: the demo values of demo-api/demo-secrets.mjs, as STELLAR_SECRET_<NAME>_DEVELOPMENT.\n\n`);
    const args = ['run', TARGET, '--env', 'development', ...PARAMS.flatMap((p) => ['--param', p])];
    process.stdout.write(`$ stellar-kit ${args.join(' ')}\n\n`);
    runCode = await run([cli, ...args, '--folder', tmp], cliEnv());
    process.stdout.write(`\n(run exited ${runCode})\n`);
  } catch (e) {
    process.stderr.write(`demo: ${e.message}\n`);
  } finally {
    await stopServer();
    cleanup();
  }

  const ok = checkOk && runCode === 0;
  process.stdout.write(`\n${ok ? 'Demo finished.' : 'Demo FAILED.'}\n`);
  return ok ? 0 : 1;
}

main().then((code) => { clearTimeout(deadline); process.exitCode = code; }, (e) => {
  process.stderr.write(`demo: ${e?.stack ?? e}\n`);
  cleanup();
  process.exitCode = 1;
});
