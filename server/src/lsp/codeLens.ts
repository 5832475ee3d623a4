import type { CodeLensParams } from 'vscode-languageserver/node';
import { codeLenses } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { targetOf } from './target';

/** "linked by N agents" on shared actions, "Run in <environment>" on agent actions (client commands). */
export function registerCodeLens(session: Session): void {
  session.connection.onCodeLens(
    guardRequest(session, 'codeLens', (p: CodeLensParams) => {
      const t = targetOf(session, p.textDocument);
      return t ? codeLenses(t.index, t.uri) : [];
    }),
  );
}
