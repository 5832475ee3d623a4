/** A restore preview as text and as JSON: what `stellar-kit restore-preview` prints and the editor shows. Pure. */
import type { RestorePreview } from './restore';
import type { ShapeChange } from './shape';

export interface RestoreReportContext {
  /** The agent file, relative to the repository. */
  agent: string;
  /** The revision as the user named it, and the commit it resolved to. */
  rev: string;
  commit: string;
  /** The lock file, relative to the repository, and whether it existed at that revision. */
  lockRel: string;
  lockFound: boolean;
  /** A shared action file's path as shown (relative to the workspace). */
  relOf: (uri: string) => string;
}

export interface RestoreReportJson {
  agent: string;
  rev: string;
  commit: string;
  lockFound: boolean;
  changed: { fullId: string; file: string; changes: ShapeChange[] }[];
  deleted: { fullId: string }[];
  moved: { fullId: string; candidates: string[] }[];
  unlocked: string[];
  unchanged: number;
}

export function restoreReportJson(p: RestorePreview, c: RestoreReportContext): RestoreReportJson {
  return {
    agent: c.agent,
    rev: c.rev,
    commit: c.commit,
    lockFound: c.lockFound,
    changed: p.changed.map((x) => ({ fullId: x.fullId, file: c.relOf(x.actionUri), changes: x.changes })),
    deleted: p.deleted,
    moved: p.moved,
    unlocked: p.unlocked,
    unchanged: p.unchanged,
  };
}

export function restoreReportText(p: RestorePreview, c: RestoreReportContext): string {
  const lines: string[] = [`Restore preview: ${c.agent} at ${c.rev}`];
  if (!c.lockFound) lines.push(`  (no lock at ${c.rev}: ${c.lockRel} did not exist, so no shape can be compared)`);
  lines.push("Restoring brings back that version's lock; each shared action keeps its current shape.", '');
  for (const x of p.changed) {
    lines.push(`changed    ${x.fullId} (${c.relOf(x.actionUri)})`);
    for (const ch of x.changes) lines.push(`             - ${ch.text}`);
  }
  for (const d of p.deleted) lines.push(`deleted    ${d.fullId}: re-link or remove it after restoring`);
  for (const m of p.moved) lines.push(`moved      ${m.fullId} → ${m.candidates.join(', ')}: re-link it after restoring`);
  for (const u of p.unlocked) lines.push(`not locked ${u}: that version's lock has no entry for it`);
  const total = p.changed.length + p.deleted.length + p.moved.length;
  if (total === 0 && p.unlocked.length === 0) lines.push('No linked shared action changed, moved or was deleted since this version was locked.');
  lines.push(
    '',
    `${p.changed.length} changed, ${p.deleted.length} deleted, ${p.moved.length} moved, ${p.unlocked.length} not locked, ${p.unchanged} unchanged.`,
  );
  return lines.join('\n') + '\n';
}
