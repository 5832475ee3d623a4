// What the modules of bench/hostile/ share: one hostile class (test/hostile/inputs.ts) measured through the core
// and through the language server, printed as ONE JSON line on stdout (the format bench/hostile.ts reads).
//
// Core: a fresh WorkspaceIndex takes every file of the workspace (the hostile file and a witness) and answers
// allFindings(); time, the process's peak RSS and its RSS before the work, the hostile file's finding count.
// LSP: dist/server.js over stdio on the same files. Time from `initialized` to the hostile file's diagnostics;
// then the file is opened and edited (one keystroke), and while it is re-checked a hover on the small witness
// file is sent every few ms: the longest wait for one of them is the longest blocking of the server. Then the
// outline of the hostile file (documentSymbol) and the server's peak RSS (VmHWM). Every wait is bounded.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { classNamed, workspaceOf, WITNESS, type HostileFile } from '../test/hostile/inputs';
import { BenchClient } from './lsp/client';

const ROOT = path.dirname(__dirname);
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
const mb = (kb: number) => Math.round(kb / 102.4) / 10;
const uriOf = (p: string) => URI.file(p).toString();

export interface HostileResult {
  class: string;
  ms: number;
  peakRssMB: number;
  findings: number;
  note: string;
  [more: string]: unknown;
}

function writeWorkspace(files: HostileFile[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'stellar-hostile-'));
  for (const f of files) {
    mkdirSync(path.dirname(path.join(dir, f.path)), { recursive: true });
    writeFileSync(path.join(dir, f.path), f.text);
  }
  return dir;
}

function core(dir: string, files: HostileFile[]): { ms: number; findings: number; witnessOk: boolean; related: number } {
  const index = new WorkspaceIndex(uriOf(dir));
  const t0 = performance.now();
  for (const f of files) index.setFile(uriOf(path.join(dir, f.path)), f.text);
  const all = index.allFindings();
  const ms = performance.now() - t0;
  const hostile = uriOf(path.join(dir, files[0].path));
  const witness = uriOf(path.join(dir, WITNESS.path));
  let findings = 0;
  let related = 0;
  for (const f of all)
    if (f.uri === hostile) {
      findings++;
      related = Math.max(related, f.related.length);
    }
  return { ms, findings, related, witnessOk: all.some((f) => f.uri === witness && f.code === 'SK030') };
}

function vmHwmKB(pid: number | undefined): number | undefined {
  try {
    return Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  } catch {
    return undefined;
  }
}

function countSymbols(list: { children?: unknown[] }[] | null | undefined): number {
  let n = 0;
  for (const s of list ?? []) n += 1 + countSymbols(s.children as { children?: unknown[] }[] | undefined);
  return n;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The server's peak RSS on the witness alone: what the hostile file adds is measured against it. */
async function lspBaseline(dir: string, timeoutMs: number): Promise<number | undefined> {
  const client = new BenchClient(process.execPath, [SERVER_JS, '--stdio'], { settings: {} });
  try {
    await client.initialize(uriOf(dir), 'witness', timeoutMs);
    await client.nextDiagnostics(uriOf(path.join(dir, WITNESS.path)), () => true, timeoutMs);
    return vmHwmKB(client.proc.pid);
  } finally {
    await client.stop(2_000);
  }
}

async function lsp(dir: string, files: HostileFile[], timeoutMs: number): Promise<Record<string, unknown>> {
  const client = new BenchClient(process.execPath, [SERVER_JS, '--stdio'], { settings: {} });
  const hostile = uriOf(path.join(dir, files[0].path));
  const witness = uriOf(path.join(dir, WITNESS.path));
  try {
    const t0 = performance.now();
    await client.initialize(uriOf(dir), 'hostile', timeoutMs);
    const first = await client.nextDiagnostics(hostile, () => true, timeoutMs);
    const lspMs = first.at - t0;
    const witnessOk = await client
      .waitFor(() => client.diagnostics.get(witness), 'the witness', timeoutMs)
      .then(
        (p) => p.diagnostics.some((d) => d.code === 'SK030'),
        () => false,
      );

    // One keystroke in the open hostile file, and hovers on the witness while it is re-checked.
    const text = files[0].text;
    await client.open(hostile, text, 1);
    await client.nextDiagnostics(hostile, (p) => p.version === 1, timeoutMs);
    const lines = text.split('\n').length - 1;
    const t1 = performance.now();
    await client.change(hostile, 2, [{ range: { start: { line: lines, character: 0 }, end: { line: lines, character: 0 } }, text: '#' }]);
    let edited: number | undefined;
    const republished = client
      .nextDiagnostics(hostile, (p) => p.version === 2, timeoutMs)
      .then((p) => {
        edited = p.at - t1;
      });
    let maxBlockMs = 0;
    let pings = 0;
    const until = performance.now() + timeoutMs;
    // Until the new version is published, and at least 600 ms (past the debounce).
    while ((edited === undefined || performance.now() - t1 < 600) && performance.now() < until) {
      const s = performance.now();
      await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: witness }, position: { line: 1, character: 2 } });
      maxBlockMs = Math.max(maxBlockMs, performance.now() - s);
      pings++;
      await sleep(5);
    }
    await republished;
    const checkedPeak = vmHwmKB(client.proc.pid); // before the outline: its parse is on the main thread
    const s = performance.now();
    const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri: hostile } })) as { children?: unknown[] }[];
    const outlineMs = performance.now() - s;
    const peak = vmHwmKB(client.proc.pid);
    return {
      lspMs: Math.round(lspMs),
      lspEditMs: Math.round(edited ?? NaN),
      lspMaxBlockMs: Math.round(maxBlockMs * 10) / 10,
      pings,
      lspCheckRssMB: checkedPeak === undefined ? undefined : mb(checkedPeak),
      lspPeakRssMB: peak === undefined ? undefined : mb(peak),
      lspFindings: first.diagnostics.length,
      maxRelated: Math.max(0, ...first.diagnostics.map((d) => d.relatedInformation?.length ?? 0)),
      symbols: countSymbols(symbols),
      outlineMs: Math.round(outlineMs),
      lspWitnessOk: witnessOk,
    };
  } finally {
    await client.stop(2_000);
  }
}

/** Runs one class (its size from `--n`, default the class's) and prints its JSON line. */
export async function runClass(name: string): Promise<void> {
  const c = classNamed(name);
  const i = process.argv.indexOf('--n');
  const n = i > 0 ? Number(process.argv[i + 1]) : c.n;
  const timeoutMs = Number(process.env.HOSTILE_TIMEOUT_MS ?? 60_000);
  const files = workspaceOf(c, n);
  const dir = writeWorkspace(files);
  const baseKB = process.resourceUsage().maxRSS;
  try {
    const cpu0 = process.cpuUsage();
    const r = core(dir, files);
    const cpu = process.cpuUsage(cpu0);
    const peakKB = process.resourceUsage().maxRSS;
    const result: HostileResult = {
      class: name,
      ms: Math.round(r.ms),
      peakRssMB: mb(peakKB),
      findings: r.findings,
      cpuMs: Math.round((cpu.user + cpu.system) / 1000),
      note: `n=${n}, ${Math.round(files[0].text.length / 1024)} KB${r.witnessOk ? '' : ', WITNESS NOT CHECKED'}`,
      baseRssMB: mb(baseKB),
      maxRelatedCore: r.related,
    };
    if (!process.argv.includes('--core-only')) {
      const witnessOnly = writeWorkspace([WITNESS]);
      try {
        const base = await lspBaseline(witnessOnly, timeoutMs);
        Object.assign(result, { lspBaseRssMB: base === undefined ? undefined : mb(base) }, await lsp(dir, files, timeoutMs));
      } finally {
        rmSync(witnessOnly, { recursive: true, force: true });
      }
    }
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
