// The measuring side of the benchmark. check.ts bundles this file with esbuild (like the shipped CLI) and runs it
// in fresh processes:
//   node bench/.work/child.cjs cold <folder>                 one cold check, JSON on stdout
//   node bench/.work/child.cjs incremental <folder> <edits> <seed> [profile-file]
//                                                            warm reload + one-line edits, JSON on stdout; with a
//                                                            profile file, a CPU profile of the edits only
import { promises as fs, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import { tuneHeap } from '../server/src/node/heap';
import { listStellarFiles, uriOf } from '../server/src/node/loadFolder';
import { fastYamlBailReason } from '../server/src/service/fastYaml';
import { key } from '../server/src/service/keys';
import type { Finding } from '../server/src/service/types';
import { WorkspaceIndex } from '../server/src/service/workspace';

// The heap settings the CLI and the language server run with (server/src/node/heap.ts): the figures are theirs.
tuneHeap();

export interface ColdResult {
  files: number;
  findings: number;
  byCode: Record<string, number>;
  listMs: number;
  readMs: number;
  /** setFile of every file: parse, schema and single-file rules, index keys. */
  indexMs: number;
  /** allFindings(): cross-file rules of every file, then sorting. */
  findingsMs: number;
  /** listMs + readMs + indexMs + findingsMs. */
  totalMs: number;
  inMemoryMs: number;
  /** User + system CPU time of the measured part (less sensitive than wall time to other load on the machine). */
  cpuMs: number;
  maxRssMB: number;
  /** Heap still used after a full GC at the end: what the index retains (when run with --expose-gc). */
  retainedMB: number | undefined;
}

export type EditKind = 'action-description' | 'action-header' | 'agent-binding' | 'integration-slot';

export interface EditSample {
  kind: EditKind;
  ms: number;
  rechecked: number;
  uri: string;
}

export interface IncrementalResult {
  files: number;
  warm: { indexMs: number; findingsMs: number; inMemoryMs: number };
  edits: EditSample[];
  worst: { label: string; rechecked: number; msMedian: number; msMax: number }[];
  maxRssMB: number;
  /** Files the fast YAML path reads (the others go to `yaml`), and why the others were declined. */
  fastYaml: { files: number; declined: Record<string, number> };
}

async function readAll(root: string): Promise<{ files: string[]; texts: string[]; listMs: number; readMs: number }> {
  const t0 = performance.now();
  const files = await listStellarFiles(root);
  const t1 = performance.now();
  // Same as loadFolder: read everything concurrently.
  const texts = await Promise.all(files.map((f) => fs.readFile(f, 'utf8')));
  const t2 = performance.now();
  return { files, texts, listMs: t1 - t0, readMs: t2 - t1 };
}

function load(root: string, files: string[], texts: string[]): { index: WorkspaceIndex; findings: Finding[]; indexMs: number; findingsMs: number } {
  const t0 = performance.now();
  const index = new WorkspaceIndex(uriOf(root));
  files.forEach((f, i) => index.setFile(uriOf(f), texts[i]));
  const t1 = performance.now();
  const findings = index.allFindings();
  const t2 = performance.now();
  return { index, findings, indexMs: t1 - t0, findingsMs: t2 - t1 };
}

const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;

async function cold(root: string): Promise<ColdResult> {
  const cpu0 = process.cpuUsage();
  const { files, texts, listMs, readMs } = await readAll(root);
  const { index, findings, indexMs, findingsMs } = load(root, files, texts);
  const cpu = process.cpuUsage(cpu0);
  const maxRssMB = mb(process.resourceUsage().maxRSS * 1024);
  const gc = (globalThis as { gc?: () => void }).gc;
  texts.length = 0;
  let retainedMB: number | undefined;
  if (gc) {
    gc();
    gc();
    retainedMB = mb(process.memoryUsage().heapUsed);
  }
  if (index.uris().length !== files.length) throw new Error('index lost files');
  const byCode: Record<string, number> = {};
  for (const f of findings) byCode[f.code] = (byCode[f.code] ?? 0) + 1;
  return {
    files: files.length,
    findings: findings.length,
    byCode,
    listMs,
    readMs,
    indexMs,
    findingsMs,
    totalMs: listMs + readMs + indexMs + findingsMs,
    inMemoryMs: indexMs + findingsMs,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssMB,
    retainedMB,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Incremental: one-line edits

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The edit mix: what share of the edits goes to each kind. */
export const EDIT_MIX: [EditKind, number][] = [
  ['action-description', 0.25],
  ['action-header', 0.15],
  ['agent-binding', 0.4],
  ['integration-slot', 0.2],
];

/** Replaces line `i` of `text`. */
function withLine(text: string, i: number, line: string): string {
  const lines = text.split('\n');
  lines[i] = line;
  return lines.join('\n');
}

function lineIndexes(text: string, re: RegExp, from = 0, to = Infinity): number[] {
  const out: number[] = [];
  text.split('\n').forEach((l, i) => {
    if (i >= from && i < to && re.test(l)) out.push(i);
  });
  return out;
}

class Editor {
  private n = 0;
  readonly actionUris: string[] = [];
  readonly agentUris: string[] = [];
  readonly slotIntegrationUris: string[] = [];
  readonly authIds: string[] = [];
  /** Integration id to the ids of its shared actions. */
  readonly actionsOf = new Map<string, string[]>();

  constructor(
    private readonly index: WorkspaceIndex,
    private readonly random: () => number,
  ) {
    for (const uri of index.uris().sort()) {
      const s = index.analysis(uri)?.summary;
      if (!s) continue;
      if (s.kind === 'action' && s.integration) {
        this.actionUris.push(uri);
        const list = this.actionsOf.get(s.integration.target) ?? [];
        list.push(s.id);
        this.actionsOf.set(s.integration.target, list);
      } else if (s.kind === 'agent') this.agentUris.push(uri);
      else if (s.kind === 'integration' && s.integrationKind !== 'mcp-server') this.slotIntegrationUris.push(uri);
      else if (s.kind === 'auth') this.authIds.push(s.id);
    }
  }

  pick<T>(list: T[]): T {
    return list[Math.floor(this.random() * list.length)];
  }

  kind(): EditKind {
    let x = this.random();
    for (const [k, w] of EDIT_MIX) {
      x -= w;
      if (x < 0) return k;
    }
    return EDIT_MIX[EDIT_MIX.length - 1][0];
  }

  /** A one-line edit of a random file of `kind` (or of `uri`): the uri and its new text, never the same text. */
  make(kind: EditKind, uri?: string): { uri: string; text: string } {
    for (let attempt = 0; attempt < 20; attempt++) {
      const e = this.attempt(kind, uri);
      if (e.text !== this.index.text(e.uri)) return e;
    }
    throw new Error(`could not make a ${kind} edit`);
  }

  private attempt(kind: EditKind, uri?: string): { uri: string; text: string } {
    this.n++;
    switch (kind) {
      case 'action-description': {
        uri ??= this.pick(this.actionUris);
        const text = this.index.text(uri)!;
        const [i] = lineIndexes(text, /^description: /);
        const line = text.split('\n')[i];
        const edited = line.endsWith('"') ? `${line.slice(0, -1)} Revision ${this.n}."` : `${line} Revision ${this.n}.`;
        return { uri, text: withLine(text, i, edited) };
      }
      case 'action-header': {
        uri ??= this.pick(this.actionUris);
        const text = this.index.text(uri)!;
        const lines = text.split('\n');
        const from = lines.indexOf('headers:');
        const to = lines.indexOf('outputVariables:');
        const candidates = lineIndexes(text, /^ {2}[A-Za-z-]+: (?!\{)/, from + 1, to < 0 ? Infinity : to);
        if (from < 0 || candidates.length === 0) return this.attempt('action-description', uri);
        const i = this.pick(candidates);
        const name = lines[i].trim().split(':')[0];
        return { uri, text: withLine(text, i, `  ${name}: application/vnd.acme.r${this.n}+json`) };
      }
      case 'agent-binding': {
        uri ??= this.pick(this.agentUris);
        const text = this.index.text(uri)!;
        const lines = text.split('\n');
        const linked = new Set(lines.filter((l) => l.startsWith('  - link: ')).map((l) => l.slice(10).trim()));
        const candidates: { i: number; line: string }[] = [];
        let inBinding = false;
        let integration = '';
        lines.forEach((l, i) => {
          if (l.startsWith('  - ')) {
            inBinding = l.startsWith('  - link: ');
            if (inBinding) {
              const link = l.slice(10).trim();
              integration = link.split('/')[0];
              const others = (this.actionsOf.get(integration) ?? []).filter((a) => !linked.has(`${integration}/${a}`));
              if (others.length) candidates.push({ i, line: `  - link: ${integration}/${this.pick(others)}` });
            }
            return;
          }
          if (!inBinding) return;
          const max = /^ {4}maxSuccessfulCalls: (\d+)$/.exec(l);
          if (max) candidates.push({ i, line: `    maxSuccessfulCalls: ${(Number(max[1]) % 5) + 1}` });
          if (l === '    phases: [in-call]') candidates.push({ i, line: '    phases: [in-call, post-call]' });
          else if (l === '    phases: [in-call, post-call]') candidates.push({ i, line: '    phases: [in-call]' });
        });
        const c = this.pick(candidates);
        return { uri, text: withLine(text, c.i, c.line) };
      }
      case 'integration-slot': {
        uri ??= this.pick(this.slotIntegrationUris);
        const text = this.index.text(uri)!;
        const lines = text.split('\n');
        const values = lineIndexes(text, /^ {4}(baseUrl|fromNumber): /);
        const auths = lineIndexes(text, /^ {4}auth: /);
        if (auths.length && (values.length === 0 || this.random() < 0.25)) {
          const i = this.pick(auths);
          return { uri, text: withLine(text, i, `    auth: ${this.pick(this.authIds)}`) };
        }
        const i = this.pick(values);
        const line = lines[i];
        const edited = line.includes('baseUrl: ')
          ? line.replace(/(\/r\d+)?$/, `/r${this.n}`)
          : `    fromNumber: "+1415${String(1000000 + (this.n % 9000000))}"`;
        return { uri, text: withLine(text, i, edited) };
      }
    }
  }
}

function timeEdit(index: WorkspaceIndex, uri: string, text: string): { ms: number; rechecked: number } {
  const t0 = performance.now();
  index.setFile(uri, text);
  const changed = index.flush();
  for (const u of changed) index.findings(u);
  return { ms: performance.now() - t0, rechecked: changed.length };
}

async function incremental(root: string, edits: number, seed: number, profileTo?: string): Promise<IncrementalResult> {
  const { files, texts } = await readAll(root);
  load(root, files, texts); // first load warms the JIT; it is measured by `cold`
  const warmRun = load(root, files, texts);
  const index = warmRun.index;
  let session: Session | undefined;
  if (profileTo) {
    session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const random = rng(seed);
  const editor = new Editor(index, random);

  const samples: EditSample[] = [];
  for (let k = 0; k < edits; k++) {
    const kind = editor.kind();
    const { uri, text } = editor.make(kind);
    const { ms, rechecked } = timeEdit(index, uri, text);
    samples.push({ kind, ms, rechecked, uri });
  }

  // Worst cases, outside the mix: the most linked shared action, the most used integration, the manifest.
  const worst: IncrementalResult['worst'] = [];
  const repeat = (label: string, make: () => { uri: string; text: string }) => {
    const times: number[] = [];
    let rechecked = 0;
    for (let r = 0; r < 5; r++) {
      const e = make();
      const t = timeEdit(index, e.uri, e.text);
      times.push(t.ms);
      rechecked = Math.max(rechecked, t.rechecked);
    }
    times.sort((a, b) => a - b);
    worst.push({ label, rechecked, msMedian: times[2], msMax: times[4] });
  };
  const dependents = (k: string) => index.dependentsOf(k).length;
  const topAction = [...editor.actionUris]
    .map((uri) => {
      const s = index.analysis(uri)!.summary as { integration?: { target: string }; id: string };
      return { uri, n: dependents(key.action(`${s.integration!.target}/${s.id}`)) };
    })
    .sort((a, b) => b.n - a.n)[0];
  repeat(`description of the most linked shared action (${topAction.n} agents link it)`, () => editor.make('action-description', topAction.uri));
  const topIntegration = [...editor.slotIntegrationUris]
    .map((uri) => ({ uri, n: dependents(key.integration(index.analysis(uri)!.id)) }))
    .sort((a, b) => b.n - a.n)[0];
  repeat(`slot of the most used integration (${topIntegration.n} files read it)`, () => editor.make('integration-slot', topIntegration.uri));
  const manifest = index.uris().find((u) => u.endsWith('/stellar.yaml'));
  if (manifest) {
    let n = 0;
    repeat(`stellar.yaml: declare one more secret (${dependents(key.manifest)} files read it)`, () => {
      n++;
      return { uri: manifest, text: index.text(manifest)!.replace('secrets:\n', `secrets:\n  BENCH_EXTRA_${n}: ""\n`) };
    });
  }

  if (session) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(profileTo!, JSON.stringify(profile));
    session.disconnect();
  }
  const maxRssMB = mb(process.resourceUsage().maxRSS * 1024);
  // After every timed part: which files the fast YAML path takes.
  const declined: Record<string, number> = {};
  for (const t of texts) {
    const reason = fastYamlBailReason(t);
    if (reason !== undefined) declined[reason] = (declined[reason] ?? 0) + 1;
  }
  return {
    files: files.length,
    warm: { indexMs: warmRun.indexMs, findingsMs: warmRun.findingsMs, inMemoryMs: warmRun.indexMs + warmRun.findingsMs },
    edits: samples,
    worst,
    maxRssMB,
    fastYaml: { files: files.length - Object.values(declined).reduce((a, b) => a + b, 0), declined },
  };
}

async function run(): Promise<void> {
  const [mode, root, ...rest] = process.argv.slice(2);
  let result: unknown;
  if (mode === 'cold') result = await cold(root);
  else if (mode === 'incremental') result = await incremental(root, Number(rest[0] ?? 200), Number(rest[1] ?? 1), rest[2]);
  else throw new Error(`usage: child.cjs cold|incremental <folder> [edits] [seed]`);
  process.stdout.write(JSON.stringify(result) + '\n');
}

if (require.main === module) {
  run().catch((e) => {
    process.stderr.write(String((e as Error).stack ?? e) + '\n');
    process.exitCode = 1;
  });
}
