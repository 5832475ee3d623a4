import type { DefinitionParams, ReferenceParams } from 'vscode-languageserver/node';
import { findDefinition, findReferences } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { positionTarget } from './target';

/** Go to definition and find references. */
export function registerNavigation(session: Session): void {
  session.connection.onDefinition(
    guardRequest(session, 'definition', (p: DefinitionParams) => {
      const t = positionTarget(session, p);
      return t ? findDefinition(t.index, t.uri, t.position) : null;
    }),
  );

  session.connection.onReferences(
    guardRequest(session, 'references', (p: ReferenceParams) => {
      const t = positionTarget(session, p);
      return t ? findReferences(t.index, t.uri, t.position, p.context?.includeDeclaration !== false) : null;
    }),
  );
}
