/**
 * Analysing many files at once on every core: the main thread and worker threads claim chunks of the file
 * list from a shared counter, each reads and analyses its chunks (parse, schema, single-file rules), and the
 * workers send back plain analyses. Inserting them into the index stays on the main thread, in file order,
 * so the result is exactly that of a sequential load.
 *
 * Workers run the same bundle as the caller (the CLI or the server: each stays one file). An entry point that
 * can host a worker calls `runAnalysisWorkerIfAsked()` first thing; without that (or when run from sources
 * under tsx) everything happens on the calling thread.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { analyzeFile, type FileAnalysis } from '../service';
import { kindIn } from '../service';
import { uriOf } from './uris';

export interface AnalyzedFile {
  file: string;
  uri: string;
  /** Undefined when the file could not be read (then `error` says why). */
  text?: string;
  error?: string;
  /** Undefined for a file that is not a Stellar file of the root (it is then skipped). */
  analysis?: FileAnalysis;
}

interface WorkerInput {
  stellarKitAnalysis: true;
  rootUri: string;
  files: string[];
  counter: SharedArrayBuffer;
}

/**
 * Below this many files everything stays on one thread: with the fast YAML path a 2,000-file workspace checks in
 * about a second on one core, and each worker adds some 50 MB of memory for a few hundred milliseconds saved.
 */
const MIN_FILES_FOR_WORKERS = 5000;
const CHUNK = 16;
const MAX_WORKERS = 3;

let hostEntry: string | undefined;

/**
 * Call first thing in an entry point. In a worker started by `analyzeFiles` it does the work and returns true
 * (the entry must then do nothing else); on the main thread it records the entry's file so workers can be
 * started from it, and returns false.
 */
export function runAnalysisWorkerIfAsked(entryFile: string): boolean {
  const input = workerData as WorkerInput | undefined;
  if (!isMainThread && input?.stellarKitAnalysis === true) {
    const results = claimAndAnalyze(input.rootUri, input.files, new Int32Array(input.counter));
    parentPort!.postMessage(results);
    return true;
  }
  if (isMainThread && entryFile.endsWith('.js')) hostEntry = entryFile;
  return false;
}

function analyzeOne(rootUri: string, file: string): AnalyzedFile {
  const uri = uriOf(file);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return { file, uri, error: (e as Error).message };
  }
  const kind = kindIn(rootUri, uri);
  return { file, uri, text, analysis: kind && analyzeFile(uri, text, kind) };
}

/** Claims chunks of `files` from the counter shared by every thread and analyses them, until none is left. */
function claimAndAnalyze(rootUri: string, files: string[], counter: Int32Array): [number, AnalyzedFile][] {
  const out: [number, AnalyzedFile][] = [];
  for (;;) {
    const start = Atomics.add(counter, 0, CHUNK);
    if (start >= files.length) return out;
    for (let i = start; i < Math.min(start + CHUNK, files.length); i++) out.push([i, analyzeOne(rootUri, files[i])]);
  }
}

function workerCount(files: number): number {
  if (!hostEntry) return 0;
  // STELLAR_KIT_THREADS=N: use N threads in all (1: none besides the main one), whatever the folder's size.
  const forced = Number(process.env.STELLAR_KIT_THREADS);
  if (Number.isInteger(forced) && forced >= 1) return Math.min(forced - 1, 15);
  if (files < MIN_FILES_FOR_WORKERS) return 0;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return Math.max(0, Math.min(MAX_WORKERS, cores - 1));
}

/** Reads and analyses `files` (absolute paths) of the workspace at `rootUri`, in their order. */
export async function analyzeFiles(rootUri: string, files: string[]): Promise<AnalyzedFile[]> {
  const n = workerCount(files.length);
  if (n === 0) return files.map((f) => analyzeOne(rootUri, f));
  const counter = new SharedArrayBuffer(4);
  const input: WorkerInput = { stellarKitAnalysis: true, rootUri, files, counter };
  const workers = Array.from(
    { length: n },
    () =>
      new Promise<[number, AnalyzedFile][]>((resolve, reject) => {
        const w = new Worker(hostEntry!, { workerData: input, stdout: false, stderr: false });
        let result: [number, AnalyzedFile][] = [];
        w.once('message', (m: [number, AnalyzedFile][]) => {
          result = m;
        });
        w.once('error', reject);
        w.once('exit', (code) => (code === 0 ? resolve(result) : reject(new Error(`analysis worker exited with code ${code}`))));
      }),
  );
  const out: AnalyzedFile[] = new Array(files.length);
  for (const [i, r] of claimAndAnalyze(rootUri, files, new Int32Array(counter))) out[i] = r;
  let failed = false;
  for (const settled of await Promise.allSettled(workers)) {
    if (settled.status === 'fulfilled') for (const [i, r] of settled.value) out[i] = r;
    else failed = true;
  }
  // A worker that died took its claimed chunks with it: redo whatever is missing here.
  if (failed) for (let i = 0; i < files.length; i++) out[i] ??= analyzeOne(rootUri, files[i]);
  return out;
}
