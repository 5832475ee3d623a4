// LSP replay benchmark over stdio: `node --import tsx bench/lsp.ts [--files 2000] [--edits 60] [--requests 100] [--no-yaml]`.
//
// Drives the built Stellar Kit server (dist/server.js, build with `node scripts/build-schemas.mjs && node esbuild.mjs`)
// over the synthetic workspace of bench/generate.mjs, then yaml-language-server over the same files with the same
// JSON schemas, and prints both side by side. Prints figures only: targets are shown as PASS / MISS, nothing fails
// on a timing. Every wait is bounded; both servers are shut down (or killed) at the end.
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { URI } from 'vscode-uri';
import { listStellarFiles } from '../server/src/node/loadFolder';
import { arg, ensureWorkspace, flag, percentile } from './common';
import { BenchClient, type Publication } from './lsp/client';

const BENCH = __dirname;
const ROOT = path.dirname(BENCH);
const SERVER_JS = path.join(ROOT, 'dist', 'server.js');
const YAML_LS = path.join(ROOT, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
const DEBOUNCE_MS = 150; // server/src/lsp/session.ts
const YAML_DELAY_MS = 200; // yaml-language-server's validationDelayMs (out/server/src/yamlSettings.js)
const TARGETS = { readyMs: 200, editedP95AfterDebounceMs: 30, dependentP95Ms: 100, requestP95Ms: 20, rssMB: 150 };

const files = Number(arg('files', '2000'));
const edits = Number(arg('edits', '60'));
const requests = Number(arg('requests', '100'));
const OPEN_AGENTS = 10;

// ---------------------------------------------------------------------------------------------------------
// Stats and formatting

interface Dist {
  n: number;
  p50: number;
  p95: number;
  max: number;
}
function dist(v: number[]): Dist {
  const sorted = [...v].sort((a, b) => a - b);
  return { n: v.length, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: Math.max(...v) };
}
const f = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? 'n/a' : n >= 100 ? `${Math.round(n)}` : n.toFixed(1));
const verdict = (v: number | undefined, target: number) => (v === undefined || Number.isNaN(v) ? '' : v <= target ? 'PASS' : 'MISS');

// ---------------------------------------------------------------------------------------------------------
// Workspace

interface Pos {
  line: number;
  character: number;
}
interface Probe {
  uri: string;
  pos: Pos;
  what: string;
}

interface Plan {
  dir: string;
  stellarFiles: string[];
  /** Agent edited in place (its description line). */
  edited: { file: string; line: number };
  /** A shared action edited (description line) and an agent linking it. */
  shared: { file: string; line: number };
  dependent: string;
  /** Agents opened for the requests (includes edited and dependent). */
  openAgents: string[];
  completion: Probe[];
  hover: Probe[];
  definition: Probe[];
}

function lineOf(text: string, prefix: string): number {
  const i = text.split('\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`no line starting with '${prefix}'`);
  return i;
}

async function plan(dir: string): Promise<Plan> {
  const stellarFiles = await listStellarFiles(dir);
  // Shared actions by full id (integration/name).
  const actions = new Map<string, string>();
  for (const p of stellarFiles) {
    if (!p.endsWith('.action.yaml') || !p.includes(`${path.sep}integrations${path.sep}`)) continue;
    const t = readFileSync(p, 'utf8');
    const integ = /^integration:\s*(\S+)/m.exec(t)?.[1];
    const name = /^name:\s*(\S+)/m.exec(t)?.[1];
    if (integ && name) actions.set(`${integ}/${name}`, p);
  }
  const agents = stellarFiles.filter((p) => p.endsWith('.agent.yaml') && existsSync(p.replace(/\.agent\.yaml$/, '.agent.lock.yaml')));
  // Dependent pair: the first agent with a lock whose first resolvable link has a moderate number of linkers.
  let dependent: string | undefined;
  let sharedFile: string | undefined;
  for (const a of agents) {
    const links = [...readFileSync(a, 'utf8').matchAll(/^\s*- link:\s*(\S+)/gm)].map((m) => m[1]);
    const hit = links.find((l) => actions.has(l));
    if (hit) {
      dependent = a;
      sharedFile = actions.get(hit)!;
      break;
    }
  }
  if (!dependent || !sharedFile) throw new Error('no agent linking a shared action found');
  const editedFile = agents.find((a) => a !== dependent)!;
  const openAgents = [editedFile, dependent, ...agents.filter((a) => a !== editedFile && a !== dependent).slice(0, OPEN_AGENTS - 2)];

  const completion: Probe[] = [];
  const hover: Probe[] = [];
  const definition: Probe[] = [];
  for (const a of openAgents) {
    const uri = URI.file(a).toString();
    const lines = readFileSync(a, 'utf8').split('\n');
    lines.forEach((l, line) => {
      const link = /^(\s*- link:\s*)(\S+)/.exec(l);
      if (link) {
        const start = link[1].length;
        const value = link[2];
        const slash = value.indexOf('/');
        completion.push({ uri, pos: { line, character: start + slash + 1 }, what: 'link value after integration/' });
        hover.push({ uri, pos: { line, character: start + slash + 2 }, what: 'link value' });
        definition.push({ uri, pos: { line, character: start + slash + 2 }, what: 'link value' });
        return;
      }
      const key = /^(\s+)(maxSuccessfulCalls|phases|allowedStates|parameters):/.exec(l);
      if (key) {
        completion.push({ uri, pos: { line, character: key[1].length }, what: 'binding key' });
        hover.push({ uri, pos: { line, character: key[1].length + 2 }, what: 'binding key' });
      }
    });
  }
  // Interleave kinds so ~half of the probes are link values and half keys, repeated up to `requests`.
  const take = (probes: Probe[]) => {
    const links = probes.filter((p) => p.what.startsWith('link'));
    const keys = probes.filter((p) => !p.what.startsWith('link'));
    const mixed: Probe[] = [];
    for (let i = 0; mixed.length < requests && (links.length || keys.length); i++) {
      if (links.length) mixed.push(links[i % links.length]);
      if (keys.length && mixed.length < requests) mixed.push(keys[i % keys.length]);
    }
    return mixed;
  };
  return {
    dir,
    stellarFiles,
    edited: { file: editedFile, line: lineOf(readFileSync(editedFile, 'utf8'), 'description:') },
    shared: { file: sharedFile, line: lineOf(readFileSync(sharedFile, 'utf8'), 'description:') },
    dependent,
    openAgents,
    completion: take(completion),
    hover: take(hover),
    definition: take(definition),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Measurements shared by both servers

interface Figures {
  readyMs?: number;
  progressEndMs?: number;
  allDiagnosticsMs?: number;
  filesWithFindings?: number;
  filesPublished?: number;
  firstOpenMs?: number;
  edited?: Dist;
  editedAfterDebounce?: Dist;
  dependent?: Dist;
  dependentAfterDebounce?: Dist;
  completion?: Dist & { nonEmpty: number };
  hover?: Dist & { nonEmpty: number };
  definition?: Dist & { nonEmpty: number };
  rssMB?: number;
  notes: string[];
}

/** Replaces a whole line (without its newline) in an open document and returns the new text. */
function replaceLine(
  text: string,
  line: number,
  replacement: string,
): { text: string; change: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } } {
  const lines = text.split('\n');
  const old = lines[line];
  lines[line] = replacement;
  return { text: lines.join('\n'), change: { range: { start: { line, character: 0 }, end: { line, character: old.length } }, text: replacement } };
}

/**
 * `edits` one-line edits of `uri`, each timed from its didChange to the next publication for `watchUri`; the
 * distribution of those times, and the same minus the server's debounce.
 */
async function editLoop(
  c: BenchClient,
  uri: string,
  initial: string,
  line: number,
  watchUri: string,
  versioned: boolean,
  label: string,
  debounceMs: number,
): Promise<[Dist, Dist]> {
  let text = initial;
  let version = 1;
  const times: number[] = [];
  const original = initial.split('\n')[line];
  for (let i = 0; i < edits; i++) {
    version++;
    // Alternate between a changed description and the original, so the shape (and the lock check) flips.
    const { text: next, change } = replaceLine(text, line, i % 2 === 0 ? `description: Edited by the LSP benchmark, round ${i}.` : original);
    text = next;
    const v = version;
    const accept = versioned && watchUri === uri ? (p: Publication) => p.version === v : () => true;
    const waiting = c.nextDiagnostics(watchUri, accept, 10_000);
    const t0 = performance.now();
    await c.change(uri, v, [change]);
    const p = await waiting.catch((e: Error) => {
      throw new Error(`${label}, edit ${i}: ${e.message}`);
    });
    times.push(p.at - t0);
  }
  return [dist(times), dist(times.map((t) => t - debounceMs))];
}

/**
 * Opens the agents and the shared action as the editor would, one at a time, each once the diagnostics `accept`
 * takes for the previous one arrived; returns their texts by uri and the first didOpen → diagnostics time.
 */
async function openAll(
  c: BenchClient,
  pl: Plan,
  languageId: string,
  accept: (p: Publication) => boolean,
  timeoutMs: number,
): Promise<{ texts: Map<string, string>; firstOpenMs: number }> {
  const texts = new Map<string, string>();
  let firstOpenMs: number | undefined;
  for (const file of [...pl.openAgents, pl.shared.file]) {
    const uri = URI.file(file).toString();
    const text = readFileSync(file, 'utf8');
    texts.set(uri, text);
    const waiting = c.nextDiagnostics(uri, accept, timeoutMs);
    const t0 = performance.now();
    await c.open(uri, text, 1, languageId);
    const p = await waiting;
    firstOpenMs ??= p.at - t0;
  }
  return { texts, firstOpenMs: firstOpenMs! };
}

async function requestLoop(c: BenchClient, method: string, probes: Probe[]): Promise<Dist & { nonEmpty: number }> {
  const times: number[] = [];
  let nonEmpty = 0;
  // Two warm-up requests, not counted.
  for (const p of probes.slice(0, 2)) await c.request(method, { textDocument: { uri: p.uri }, position: p.pos });
  for (const p of probes) {
    const t0 = performance.now();
    const r = await c.request<unknown[] | { items?: unknown[] } | null>(method, { textDocument: { uri: p.uri }, position: p.pos });
    times.push(performance.now() - t0);
    const items = Array.isArray(r) ? r : r?.items;
    if (Array.isArray(items) ? items.length > 0 : r != null) nonEmpty++;
  }
  return { ...dist(times), nonEmpty };
}

// ---------------------------------------------------------------------------------------------------------
// Stellar Kit

async function benchStellar(pl: Plan): Promise<Figures> {
  const fig: Figures = { notes: [] };
  const c = new BenchClient(process.execPath, [SERVER_JS, '--stdio'], { settings: {} });
  try {
    const rootUri = URI.file(pl.dir).toString();
    fig.readyMs = await c.initialize(rootUri, path.basename(pl.dir));
    await c.waitFor(() => c.progressEndAt, 'the startup progress to end', 60_000);
    fig.progressEndMs = c.progressEndAt! - c.spawnedAt;
    const expected = pl.stellarFiles.length;
    // Every Stellar file gets a publication at the end of the scan; wait (bounded) until all have arrived.
    await c
      .waitFor(() => (c.diagnostics.size >= expected ? true : undefined), `publications for all ${expected} files`, 15_000)
      .catch((e: Error) => fig.notes.push(`stellar: ${e.message} (got ${c.diagnostics.size})`));
    const withFindings = [...c.diagnostics.values()].filter((p) => p.diagnostics.length > 0);
    fig.filesWithFindings = withFindings.length;
    fig.filesPublished = c.diagnostics.size;
    fig.allDiagnosticsMs = Math.max(...withFindings.map((p) => p.at)) - c.spawnedAt;

    // languageId stellar-yaml, as the extension does.
    const { texts, firstOpenMs } = await openAll(c, pl, 'stellar-yaml', (p) => p.version === 1, 10_000);
    fig.firstOpenMs = firstOpenMs;

    const editedUri = URI.file(pl.edited.file).toString();
    [fig.edited, fig.editedAfterDebounce] = await editLoop(
      c,
      editedUri,
      texts.get(editedUri)!,
      pl.edited.line,
      editedUri,
      true,
      'stellar edited file',
      DEBOUNCE_MS,
    );

    const sharedUri = URI.file(pl.shared.file).toString();
    const dependentUri = URI.file(pl.dependent).toString();
    [fig.dependent, fig.dependentAfterDebounce] = await editLoop(
      c,
      sharedUri,
      texts.get(sharedUri)!,
      pl.shared.line,
      dependentUri,
      true,
      'stellar dependent',
      DEBOUNCE_MS,
    );

    fig.completion = await requestLoop(c, 'textDocument/completion', pl.completion);
    fig.hover = await requestLoop(c, 'textDocument/hover', pl.hover);
    fig.definition = await requestLoop(c, 'textDocument/definition', pl.definition);
    fig.rssMB = c.peakRssMB();
  } finally {
    await c.stop(3_000).catch(() => c.kill());
    c.kill();
  }
  return fig;
}

// ---------------------------------------------------------------------------------------------------------
// yaml-language-server

function yamlSettings(): Record<string, unknown> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const schemas: Record<string, string[]> = {};
  for (const v of pkg.contributes.yamlValidation as { fileMatch: string; url: string }[]) {
    const key = path.resolve(ROOT, v.url); // absolute schema path, as a user would write it
    (schemas[key] ??= []).push(v.fileMatch);
  }
  return {
    yaml: { schemas, validate: true, completion: true, hover: true, format: { enable: false }, schemaStore: { enable: false }, maxItemsComputed: 5000 },
    http: { proxy: '', proxyStrictSSL: false },
    '[yaml]': {},
    editor: { tabSize: 2 },
    files: {},
  };
}

async function benchYaml(pl: Plan): Promise<Figures> {
  const fig: Figures = { notes: ['yaml-language-server validates open files only: no workspace scan, no cross-file checks, no dependents'] };
  const settings = yamlSettings();
  const c = new BenchClient(process.execPath, [YAML_LS, '--stdio'], { settings });
  try {
    const rootUri = URI.file(pl.dir).toString();
    fig.readyMs = await c.initialize(rootUri, path.basename(pl.dir));
    await c.conn.sendNotification('workspace/didChangeConfiguration', { settings });

    const { texts, firstOpenMs } = await openAll(c, pl, 'yaml', () => true, 15_000);
    fig.firstOpenMs = firstOpenMs;

    const editedUri = URI.file(pl.edited.file).toString();
    [fig.edited, fig.editedAfterDebounce] = await editLoop(
      c,
      editedUri,
      texts.get(editedUri)!,
      pl.edited.line,
      editedUri,
      false,
      'yaml edited file',
      YAML_DELAY_MS,
    );

    // Sanity check that the schemas apply: an unknown key in an agent must be reported.
    const bad = replaceLine(texts.get(editedUri)!, pl.edited.line, 'notAnAgentKey: 1');
    const waiting = c.nextDiagnostics(editedUri, () => true, 10_000);
    await c.change(editedUri, 100_000, [bad.change]);
    const p = await waiting;
    if (!p.diagnostics.some((d) => /notAnAgentKey|not allowed/i.test(d.message)))
      fig.notes.push('WARNING: yaml-language-server did not report an unknown key: are the schemas applied?');

    fig.completion = await requestLoop(c, 'textDocument/completion', pl.completion);
    fig.hover = await requestLoop(c, 'textDocument/hover', pl.hover);
    fig.rssMB = c.peakRssMB();
  } finally {
    await c.stop(3_000).catch(() => c.kill());
    c.kill();
  }
  return fig;
}

// ---------------------------------------------------------------------------------------------------------
// Report

function report(s: Figures, y: Figures | undefined): void {
  const rows: [string, string, string, string][] = [];
  const add = (label: string, sv: string, yv: string, target = '') => rows.push([label, sv, yv, target]);
  const pair = (d?: Dist) => (d ? `${f(d.p50)} / ${f(d.p95)}` : 'n/a');
  const tgt = (v: number | undefined, t: number) => (v === undefined ? '' : `≤ ${t}  ${verdict(v, t)}`);

  add('server ready (spawn → initialized), ms', f(s.readyMs), f(y?.readyMs), tgt(s.readyMs, TARGETS.readyMs));
  add('startup scan: progress end, ms from spawn', f(s.progressEndMs), 'n/a (no scan)');
  add(
    `all diagnostics published, ms from spawn (${s.filesWithFindings} files with findings, ${s.filesPublished} published)`,
    f(s.allDiagnosticsMs),
    'n/a (open files only)',
  );
  add('first didOpen → diagnostics, ms', f(s.firstOpenMs), f(y?.firstOpenMs));
  add(`edited open file: didChange → publish p50 / p95 (${s.edited?.n} edits)`, pair(s.edited), pair(y?.edited));
  add(
    `  same, minus the debounce (${DEBOUNCE_MS} ms; yaml-ls ${YAML_DELAY_MS} ms)`,
    pair(s.editedAfterDebounce),
    pair(y?.editedAfterDebounce),
    tgt(s.editedAfterDebounce?.p95, TARGETS.editedP95AfterDebounceMs),
  );
  add(`open dependent: shared action edit → agent publish p50 / p95`, pair(s.dependent), 'n/a (no cross-file)');
  add(`  same, minus the ${DEBOUNCE_MS} ms debounce`, pair(s.dependentAfterDebounce), 'n/a', tgt(s.dependentAfterDebounce?.p95, TARGETS.dependentP95Ms));
  for (const k of ['completion', 'hover', 'definition'] as const) {
    const sv = s[k];
    const yv = y?.[k];
    add(
      `${k} p50 / p95 (${sv?.n} requests; non-empty S ${sv?.nonEmpty}${yv ? `, Y ${yv.nonEmpty}` : ''})`,
      pair(sv),
      yv ? pair(yv) : 'n/a',
      tgt(sv?.p95, TARGETS.requestP95Ms),
    );
  }
  add('server peak RSS (VmHWM), MB', f(s.rssMB), f(y?.rssMB), tgt(s.rssMB, TARGETS.rssMB));

  const w0 = Math.max(...rows.map((r) => r[0].length)) + 2;
  const w1 = Math.max(12, ...rows.map((r) => r[1].length)) + 2;
  const w2 = Math.max(22, ...rows.map((r) => r[2].length)) + 2;
  console.log(`\n${'figure'.padEnd(w0)}${'Stellar Kit'.padStart(w1)}${'yaml-language-server'.padStart(w2)}   target (Stellar Kit)`);
  console.log('-'.repeat(w0 + w1 + w2 + 24));
  for (const [a, b, c, d] of rows) console.log(`${a.padEnd(w0)}${b.padStart(w1)}${c.padStart(w2)}   ${d}`);
  for (const n of [...s.notes, ...(y?.notes ?? [])]) console.log(`note: ${n}`);
  console.log('Times are wall-clock in ms measured in this client (message receipt), including JSON-RPC over stdio.');
}

async function main(): Promise<void> {
  if (!existsSync(SERVER_JS)) throw new Error(`${SERVER_JS} is missing: run node scripts/build-schemas.mjs && node esbuild.mjs`);
  const { dir } = await ensureWorkspace(files);
  const pl = await plan(dir);
  const rel = (p: string) => path.relative(dir, p);
  console.log(
    `LSP replay benchmark, ${files}-file workspace ${path.relative(process.cwd(), dir)} (${pl.stellarFiles.length} Stellar files); node ${process.version}; load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `edited agent: ${rel(pl.edited.file)}; shared action: ${rel(pl.shared.file)} → open dependent ${rel(pl.dependent)}; ${pl.openAgents.length} agents open`,
  );
  console.log(`${edits} edits per loop, ${requests} requests per kind (probes: link values and binding keys of the open agents)`);

  const s = await benchStellar(pl);
  let y: Figures | undefined;
  if (!flag('no-yaml')) {
    if (!existsSync(YAML_LS)) console.log('(yaml-language-server is not installed: npm i -D yaml-language-server)');
    else {
      const v = JSON.parse(readFileSync(path.join(ROOT, 'node_modules/yaml-language-server/package.json'), 'utf8')).version;
      console.log(`yaml-language-server ${v}, same open files, schemas from package.json contributes.yamlValidation`);
      y = await benchYaml(pl);
    }
  }
  report(s, y);
  console.log(
    `load at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  },
);
