import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { AnalysisJob } from '../node/analysisWorker';
import type { FileAnalysis } from '../service';
import { idOf } from '../service';
import { finding } from '../service';
import type { FileKind } from '../service';

/**
 * Texts at least this long are analysed on a worker thread. A Stellar file is a few KB; at 32 KB (an agent with
 * a thousand bindings) the checks take tens of milliseconds, and 1 MB of YAML most of a second, which would
 * hold up every request meanwhile.
 */
export const OFF_THREAD_CHARS = 32 * 1024;

/** Flow collections nested deeper than this send a text to the worker thread whatever its size. */
const OFF_THREAD_DEPTH = 64;

/**
 * True when `text` is better checked on the worker thread: a large text, or a small one nesting `[` or `{` deep
 * (20 KB of `[[[[` costs the parser more than a megabyte of plain YAML). Quotes are not looked at: counting a
 * bracket inside a string only sends a harmless text to the worker.
 */
export function belongsOffThread(text: string): boolean {
  if (text.length >= OFF_THREAD_CHARS) return true;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > OFF_THREAD_DEPTH) return true;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  return false;
}

/** The worker's heap: a file that needs more is reported as not checked, and the server lives on. */
const WORKER_HEAP_MB = 512;

/**
 * One worker thread (started on first use) that analyses large texts in turn. When the worker cannot run (no
 * bundle next to the server, as under tsx) `available()` is false and callers analyse on the main thread.
 */
export class OffThreadAnalyzer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, { uri: string; kind: FileKind; resolve: (a: FileAnalysis) => void }>();
  private nextId = 0;

  constructor(private readonly script = path.join(__dirname, 'analysis-worker.js')) {}

  available(): boolean {
    return existsSync(this.script);
  }

  /** The file's analysis; never rejects: a worker that fails or dies gives an analysis with one SK001 saying so. */
  analyze(uri: string, text: string, kind: FileKind): Promise<FileAnalysis> {
    return new Promise((resolve) => {
      const id = ++this.nextId;
      this.pending.set(id, { uri, kind, resolve });
      const job: AnalysisJob = { id, uri, text, kind };
      this.start().postMessage(job);
    });
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.script, { resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, stdout: false, stderr: false });
    w.unref();
    w.on('message', (m: { id: number; analysis?: FileAnalysis; error?: string }) => {
      const job = this.pending.get(m.id);
      if (!job) return;
      this.pending.delete(m.id);
      job.resolve(m.analysis ?? notChecked(job.uri, job.kind, 'checking it failed'));
    });
    const fail = (why: string) => {
      if (this.worker === w) this.worker = undefined;
      for (const job of this.pending.values()) job.resolve(notChecked(job.uri, job.kind, why));
      this.pending.clear();
    };
    w.on('error', (e: Error) =>
      fail(/heap|memory/i.test(e.message) ? `checking it needed more than ${WORKER_HEAP_MB} MB of memory` : `checking it failed (${e.message})`),
    );
    w.on('exit', () => fail('the checker stopped'));
    this.worker = w;
    return w;
  }
}

function notChecked(uri: string, kind: FileKind, why: string): FileAnalysis {
  return {
    uri,
    kind,
    id: idOf(uri),
    summary: undefined,
    local: [
      finding(
        'SK001',
        uri,
        { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        `This file was not checked: ${why}. Make it smaller or simpler (it is far from what a Stellar file holds).`,
      ),
    ],
  };
}
