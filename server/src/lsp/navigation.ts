import type { DefinitionParams, ReferenceParams } from 'vscode-languageserver/node';
import { findDefinition, findReferences } from '../service/features';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampPosition, targetOf } from './target';

/** Go to definition and find references. */
export function registerNavigation(session: Session): void {
  session.connection.onDefinition(guardRequest(session, 'definition', (p: DefinitionParams) => {
    const t = targetOf(session, p.textDocument);
    const position = t && clampPosition(t, p.position);
    return t && position ? findDefinition(t.index, t.uri, position) : null;
  }));

  session.connection.onReferences(guardRequest(session, 'references', (p: ReferenceParams) => {
    const t = targetOf(session, p.textDocument);
    const position = t && clampPosition(t, p.position);
    return t && position ? findReferences(t.index, t.uri, position, p.context?.includeDeclaration !== false) : null;
  }));
}
