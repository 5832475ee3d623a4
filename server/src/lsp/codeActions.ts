import { CodeActionKind, type CodeActionParams } from 'vscode-languageserver/node';
import { getCodeActions } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampRange, targetOf } from './target';

/** Quick fixes for the diagnostics in the range (the client sends them back with their `data`). */
export function registerCodeActions(session: Session): void {
  session.connection.onCodeAction(
    guardRequest(session, 'codeAction', (p: CodeActionParams) => {
      const only = p.context?.only;
      if (Array.isArray(only) && !only.some((k) => CodeActionKind.QuickFix.startsWith(k) || k.startsWith(CodeActionKind.QuickFix))) return [];
      const t = targetOf(session, p.textDocument);
      const range = t && clampRange(t, p.range);
      if (!t || !range) return [];
      const diagnostics = Array.isArray(p.context?.diagnostics) ? p.context.diagnostics : [];
      return getCodeActions(
        t.index,
        t.uri,
        range,
        diagnostics.filter((d) => d && typeof d === 'object' && d.range),
      );
    }),
  );
}
