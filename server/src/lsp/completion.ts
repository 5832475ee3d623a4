import type { CompletionParams } from 'vscode-languageserver/node';
import { doComplete } from '../service/features';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampPosition, targetOf } from './target';

export function registerCompletion(session: Session): void {
  session.connection.onCompletion(guardRequest(session, 'completion', (p: CompletionParams) => {
    const t = targetOf(session, p.textDocument);
    const position = t && clampPosition(t, p.position);
    return t && position ? doComplete(t.index, t.uri, position) : [];
  }));
}
