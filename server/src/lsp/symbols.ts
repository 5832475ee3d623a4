import type { DocumentSymbolParams, SymbolInformation, WorkspaceSymbolParams } from 'vscode-languageserver/node';
import { documentSymbols, workspaceSymbols } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { targetOf } from './target';

/** The outline of one file, and symbols of every folder for "go to symbol in workspace". */
export function registerSymbols(session: Session): void {
  session.connection.onDocumentSymbol(
    guardRequest(session, 'documentSymbol', (p: DocumentSymbolParams) => {
      const t = targetOf(session, p.textDocument);
      return t ? documentSymbols(t.index, t.uri) : [];
    }),
  );

  session.connection.onWorkspaceSymbol(
    guardRequest(session, 'workspaceSymbol', (p: WorkspaceSymbolParams, token) => {
      const query = typeof p.query === 'string' ? p.query : '';
      const out: SymbolInformation[] = [];
      for (const folder of session.folders.all()) {
        if (token.isCancellationRequested) break;
        out.push(...workspaceSymbols(folder.index, query));
      }
      return out;
    }),
  );
}
