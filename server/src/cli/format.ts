import * as path from 'node:path';
import { CATALOGUE } from '../service/catalogue';
import type { Finding, Range } from '../service/types';
import { pathOf, relPath } from '../node/loadFolder';

export type Format = 'text' | 'json' | 'sarif' | 'github';
export const FORMATS: Format[] = ['text', 'json', 'sarif', 'github'];

export interface Report { root: string; findings: Finding[]; texts: Map<string, string>; fileCount: number }

function rel(root: string, uri: string): string {
  return relPath(root, pathOf(uri));
}

export function formatReport(format: Format, r: Report, color: boolean): string {
  switch (format) {
    case 'json': return JSON.stringify(toJson(r), null, 2) + '\n';
    case 'sarif': return JSON.stringify(toSarif(r), null, 2) + '\n';
    case 'github': return r.findings.map((f) => githubLine(r, f)).join('');
    case 'text': return toText(r, color);
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

export function toSarif(r: Report) {
  const codes = Object.keys(CATALOGUE);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'stellar-kit',
          informationUri: 'https://stellar-kit.dev/docs/rules',
          version: '0.1.0',
          rules: codes.map((code) => ({
            id: code,
            name: CATALOGUE[code].title.replace(/[^A-Za-z0-9]+(.)?/g, (_, c: string | undefined) => (c ? c.toUpperCase() : '')),
            shortDescription: { text: CATALOGUE[code].title },
            helpUri: `https://stellar-kit.dev/docs/rules#${code.toLowerCase()}`,
            defaultConfiguration: { level: SARIF_LEVEL[CATALOGUE[code].severity] },
          })),
        },
      },
      originalUriBaseIds: { SRCROOT: { uri: pathToFileUri(r.root) } },
      results: r.findings.map((f) => ({
        ruleId: f.code,
        ruleIndex: Math.max(0, codes.indexOf(f.code)),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [{ physicalLocation: { artifactLocation: { uri: rel(r.root, f.uri), uriBaseId: 'SRCROOT' }, region: sarifRegion(f.range) } }],
        ...(f.related.length ? {
          relatedLocations: f.related.map((x, i) => ({
            id: i,
            message: { text: x.message },
            physicalLocation: { artifactLocation: { uri: rel(r.root, x.uri), uriBaseId: 'SRCROOT' }, region: sarifRegion(x.range) },
          })),
        } : {}),
      })),
    }],
  };
}

function pathToFileUri(p: string): string {
  const abs = path.resolve(p).split(path.sep).join('/');
  return `file://${abs.startsWith('/') ? '' : '/'}${encodeURI(abs)}/`;
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
    `file=${escapeProp(rel(r.root, f.uri))}`,
    `line=${f.range.start.line + 1}`, `col=${f.range.start.character + 1}`,
    `endLine=${f.range.end.line + 1}`, `endColumn=${f.range.end.character + 1}`,
    `title=${escapeProp(`${f.code} ${CATALOGUE[f.code]?.title ?? ''}`.trim())}`,
  ];
  return `::${level} ${props.join(',')}::${escapeData(`${f.code}: ${f.message}`)}\n`;
}

const COLORS = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m', dim: '\x1b[2m', bold: '\x1b[1m', reset: '\x1b[0m' };

/** Control characters from a file must not reach the terminal as escape sequences. */
function printable(s: string): string {
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
  const e = count('error'), w = count('warning'), i = count('information');
  const plural = (n: number, w1: string) => `${n} ${w1}${n === 1 ? '' : 's'}`;
  out += r.findings.length
    ? `\n${plural(e, 'error')}, ${plural(w, 'warning')}, ${i} information in ${plural(r.fileCount, 'file')} checked.\n`
    : `No problems in ${plural(r.fileCount, 'file')} checked.\n`;
  return out;
}
