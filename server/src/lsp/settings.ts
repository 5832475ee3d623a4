import type { Severity } from '../service';

/** `stellarKit.*` settings of one workspace folder, normalised. */
export interface Settings {
  /** Severity per finding code; `off` hides the code. */
  severity: Record<string, Severity | 'off'>;
  /** Folder names or folder paths relative to the workspace folder, skipped when indexing. */
  exclude: string[];
  /** `stellarKit.review.baseBranch`: what shared action lenses compare with; '' for the repository's default. */
  baseBranch: string;
}

export const DEFAULT_SETTINGS: Settings = { severity: {}, exclude: [], baseBranch: '' };

const LEVELS = new Set(['error', 'warning', 'information', 'hint', 'off']);

/** Accepts whatever the client sent (anything at all) and keeps only well-formed values. */
export function normalizeSettings(raw: unknown): Settings {
  const r = isRecord(raw) ? raw : {};
  const severity: Settings['severity'] = {};
  if (isRecord(r.severity)) {
    for (const [code, level] of Object.entries(r.severity)) {
      const l = typeof level === 'string' ? level.toLowerCase() : '';
      if (LEVELS.has(l)) severity[code.toUpperCase()] = l as Severity | 'off';
    }
  }
  const exclude = Array.isArray(r.exclude)
    ? r.exclude
        .filter((e): e is string => typeof e === 'string')
        .map(cleanPath)
        .filter((e) => e.length > 0)
    : [];
  const review = isRecord(r.review) ? r.review : {};
  // A revision given to git: never an option.
  const baseBranch = typeof review.baseBranch === 'string' && !review.baseBranch.trim().startsWith('-') ? review.baseBranch.trim() : '';
  return { severity, exclude, baseBranch };
}

export function sameExclude(a: Settings, b: Settings): boolean {
  return a.exclude.length === b.exclude.length && a.exclude.every((e, i) => e === b.exclude[i]);
}

export function sameSeverity(a: Settings, b: Settings): boolean {
  const codes = Object.keys(a.severity);
  return codes.length === Object.keys(b.severity).length && codes.every((c) => a.severity[c] === b.severity[c]);
}

/** `./a/b/` and `a\b` both become `a/b`. */
function cleanPath(p: string): string {
  return p
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
