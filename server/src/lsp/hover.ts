import type { HoverParams } from 'vscode-languageserver/node';
import { doHover } from '../service/features';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampPosition, targetOf } from './target';

export function registerHover(session: Session): void {
  session.connection.onHover(guardRequest(session, 'hover', (p: HoverParams) => {
    const t = targetOf(session, p.textDocument);
    const position = t && clampPosition(t, p.position);
    return t && position ? doHover(t.index, t.uri, position) : null;
  }));
}
