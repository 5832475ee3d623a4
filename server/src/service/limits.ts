import { SEVERITY_RANK, type Finding, type Range, type RelatedLocation, type Severity } from './types';

/**
 * Bounds that keep any file, whatever its content, answered in bounded time and memory
 * (docs/format.md, "Limits"). Nothing a real Stellar file holds comes near them.
 */
export const LIMITS = {
  /** Related locations of one finding; one more says how many were left out. */
  related: 20,
  /** Findings of one file; one more says how many were left out. */
  findingsPerFile: 1_000,
  /** Symbols in the outline of one file; one more says how many were left out. */
  outlineSymbols: 5_000,
  /** Alias nodes (`*name`) in one file. */
  aliases: 1_000,
  /** Anchors (`&name`) in one file that has aliases (each alias is looked up among them). */
  anchors: 10_000,
} as const;

/**
 * At most LIMITS.related of `all`, then one location (the first left out) saying how many more there are.
 * `total` is how many there are when `all` holds only the first of them (at least LIMITS.related + 1).
 */
export function capRelated(all: readonly RelatedLocation[], total = all.length): RelatedLocation[] {
  if (total <= LIMITS.related + 1) return all as RelatedLocation[];
  const kept = all.slice(0, LIMITS.related);
  const next = all[LIMITS.related];
  kept.push({ uri: next.uri, range: next.range, message: `and ${(total - LIMITS.related).toLocaleString('en-US')} more like it` });
  return kept;
}

/**
 * The first LIMITS.findingsPerFile of a file's findings (sorted by position), then one finding that says how
 * many were left out. It takes the most severe severity among them (so the CLI's exit code and publishing are
 * decided as if all were shown) and the code most of them have, and sits at the first one left out. A summary
 * made by an earlier cap (a file's own findings, capped before the cross-file ones join them) is folded in.
 */
export function capFindings(sorted: Finding[]): Finding[] {
  const max = LIMITS.findingsPerFile;
  const isSummary = (f: Finding) => f.data?.omitted !== undefined;
  const prior = sorted.length > max || sorted.some(isSummary) ? sorted.filter(isSummary) : [];
  if (prior.length === 0 && sorted.length <= max) return sorted;
  const real = prior.length ? sorted.filter((f) => !isSummary(f)) : sorted;
  const rest = [...real.slice(max), ...prior];
  const out = real.slice(0, max);
  if (rest.length === 0) return out;
  const byCode = new Map<string, number>();
  let severity: Severity = 'hint';
  for (const f of rest) {
    const omitted = f.data?.omitted as Omitted | undefined;
    for (const [code, k] of omitted ? Object.entries(omitted.byCode) : [[f.code, 1] as const]) byCode.set(code, (byCode.get(code) ?? 0) + k);
    const s = omitted ? omitted.severity : f.severity;
    if (SEVERITY_RANK[s] < SEVERITY_RANK[severity]) severity = s;
  }
  const first = rest.reduce((a, b) => (before(b.range.start, a.range.start) ? b : a));
  out.push(omittedFinding(first.uri, first.range, byCode, severity));
  return out;
}

/**
 * The finding that stands for findings left out: `byCode` counts them per code, `severity` is the most severe
 * among them. capFindings folds such a finding into its own count when it meets one.
 */
export function omittedFinding(uri: string, range: Range, byCode: Map<string, number>, severity: Severity): Finding {
  const codes = [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const total = codes.reduce((sum, [, k]) => sum + k, 0);
  const n = (x: number) => x.toLocaleString('en-US');
  return {
    uri,
    range,
    severity,
    code: codes[0][0],
    message:
      `${n(total)} more finding${total === 1 ? '' : 's'} in this file ${total === 1 ? 'was' : 'were'} left out (${codes.map(([c, k]) => `${n(k)} ${c}`).join(', ')}): ` +
      `Stellar Kit reports at most ${n(LIMITS.findingsPerFile)} per file. Fix the ones above first.`,
    related: [],
    data: { omitted: { total, byCode: Object.fromEntries(codes), severity } satisfies Omitted },
  };
}

const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);

interface Omitted {
  total: number;
  byCode: Record<string, number>;
  severity: Severity;
}

/** Sorts findings in place by file, position and code. */
export function sortFindings(findings: Finding[]): Finding[] {
  // Equal strings first: most comparisons are within one file, and localeCompare is slow on 100,000 findings.
  const cmp = (x: string, y: string) => (x === y ? 0 : x.localeCompare(y));
  return findings.sort(
    (a, b) => cmp(a.uri, b.uri) || a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character || cmp(a.code, b.code),
  );
}
