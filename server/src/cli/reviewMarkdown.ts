/**
 * `review --format markdown`: the review as a pull-request comment. Every value from the workspace is escaped
 * (a file or message cannot break the table, open a link or mention anyone); secret references show as
 * `{ secret: NAME }`, never a value. Long lists are cut, and the whole at 60,000 characters, so that the comment
 * stays under GitHub's 65,536.
 */
import type { Finding, Review } from '../service';
import { pathOf, relPath } from '../node/loadFolder';
import type { ReviewContext } from './reviewText';

/** Rows of one table or items of one list; the rest is counted. */
export const MARKDOWN_LIMITS = { rows: 50, changesPerAction: 10, agentsPerRow: 20, findings: 50, chars: 60_000 };

/** Plain text safe in a table cell and in a list item: markdown, HTML, mentions and `|` escaped, one line. */
export function mdText(s: string): string {
  return s
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>#|~!]/g, (ch) => (ch === '<' ? '&lt;' : ch === '>' ? '&gt;' : `\\${ch}`))
    .replace(/@/g, '&#64;');
}

/** A code span when the value allows one (no backtick, one line), else escaped text. `|` is escaped either way (GFM tables). */
export function mdCode(s: string): string {
  if (/[`\r\n]/.test(s) || s === '') return mdText(s);
  return '`' + s.replace(/\|/g, '\\|') + '`';
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function more(left: number, what: string): string[] {
  return left > 0 ? [`_and ${plural(left, what)} more: run \`stellar-kit review\` to see all._`] : [];
}

export function reviewMarkdown(review: Review, c: ReviewContext): string {
  const agents = (ids: string[]) => {
    if (ids.length === 0) return 'none';
    const shown = ids.slice(0, MARKDOWN_LIMITS.agentsPerRow).map((id) => mdCode(id) + (review.inactiveAgents.includes(id) ? ' (inactive)' : ''));
    return shown.join(', ') + (ids.length > shown.length ? ` and ${ids.length - shown.length} more` : '');
  };
  const out: string[] = [`## Stellar review against ${mdCode(c.rev)} (${c.commit.slice(0, 8)})`, ''];
  const { changedActions: changed, deletedActions: deleted, movedActions: moved } = review;

  out.push('### Changed shared actions', '');
  if (changed.length === 0) out.push('No shared action changed its shape.');
  else {
    out.push('| Shared action | Changes | Agents |', '|---|---|---|');
    for (const a of changed.slice(0, MARKDOWN_LIMITS.rows)) {
      const shown = a.changes.slice(0, MARKDOWN_LIMITS.changesPerAction).map((ch) => mdText(ch.text));
      if (a.changes.length > shown.length) shown.push(`and ${a.changes.length - shown.length} more`);
      out.push(`| ${mdCode(a.action)} | ${shown.join('<br>')} | ${a.agents.length}: ${agents(a.agents)} |`);
    }
    out.push(...more(changed.length - MARKDOWN_LIMITS.rows, 'changed shared action'));
  }

  out.push('', '### Broken bindings', '');
  const broken = [...deleted.map((a) => ({ ...a, what: 'deleted' })), ...moved.map((a) => ({ ...a, what: `moved to ${mdCode(a.to)}` }))];
  if (broken.length === 0) out.push('No shared action was deleted or moved.');
  else {
    out.push('| Shared action | What happened | Agents it breaks |', '|---|---|---|');
    for (const a of broken.slice(0, MARKDOWN_LIMITS.rows))
      out.push(`| ${mdCode(a.action)} | ${a.what} | ${a.broken.length ? agents(a.broken) : 'none: no agent links it any more'} |`);
    out.push(...more(broken.length - MARKDOWN_LIMITS.rows, 'deleted or moved shared action'));
  }

  for (const [title, list, none] of [
    ['New findings', review.findings.new, 'No new findings.'],
    ['Fixed findings', review.findings.fixed, 'No findings fixed.'],
  ] as const) {
    out.push('', `### ${title} (${list.length})`, '');
    if (list.length === 0) out.push(none);
    for (const f of list.slice(0, MARKDOWN_LIMITS.findings)) out.push(findingItem(c.root, f));
    out.push(...more(list.length - MARKDOWN_LIMITS.findings, title.toLowerCase().replace(/s$/, '')));
  }
  return capped(out.join('\n') + '\n');
}

/** The whole comment within MARKDOWN_LIMITS.chars, cut at a line's end, saying so. */
function capped(md: string): string {
  if (md.length <= MARKDOWN_LIMITS.chars) return md;
  const cut = md.lastIndexOf('\n', MARKDOWN_LIMITS.chars - 200);
  return `${md.slice(0, cut + 1)}\n_The review is longer than a comment holds: run \`stellar-kit review\` to see all of it._\n`;
}

function findingItem(root: string, f: Finding): string {
  const place = `${relPath(root, pathOf(f.uri))}:${f.range.start.line + 1}`;
  return `- **${f.severity}** ${f.code} ${mdCode(place)}: ${mdText(f.message)}`;
}
