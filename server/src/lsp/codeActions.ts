import { CodeActionKind, type CodeActionParams } from 'vscode-languageserver/node';
import { getCodeActions } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampRange, targetOf } from './target';

/** Quick fixes for the diagnostics in the range (the client sends them back with their `data`), and refactorings. */
export function registerCodeActions(session: Session): void {
  session.connection.onCodeAction(
    guardRequest(session, 'codeAction', (p: CodeActionParams) => {
      const only = p.context?.only;
      const wanted = (kind: string) => !Array.isArray(only) || only.some((k) => kind.startsWith(k) || k.startsWith(kind));
      if (!wanted(CodeActionKind.QuickFix) && !wanted(CodeActionKind.RefactorRewrite)) return [];
      const t = targetOf(session, p.textDocument);
      const range = t && clampRange(t, p.range);
      if (!t || !range) return [];
      const diagnostics = Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [];
      // Quick fixes for the diagnostics, and refactorings (promote an api-call) where the cursor is.
      return getCodeActions(
        t.index,
        t.uri,
        range,
        diagnostics.filter((d) => d && typeof d === 'object' && d.range),
      ).filter((a) => wanted(a.kind ?? CodeActionKind.QuickFix));
    }),
  );
}
