// Benchmark of the Stellar Kit core: `node --import tsx bench/check.ts [--files 2000|10000]`.
//
// Options: --files N (default 2000)  --runs N (default 3)  --edits N (default 200)  --seed N (edit choice, default 1)
//          --regen (regenerate the workspace)  --no-cli (skip the CLI timing)  --profile (also CPU-profile a cold check)
//          --json FILE (also write the figures as JSON)
//          --experiment yaml-browser (bundle the core with yaml's browser build, which has no process.env lookup per
//          token: measures a suggested fix; the figures are then NOT those of the shipped core)
// Prints figures only: no assertion fails on a timing. Targets are shown next to the figures as PASS / MISS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, openSync, closeSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as esbuild from 'esbuild';
import type { ColdResult, EditKind, IncrementalResult } from './child';
import { EDIT_MIX } from './child';
import { arg, ensureWorkspace, flag, GEN_SEED, int, ms, percentile } from './common';
import { summarizeProfile } from './profile';

const BENCH = __dirname;
const ROOT = path.dirname(BENCH);
const WORK = path.join(BENCH, '.work');

const TARGETS = { coldMs: 1500, coldFiles: 2000, incrementalP95Ms: 30, rssMB: 150 };

const files = Number(arg('files', '2000'));
const runs = Number(arg('runs', '3'));
const edits = Number(arg('edits', '200'));
const editSeed = Number(arg('seed', '1'));
const experiment = arg('experiment');
if (experiment !== undefined && experiment !== 'yaml-browser') throw new Error(`unknown --experiment '${experiment}' (known: yaml-browser)`);

// ---------------------------------------------------------------------------------------------------------
// Formatting

const verdict = (ok: boolean) => (ok ? 'PASS' : 'MISS');
const row = (label: string, value: string, extra = '') => console.log(`  ${label.padEnd(54)}${value.padStart(12)}${extra ? `   ${extra}` : ''}`);

// ---------------------------------------------------------------------------------------------------------
// Steps

async function bundleChild(): Promise<string> {
  mkdirSync(WORK, { recursive: true });
  const outfile = path.join(WORK, experiment ? `child-${experiment}.cjs` : 'child.cjs');
  const alias: Record<string, string> = experiment === 'yaml-browser' ? { yaml: path.join(ROOT, 'node_modules/yaml/browser/index.js') } : {};
  // Bundled like the shipped CLI (esbuild, cjs, node20), but not minified so profiles keep function names.
  await esbuild.build({
    entryPoints: [path.join(BENCH, 'child.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    minify: false,
    sourcemap: false,
    logLevel: 'warning',
    legalComments: 'none',
    alias,
  });
  return outfile;
}

function runChild<T>(child: string, args: string[], nodeArgs: string[] = []): T {
  const r = spawnSync(process.execPath, [...nodeArgs, child, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`benchmark child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function runCli(args: string[]): { ms: number; rssMB: number | undefined; status: number | null } {
  const cli = path.join(ROOT, 'dist', 'cli.js');
  const preload = path.join(BENCH, 'rss-preload.cjs');
  const devNull = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['--require', preload, cli, ...args], { cwd: ROOT, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    const elapsed = performance.now() - t0;
    const m = /__BENCH_MAXRSS_KB=(\d+)/.exec(r.stderr ?? '');
    if (r.status !== 0 && r.status !== 1) throw new Error(`CLI failed (${r.status}): ${r.stderr}`);
    return { ms: elapsed, rssMB: m ? Math.round(Number(m[1]) / 102.4) / 10 : undefined, status: r.status };
  } finally {
    closeSync(devNull);
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const { dir, meta } = await ensureWorkspace(files, flag('regen'));
  const child = await bundleChild();
  const c = meta.counts;
  const results: Record<string, unknown> = {
    files,
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
  };

  console.log(`\nStellar Kit core benchmark: ${int(files)} files (${path.relative(process.cwd(), dir)}, generator seed ${GEN_SEED})`);
  if (experiment) console.log(`EXPERIMENT ${experiment}: the core is bundled differently from the shipped CLI; the CLI figures are unaffected.`);
  const load = () =>
    os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ');
  console.log(
    `node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} CPU ${os.cpus()[0]?.model ?? ''}, load average ${load()} (other work on the machine skews wall times)`,
  );
  console.log(
    `Workspace: 1 stellar.yaml, ${c.customApi} custom-api + ${c.mcpServer} mcp-server (+${c.toolsLock} tools locks) + ${c.messagingChannel} messaging-channel integrations,` +
      ` ${c.auth} auth connectors, ${int(c.sharedActions)} shared actions, ${int(c.agents)} agents (${int(c.bindings)} bindings, ${int(c.toolBindings)} MCP tool bindings,` +
      ` ${int(c.agentSpecificActions)} agent-specific actions), ${int(c.agentLocks)} agent locks; most linked shared action: ${meta.linkersPerAction.max} agents`,
  );

  // Cold check, fresh processes.
  const colds: ColdResult[] = [];
  for (let r = 0; r < runs; r++) colds.push(runChild<ColdResult>(child, ['cold', dir], ['--expose-gc']));
  const best = [...colds].sort((a, b) => a.totalMs - b.totalMs)[0];
  const peakRss = Math.max(...colds.map((x) => x.maxRssMB));
  results.cold = { runs: colds, best };

  const expected = Object.values(meta.expectedFindings as Record<string, number>).reduce((a, b) => a + b, 0);
  const codes = Object.entries(best.byCode)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  console.log(`\nFiles checked: ${int(best.files)}    Findings: ${int(best.findings)} (${codes || 'none'})`);
  console.log(
    `  deliberate problems: ${meta.problems.moved.length} moved, ${meta.problems.deleted.length} deleted, ${meta.problems.changedShape.length} changed shape, ` +
      `${meta.problems.undeclaredSecret.length} undeclared secret -> ${expected} findings expected: ${best.findings === expected ? 'as expected' : 'DIFFERENT (see the code counts)'}`,
  );

  const coldTargetApplies = files === TARGETS.coldFiles;
  console.log(`\nCold check (read all files + index + all findings, like the CLI), best of ${runs} fresh processes`);
  row(
    'total',
    ms(best.totalMs),
    coldTargetApplies
      ? `target <= ${int(TARGETS.coldMs)} ms: ${verdict(best.totalMs <= TARGETS.coldMs)}`
      : `(target <= ${int(TARGETS.coldMs)} ms is for ${int(TARGETS.coldFiles)} files; not applied)`,
  );
  row('  list files', ms(best.listMs));
  row('  read files', ms(best.readMs));
  row('  index: setFile of every file (parse, schema, rules)', ms(best.indexMs));
  row('  allFindings (cross-file rules, sort)', ms(best.findingsMs));
  row('in-memory part (index + allFindings)', ms(best.inMemoryMs));
  row('per file', ms(best.totalMs / best.files));
  row('CPU time (user + system) of that run', ms(best.cpuMs), 'includes the GC and file-reading threads');
  console.log(`  runs (total): ${colds.map((x) => ms(x.totalMs)).join(', ')}`);

  // Incremental.
  const inc = runChild<IncrementalResult>(child, ['incremental', dir, String(edits), String(editSeed)]);
  results.incremental = inc;
  row('in-memory, warm JIT (fresh index, same process)', ms(inc.warm.inMemoryMs), `index ${ms(inc.warm.indexMs)} + allFindings ${ms(inc.warm.findingsMs)}`);
  const declined = Object.entries(inc.fastYaml.declined)
    .map(([why, n]) => `${n} ${why}`)
    .join(', ');
  row('files the fast YAML path reads (the rest go to yaml)', int(inc.fastYaml.files), `of ${int(inc.files)}${declined ? `; declined: ${declined}` : ''}`);

  const all = inc.edits.map((e) => e.ms).sort((a, b) => a - b);
  const p95 = percentile(all, 0.95);
  console.log(`\nIncremental re-check after a one-line edit: ${inc.edits.length} edits, each setFile + flush + findings of every re-checked uri`);
  console.log(`  ${'edit'.padEnd(22)}${'n'.padStart(5)}${'p50'.padStart(11)}${'p95'.padStart(11)}${'max'.padStart(11)}   re-checked files (mean / max)`);
  const line = (label: string, list: { ms: number; rechecked: number }[]) => {
    const t = list.map((e) => e.ms).sort((a, b) => a - b);
    const rc = list.map((e) => e.rechecked);
    console.log(
      `  ${label.padEnd(22)}${String(list.length).padStart(5)}${ms(percentile(t, 0.5)).padStart(11)}${ms(percentile(t, 0.95)).padStart(11)}${ms(t[t.length - 1] ?? NaN).padStart(11)}` +
        `   ${(rc.reduce((a, b) => a + b, 0) / Math.max(1, rc.length)).toFixed(1)} / ${Math.max(0, ...rc)}`,
    );
  };
  for (const [kind] of EDIT_MIX)
    line(
      kind,
      inc.edits.filter((e) => e.kind === (kind as EditKind)),
    );
  line('all', inc.edits);
  console.log(`  p95 ${ms(p95)}: target <= ${TARGETS.incrementalP95Ms} ms: ${verdict(p95 <= TARGETS.incrementalP95Ms)}`);
  console.log('  worst cases (outside the mix; median / max of 5):');
  for (const w of inc.worst) console.log(`    ${w.label}: ${ms(w.msMedian)} / ${ms(w.msMax)}, ${w.rechecked} files re-checked`);

  console.log('\nMemory');
  row(
    `peak RSS, fresh process doing the cold check`,
    `${peakRss} MB`,
    `target <= ${TARGETS.rssMB} MB: ${verdict(peakRss <= TARGETS.rssMB)}   (largest of the runs: ${colds.map((x) => x.maxRssMB).join(', ')} MB)`,
  );
  row(
    'heap retained by the index (after a full GC)',
    `${best.retainedMB ?? '?'} MB`,
    `${(((best.retainedMB ?? 0) * 1024) / best.files).toFixed(1)} KB per file`,
  );

  if (!flag('no-cli')) {
    const cliPath = path.join(ROOT, 'dist', 'cli.js');
    if (!existsSync(cliPath)) {
      console.log(
        `\nCLI end to end: skipped, ${path.relative(process.cwd(), cliPath)} is missing (build first: node scripts/build-schemas.mjs && node esbuild.mjs)`,
      );
    } else {
      const cli = Array.from({ length: runs }, () => runCli(['check', path.relative(ROOT, dir), '--format', 'json']));
      const startup = Array.from({ length: runs }, () => runCli(['--version']));
      const bestCli = Math.min(...cli.map((x) => x.ms));
      const cliRss = Math.max(...cli.map((x) => x.rssMB ?? 0));
      results.cli = cli;
      console.log(`\nCLI end to end: node dist/cli.js check ${path.relative(ROOT, dir)} --format json > /dev/null, best of ${runs}`);
      row(
        'wall time (process start to exit)',
        ms(bestCli),
        coldTargetApplies ? `target <= ${int(TARGETS.coldMs)} ms: ${verdict(bestCli <= TARGETS.coldMs)}` : '',
      );
      row('peak RSS', `${cliRss} MB`, `target <= ${TARGETS.rssMB} MB: ${verdict(cliRss <= TARGETS.rssMB)}`);
      console.log(`  runs: ${cli.map((x) => ms(x.ms)).join(', ')} (exit code ${cli[0].status})`);
      row(
        'startup alone: node dist/cli.js --version',
        ms(Math.min(...startup.map((x) => x.ms))),
        `peak RSS ${Math.max(...startup.map((x) => x.rssMB ?? 0))} MB`,
      );
      results.cliStartup = startup;
    }
  }

  if (flag('profile')) {
    const profDir = path.join(WORK, `prof-${files}`);
    rmSync(profDir, { recursive: true, force: true });
    runChild<ColdResult>(child, ['cold', dir], ['--cpu-prof', '--cpu-prof-dir', profDir]);
    const prof = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'))!;
    console.log(`\nCPU profile of one cold check (${path.relative(process.cwd(), path.join(profDir, prof))})`);
    console.log(summarizeProfile(path.join(profDir, prof), child));
    const editsProf = path.join(profDir, 'edits.cpuprofile');
    runChild<IncrementalResult>(child, ['incremental', dir, String(edits), String(editSeed), editsProf]);
    console.log(`\nCPU profile of the ${edits} edits and the worst cases (${path.relative(process.cwd(), editsProf)})`);
    console.log(summarizeProfile(editsProf, child));
  }

  console.log(`\n(load average at the end: ${load()})`);
  const jsonOut = arg('json');
  if (jsonOut) writeFileSync(jsonOut, JSON.stringify(results, null, 2) + '\n');
  console.log('');
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
