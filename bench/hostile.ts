// Hostile-input benchmark: `npm run bench:hostile [-- --only a,b] [--timeout 60]`.
//
// Runs every module of bench/hostile/*.ts in its own child process (so the peak RSS is per class), each with a
// timeout, and prints one row per module. A module is a standalone script that does its workload and prints ONE
// JSON line on stdout: {"class", "ms", "peakRssMB", "findings", "note", ...}; any further numeric or boolean
// fields (the LSP figures of bench/hostile-lib.ts, for example) are shown too. A module that runs past the timeout
// is reported as "timeout", one that exits without its line as "crash". Prints figures only: nothing fails on a timing.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { arg } from './common';

const DIR = path.join(__dirname, 'hostile');
const timeoutS = Number(arg('timeout', '60'));
const only = arg('only')?.split(',');

interface Row {
  module: string;
  status: 'ok' | 'timeout' | 'crash';
  wallMs: number;
  line?: Record<string, unknown>;
  detail?: string;
}

function runModule(file: string): Promise<Row> {
  const module = path.basename(file, '.ts');
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...process.argv.slice(2).filter((a) => a === '--core-only')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOSTILE_TIMEOUT_MS: String(timeoutS * 1000) },
      detached: true,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      if (err.length < 4000) err += d;
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutS * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      const last = out.trim().split('\n').pop() ?? '';
      let line: Record<string, unknown> | undefined;
      try {
        line = JSON.parse(last);
      } catch {
        line = undefined;
      }
      if (timedOut) resolve({ module, status: 'timeout', wallMs, line });
      else if (!line || code !== 0)
        resolve({ module, status: 'crash', wallMs, line, detail: `exit ${code ?? signal}: ${err.trim().split('\n').slice(-3).join(' | ')}` });
      else resolve({ module, status: 'ok', wallMs, line });
    });
  });
}

const fmt = (v: unknown) => (v === undefined || v === null ? '' : typeof v === 'number' ? (Number.isNaN(v) ? 'n/a' : v.toLocaleString('en-US')) : String(v));

async function main(): Promise<void> {
  const modules = readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    .sort()
    .filter((f) => !only || only.includes(path.basename(f, '.ts')));
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ');
  console.log(
    `hostile inputs: ${modules.length} modules, ${timeoutS} s timeout each, node ${process.version}, load average ${load()} on ${os.cpus().length} cores`,
  );
  const rows: Row[] = [];
  for (const m of modules) {
    const row = await runModule(path.join(DIR, m));
    rows.push(row);
    console.log(`  ${row.module}: ${row.status}${row.detail ? ` (${row.detail})` : ''}`);
  }
  const base = ['class', 'ms', 'peakRssMB', 'findings'];
  const extra: string[] = [];
  for (const r of rows)
    for (const [k, v] of Object.entries(r.line ?? {})) if (!base.includes(k) && k !== 'note' && !extra.includes(k) && typeof v !== 'string') extra.push(k);
  const header = [...base, ...extra, 'note'];
  const table = rows.map((r) =>
    r.status === 'ok'
      ? header.map((h) => fmt(r.line![h]))
      : [(r.line?.class as string) ?? r.module, r.status, '', '', ...extra.map(() => ''), `after ${Math.round(r.wallMs)} ms`],
  );
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i].length)));
  console.log('');
  console.log(header.map((h, i) => h.padEnd(widths[i])).join('  '));
  for (const t of table) console.log(t.map((c, i) => (i === 0 || i === t.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  '));
  console.log(`\nload average at the end: ${load()}. Wall times grow with the load; cpuMs is the core's CPU time.`);
  console.log(
    "ms: core time to findings; lspMs: initialized → the hostile file's diagnostics; lspEditMs: one keystroke →" +
      ' its new diagnostics (150 ms debounce included); lspMaxBlockMs: longest wait for a hover on a small file meanwhile;' +
      ' peak RSS per process (core: the bench process, baseRssMB before the work; lsp: the server).',
  );
}

void main();
