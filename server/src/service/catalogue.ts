import { RULES } from './rules';
import type { Severity } from './types';

/** Every finding code, its default severity and a one-line title: derived from the rule registry (rules/). */
export const CATALOGUE: Record<string, { severity: Severity; title: string }> =
  Object.fromEntries(RULES.map((r) => [r.code, { severity: r.severity, title: r.title }]));
