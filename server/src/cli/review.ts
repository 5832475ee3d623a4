/** `stellar-kit review --base <git-rev> [folder]`: what a pull request changes for the agents, as text, JSON or a PR comment. */
import { statSync } from 'node:fs';
import * as path from 'node:path';
import { GitError } from '../node/git';
import { treeAtRevision } from '../node/gitTree';
import { loadFolder } from '../node/loadFolder';
import { reviewWorkspace, SEVERITY_RANK, type Review, type Severity } from '../service';
import { parseArgs, UsageError } from './args';
import { toJson } from './format';
import { reviewMarkdown } from './reviewMarkdown';
import { reviewText } from './reviewText';

export const REVIEW_USAGE = `Usage:
  stellar-kit review --base <git-rev> [folder] [--format text|json|markdown] [--fail-on error|warning|information|none]

Compares the workspace folder (default: the current one) as it is now with the same folder at <git-rev>, read
from git (the work tree is not touched): shared actions whose shape changed, field by field, with every agent
that links them; shared actions deleted or moved, with the bindings that breaks; findings new and fixed since.
markdown is written for a pull-request comment. Exit 1 when a new finding is at or above --fail-on (default
error), 0 otherwise, 2 on usage or git errors.
`;

export interface ReviewIo {
  out: (s: string) => void;
  err: (s: string) => void;
}

type ReviewFormat = 'text' | 'json' | 'markdown';

interface Args {
  folder: string;
  rev: string;
  format: ReviewFormat;
  failOn: Severity | 'none';
}

function parseReviewArgs(args: string[]): Args {
  const { positional, options } = parseArgs(args, {
    base: {},
    format: { values: ['text', 'json', 'markdown'] },
    'fail-on': { values: ['error', 'warning', 'information', 'none'] },
  });
  if (positional.length > 1) throw new UsageError(`review takes one folder, got ${positional.length}`);
  const rev = options.base;
  if (rev === undefined) throw new UsageError('review needs --base <git-rev>: the revision to compare with (for a pull request, its base branch)');
  if (rev === '' || rev.startsWith('-')) throw new UsageError(`--base: '${rev}' is not a git revision`);
  return {
    folder: positional[0] ?? '.',
    rev,
    format: (options.format ?? 'text') as ReviewFormat,
    failOn: (options['fail-on'] ?? 'error') as Args['failOn'],
  };
}

/** The review as `review --format json` prints it: findings in the shape of `check --format json`. */
export function reviewJson(review: Review, root: string, rev: string) {
  const findings = (list: Review['findings']['new']) => toJson({ root, findings: list, texts: new Map(), fileCount: 0 });
  return {
    base: rev,
    changedActions: review.changedActions.map((a) => ({
      action: a.action,
      changes: a.changes.map((c) => ({ field: c.field, old: c.old, new: c.new })),
      agents: a.agents,
    })),
    deletedActions: review.deletedActions.map((a) => ({ action: a.action, agents: a.agents })),
    movedActions: review.movedActions.map((a) => ({ action: a.action, to: a.to, agents: a.agents })),
    findings: { new: findings(review.findings.new), fixed: findings(review.findings.fixed) },
  };
}

export async function reviewCommand(args: string[], io: ReviewIo): Promise<number> {
  let a: Args;
  try {
    a = parseReviewArgs(args);
  } catch (e) {
    io.err(`stellar-kit: ${(e as Error).message}\n\n${REVIEW_USAGE}`);
    return 2;
  }
  const root = path.resolve(a.folder);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    io.err(`stellar-kit: '${a.folder}' is not a folder\n`);
    return 2;
  }
  try {
    const base = await treeAtRevision(root, a.rev);
    const { index, unreadable } = await loadFolder(root);
    for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
    const review = reviewWorkspace(base.index, index, a.rev);
    const context = { root, rev: a.rev, commit: base.commit };
    if (a.format === 'json') io.out(JSON.stringify(reviewJson(review, root, a.rev), null, 2) + '\n');
    else if (a.format === 'markdown') io.out(reviewMarkdown(review, context));
    else io.out(reviewText(review, context));
    if (unreadable.length) return 2;
    if (a.failOn === 'none') return 0;
    const limit = SEVERITY_RANK[a.failOn];
    return review.findings.new.some((f) => SEVERITY_RANK[f.severity] <= limit) ? 1 : 0;
  } catch (e) {
    // In CI the usual cause is a shallow checkout: the base branch was never fetched.
    const message =
      e instanceof GitError && e.kind === 'bad-revision'
        ? `--base: ${e.message} (in CI, check out with fetch-depth: 0 so that the base branch is there)`
        : (e as Error).message;
    io.err(`stellar-kit: ${message}\n`);
    return 2;
  }
}
