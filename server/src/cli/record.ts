/** `run ... --record` and the drift report: the response contract of an HTTP action on the command line. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { pathOf } from '../node/loadFolder';
import { driftLines, recordResponseShape, responseDrift, type DriftChange, type WorkspaceIndex } from '../service';
import type { PlanTarget } from '../service';
import type { RunResult } from '../runner/send';

export interface DriftReport {
  recordedAt?: string;
  environment?: string;
  changes: DriftChange[];
}

/** How the response differs from the recorded shape, when one was recorded and the body is JSON. */
export function driftOf(index: WorkspaceIndex, target: PlanTarget, r: RunResult): DriftReport | undefined {
  if (r.status < 200 || r.status > 299) return undefined;
  const d = responseDrift(index, target, r.json);
  return d && { recordedAt: d.recorded.recordedAt, environment: d.recorded.environment, changes: d.changes };
}

export function driftText(d: DriftReport): string {
  const when = `recorded${d.environment ? ` in ${d.environment}` : ''}${d.recordedAt ? ` at ${d.recordedAt}` : ''}`;
  if (!d.changes.length) return `\nResponse shape: as ${when}.\n`;
  return `\nResponse shape drifted since it was ${when}:\n${driftLines(d.changes)
    .map((l) => `  ${l}\n`)
    .join('')}`;
}

/** Writes the shape file of a 2xx JSON response; returns the message to print and whether it was written. */
export async function recordShape(
  index: WorkspaceIndex,
  target: PlanTarget,
  env: string,
  r: RunResult,
  root: string,
  now: Date,
): Promise<{ ok: boolean; message: string }> {
  const rec = recordResponseShape(index, target, { environment: env, status: r.status, body: r.json !== undefined ? JSON.stringify(r.json) : r.body, now });
  if (!rec.ok) return { ok: false, message: rec.error };
  const file = pathOf(rec.uri);
  await fs.writeFile(file, rec.text, 'utf8');
  return { ok: true, message: `recorded response shape -> ${path.relative(root, file) || file}` };
}
