import type { HoverParams } from 'vscode-languageserver/node';
import { doHover } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { positionTarget } from './target';

export function registerHover(session: Session): void {
  session.connection.onHover(
    guardRequest(session, 'hover', (p: HoverParams) => {
      const t = positionTarget(session, p);
      return t ? doHover(t.index, t.uri, t.position) : null;
    }),
  );
}
