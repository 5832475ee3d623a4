/** Levenshtein distance, small and allocation-light (keys are short). */
export function distance(a: string, b: string): number {
  if (a === b) return 0;
  const prev = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** The candidate closest to `word`, when it is close enough to be a likely typo. */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  const w = word.toLowerCase();
  for (const c of candidates) {
    // The distance is at least the difference in length: a candidate that far off cannot be close enough,
    // and skipping it keeps 50,000 unknown keys from costing 50,000 full distance tables.
    if (Math.abs(w.length - c.length) > limitFor(w.length, c.length) || Math.abs(w.length - c.length) >= bestD) continue;
    const d = distance(w, c.toLowerCase());
    if (d < bestD) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  return bestD <= limitFor(word.length, best.length) ? best : undefined;
}

function limitFor(a: number, b: number): number {
  return Math.max(2, Math.floor(Math.max(a, b) / 3));
}

/** Up to `max` candidates close enough to `word` to be likely typos of it, closest first. */
export function nearest(word: string, candidates: Iterable<string>, max = 3): string[] {
  const w = word.toLowerCase();
  const scored: { c: string; d: number }[] = [];
  for (const c of candidates) {
    if (c === word) continue;
    const d = distance(w, c.toLowerCase());
    if (d <= Math.max(2, Math.floor(Math.max(word.length, c.length) / 3))) scored.push({ c, d });
  }
  return scored
    .sort((a, b) => a.d - b.d || (a.c < b.c ? -1 : 1))
    .slice(0, max)
    .map((x) => x.c);
}
