// The entry of dist/analysis-worker.js: a worker thread of the language server that analyses large files
// (parse, schema, single-file rules) so the server's main loop keeps answering while they are checked.
import { parentPort } from 'node:worker_threads';
import { analyzeFile } from '../service';
import type { FileKind } from '../service';

export interface AnalysisJob {
  id: number;
  uri: string;
  text: string;
  kind: FileKind;
}

parentPort?.on('message', (job: AnalysisJob) => {
  try {
    parentPort!.postMessage({ id: job.id, analysis: analyzeFile(job.uri, job.text, job.kind) });
  } catch (e) {
    parentPort!.postMessage({ id: job.id, error: String((e as Error)?.stack ?? e) });
  }
});
