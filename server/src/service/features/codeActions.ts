import { CodeAction, CodeActionKind, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { ruleOf, type DiagnosticLike, type FixContext } from '../rules';
import type { WorkspaceIndex } from '../workspace';
import { openFile } from './cursor';

export type { DiagnosticLike } from '../rules';
export { writeFile } from './fixEdits';

export interface CodeActionOptions {
  now?: Date;
}

/** Quick fixes for the given diagnostics of one file: each code's fixes come from its rule module, in order. */
export function getCodeActions(index: WorkspaceIndex, uri: string, range: Range, diagnostics: DiagnosticLike[], options: CodeActionOptions = {}): CodeAction[] {
  const f = openFile(index, uri);
  if (!f || !Array.isArray(diagnostics)) return [];
  const now = options.now ?? new Date();
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const d of diagnostics) {
    if (!d || !d.range) continue;
    const fixes = ruleOf(String(d.code ?? ''))?.quickFixes;
    if (!fixes) continue;
    const ctx: FixContext = {
      index,
      uri,
      file: f,
      diagnostic: d,
      now,
      actions,
      data: (d.data && typeof d.data === 'object' ? d.data : {}) as Record<string, unknown>,
      fix: (title, edit, preferred = false) => {
        if (!edit) return;
        const a = CodeAction.create(title, edit, CodeActionKind.QuickFix);
        a.diagnostics = [d as Diagnostic];
        if (preferred) a.isPreferred = true;
        actions.push(a);
      },
      once: (key) => {
        if (offered.has(key)) return false;
        offered.add(key);
        return true;
      },
    };
    for (const q of fixes) q.createCodeAction(ctx);
  }
  void range;
  return actions;
}
