import { CodeLensRefreshRequest, type CodeLensParams } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { codeLenses, kindOf, reviewLens } from '../service';
import { Protocol } from '../protocol';
import { guardRequest } from './guard';
import { ReviewBases } from './reviewBase';
import type { Session } from './session';
import { targetOf } from './target';

/**
 * "linked by N agents" on shared actions, with how their shape differs from the base branch ("vs main: method
 * changed · reaches 2 agents"); "Run in <environment>" on agent actions (client commands).
 */
export function registerCodeLens(session: Session): void {
  const bases = new ReviewBases(session.log);
  session.connection.onCodeLens(
    guardRequest(session, 'codeLens', async (p: CodeLensParams) => {
      const t = targetOf(session, p.textDocument);
      if (!t) return [];
      const lenses = codeLenses(t.index, t.uri);
      if (!session.workspaceTrusted || kindOf(t.uri) !== 'action' || URI.parse(t.folder.uri).scheme !== 'file') return lenses;
      const base = await bases.of(t.folder);
      // The index may have moved on while git ran: answer from what it holds now.
      const review = base && session.folders.owner(t.uri) === t.folder ? reviewLens(t.folder.index, t.uri, base) : undefined;
      return review ? [review, ...codeLenses(t.folder.index, t.uri)] : lenses;
    }),
  );
  session.connection.onNotification(Protocol.workspaceTrusted.method, () => {
    session.workspaceTrusted = true;
    if (session.client.codeLensRefresh)
      void session.connection.sendRequest(CodeLensRefreshRequest.type).catch((e: Error) => session.log.warn(`Refreshing code lenses failed: ${e.message}`));
  });
}
