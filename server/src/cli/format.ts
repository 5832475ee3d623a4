import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULE_HELP } from '../generated/rulesHelp';
import { allRules, ruleOf } from '../service';
import type { Finding, Range } from '../service';
import { pathOf, relPath } from '../node/loadFolder';

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'github'];

/**
 * `base`: where CI formats (sarif, github) name files from, the repository root (the git top level of the checked
 * folder, or `--base-path`), and the checked folder relative to it. Without it they name files from `root`.
 */
export interface Report {
  root: string;
  findings: Finding[];
  texts: Map<string, string>;
  fileCount: number;
  base?: { path: string; prefix: string };
}

function rel(root: string, uri: string): string {
  return relPath(root, pathOf(uri));
}

/** A file as CI names it: relative to the repository root, `/` separators. */
function repoRel(r: Report, uri: string): string {
  const inFolder = rel(r.root, uri);
  return r.base?.prefix ? `${r.base.prefix}/${inFolder}` : inFolder;
}

/** A relative path as a URI reference: each segment percent-encoded (`Team Sales #1` → `Team%20Sales%20%231`). */
function uriOfRel(p: string): string {
  return p.split('/').map(encodeURIComponent).join('/');
}

export function formatReport(format: Format, r: Report, color: boolean): string {
  switch (format) {
    case 'json':
      return JSON.stringify(toJson(r), null, 2) + '\n';
    case 'sarif':
      return JSON.stringify(toSarif(r), null, 2) + '\n';
    case 'github':
      return r.findings.map((f) => githubLine(r, f)).join('');
    case 'text':
      return toText(r, color);
  }
}

export function toJson(r: Report) {
  return r.findings.map((f) => ({
    file: rel(r.root, f.uri),
    range: f.range,
    severity: f.severity,
    code: f.code,
    message: f.message,
    related: f.related.map((x) => ({ file: rel(r.root, x.uri), range: x.range, message: x.message })),
  }));
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', information: 'note', hint: 'note' } as const;

function sarifRegion(range: Range) {
  return { startLine: range.start.line + 1, startColumn: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** SARIF's rule name: the title in PascalCase. */
function ruleName(code: string): string {
  return ruleOf(code)!.title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : ''));
}

/**
 * A fingerprint per result that survives unrelated edits: the code, the file, the text of the flagged node and of
 * its line (not their line numbers), and which occurrence of that combination it is in the file.
 */
function fingerprints(r: Report): string[] {
  const seen = new Map<string, number>();
  return r.findings.map((f) => {
    const lines = r.texts.get(f.uri)?.split('\n') ?? [];
    const line = (lines[f.range.start.line] ?? '').replace(/\r$/, '');
    const node = f.range.end.line === f.range.start.line ? line.slice(f.range.start.character, f.range.end.character) : line.slice(f.range.start.character);
    const key = createHash('sha256')
      .update([f.code, repoRel(r, f.uri), node.trim(), line.trim()].join('\u0000'))
      .digest('hex')
      .slice(0, 32);
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return `${key}:${n}`;
  });
}

export function toSarif(r: Report) {
  const codes = allRules().map((rule) => rule.code);
  const base = r.base?.path ?? r.root;
  const prints = fingerprints(r);
  const location = (uri: string, range: Range) => ({
    physicalLocation: { artifactLocation: { uri: uriOfRel(repoRel(r, uri)), uriBaseId: 'SRCROOT' }, region: sarifRegion(range) },
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'stellar-kit',
            informationUri: 'https://stellar-kit.dev/docs/rules',
            version: '0.1.0',
            // From the rule registry; the help text is generated from docs/rules.md (scripts/build-rules-help.mjs).
            rules: allRules().map(({ code, title, severity }) => {
              const help = RULE_HELP[code];
              return {
                id: code,
                name: ruleName(code),
                shortDescription: { text: title },
                fullDescription: { text: help?.fullDescription ?? title },
                help: { text: help?.text ?? title, markdown: help?.markdown ?? title },
                helpUri: `https://stellar-kit.dev/docs/rules#${code.toLowerCase()}`,
                defaultConfiguration: { level: SARIF_LEVEL[severity] },
              };
            }),
          },
        },
        // Positions are LSP positions: columns count UTF-16 code units, as JavaScript strings do.
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { SRCROOT: { uri: directoryUri(base) } },
        results: r.findings.map((f, i) => ({
          ruleId: f.code,
          ruleIndex: Math.max(0, codes.indexOf(f.code)),
          level: SARIF_LEVEL[f.severity],
          message: { text: f.message },
          locations: [location(f.uri, f.range)],
          partialFingerprints: { 'stellarKitFinding/v1': prints[i] },
          ...(f.related.length
            ? {
                relatedLocations: f.related.map((x, j) => ({ id: j, message: { text: x.message }, ...location(x.uri, x.range) })),
              }
            : {}),
        })),
      },
    ],
  };
}

/** An absolute folder as a percent-encoded `file:` URI ending in `/`, as originalUriBaseIds requires. */
function directoryUri(p: string): string {
  const href = pathToFileURL(path.resolve(p)).href;
  return href.endsWith('/') ? href : `${href}/`;
}

function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProp(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function githubLine(r: Report, f: Finding): string {
  const level = f.severity === 'error' ? 'error' : f.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    `file=${escapeProp(repoRel(r, f.uri))}`,
    `line=${f.range.start.line + 1}`,
    `col=${f.range.start.character + 1}`,
    `endLine=${f.range.end.line + 1}`,
    `endColumn=${f.range.end.character + 1}`,
    `title=${escapeProp(`${f.code} ${ruleOf(f.code)?.title ?? ''}`.trim())}`,
  ];
  return `::${level} ${props.join(',')}::${escapeData(`${f.code}: ${f.message}`)}\n`;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Control characters from a file must not reach the terminal as escape sequences. */
export function printable(s: string): string {
  return s.replace(/\t/g, ' ').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\ufffd');
}

function toText(r: Report, color: boolean): string {
  const c = (k: keyof typeof COLORS, s: string) => (color ? COLORS[k] + s + COLORS.reset : s);
  let out = '';
  for (const f of r.findings) {
    const { line, character } = f.range.start;
    out += `${c('bold', `${rel(r.root, f.uri)}:${line + 1}:${character + 1}`)}: ${c(f.severity, f.severity)} ${c('dim', f.code)} ${printable(f.message)}\n`;
    const text = r.texts.get(f.uri);
    const src = text?.split('\n')[line]?.replace(/\r$/, '');
    if (src !== undefined && src.length <= 400) {
      const width = f.range.end.line === line ? Math.max(1, f.range.end.character - character) : Math.max(1, src.length - character);
      const lineNo = String(line + 1);
      out += `  ${c('dim', lineNo + ' |')} ${printable(src)}\n`;
      out += `  ${' '.repeat(lineNo.length)} ${c('dim', '|')} ${' '.repeat(character)}${c(f.severity, '^' + '~'.repeat(width - 1))}\n`;
    }
    for (const x of f.related) {
      out += `  ${c('dim', `${rel(r.root, x.uri)}:${x.range.start.line + 1}:${x.range.start.character + 1}: ${printable(x.message)}`)}\n`;
    }
  }
  const count = (s: Finding['severity']) => r.findings.filter((f) => f.severity === s).length;
  const e = count('error'),
    w = count('warning'),
    i = count('information');
  const plural = (n: number, w1: string) => `${n} ${w1}${n === 1 ? '' : 's'}`;
  out += r.findings.length
    ? `\n${plural(e, 'error')}, ${plural(w, 'warning')}, ${i} information in ${plural(r.fileCount, 'file')} checked.\n`
    : `No problems in ${plural(r.fileCount, 'file')} checked.\n`;
  return out;
}
