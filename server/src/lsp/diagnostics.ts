import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../service';
import type { Settings } from './settings';

export const RULES_URL = 'https://stellar-kit.dev/docs/rules';

const LSP_SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** One finding as an LSP diagnostic, with the folder's severity override; undefined when the code is turned off. */
export function toDiagnostic(f: Finding, settings: Settings): Diagnostic | undefined {
  const level = settings.severity[f.code] ?? f.severity;
  if (level === 'off') return undefined;
  const d: Diagnostic = {
    range: f.range,
    severity: LSP_SEVERITY[level],
    code: f.code,
    codeDescription: { href: `${RULES_URL}#${f.code.toLowerCase()}` },
    source: 'stellar-kit',
    message: f.message,
  };
  if (f.related.length > 0) d.relatedInformation = f.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  if (f.data !== undefined) d.data = f.data;
  return d;
}

export function toDiagnostics(findings: Finding[], settings: Settings): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    const d = toDiagnostic(f, settings);
    if (d) out.push(d);
  }
  return out;
}
