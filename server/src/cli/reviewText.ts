/** `review --format text`: the review for a terminal. */
import type { Finding, Review } from '../service';
import { pathOf, relPath } from '../node/loadFolder';
import { printable } from './format';

export interface ReviewContext {
  root: string;
  rev: string;
  commit: string;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Agent ids, the inactive ones marked. */
export function agentList(ids: string[], review: Review): string[] {
  return ids.map((id) => (review.inactiveAgents.includes(id) ? `${id} (inactive)` : id));
}

/** `file:line:col` of a finding, relative to the folder. */
export function findingPlace(root: string, f: Finding): string {
  return `${relPath(root, pathOf(f.uri))}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
}

export function reviewText(review: Review, c: ReviewContext): string {
  const lines: string[] = [`Review against ${c.rev} (${c.commit.slice(0, 8)})`];
  const section = (title: string, items: unknown[]) => lines.push('', `${title} (${items.length})${items.length ? ':' : ': none'}`);
  const reach = (ids: string[]) => (ids.length ? `${plural(ids.length, 'agent')}: ${agentList(ids, review).join(', ')}` : 'no agent');
  section('Changed shared actions', review.changedActions);
  for (const a of review.changedActions) {
    lines.push(`  ${a.action} reaches ${reach(a.agents)}`);
    for (const ch of a.changes) lines.push(`    - ${ch.text}`);
  }
  section('Deleted shared actions', review.deletedActions);
  for (const a of review.deletedActions) lines.push(`  ${a.action}: breaks ${breaks(a.broken, review)}`);
  section('Moved shared actions', review.movedActions);
  for (const a of review.movedActions) lines.push(`  ${a.action} moved to ${a.to}: breaks ${breaks(a.broken, review)}`);
  for (const [title, list] of [
    ['New findings', review.findings.new],
    ['Fixed findings', review.findings.fixed],
  ] as const) {
    section(title, list);
    for (const f of list) lines.push(`  ${findingPlace(c.root, f)}: ${f.severity} ${f.code} ${f.message}`);
  }
  const { changedActions: ch, deletedActions: del, movedActions: mv } = review;
  lines.push(
    '',
    `${ch.length} changed, ${del.length} deleted, ${mv.length} moved shared action${ch.length + del.length + mv.length === 1 ? '' : 's'}; ` +
      `${plural(review.findings.new.length, 'new finding')}, ${review.findings.fixed.length} fixed.`,
  );
  return lines.map(printable).join('\n') + '\n';
}

function breaks(ids: string[], review: Review): string {
  return ids.length ? `the bindings of ${agentList(ids, review).join(', ')}` : 'no binding (no agent links it any more)';
}
