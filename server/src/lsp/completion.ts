import type { CompletionItem, CompletionParams, Position } from 'vscode-languageserver/node';
import { doComplete } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { positionTarget } from './target';

/** What a lazily documented item carries to find its documentation again. */
interface ResolveData {
  stellarKit: { uri: string; position: Position };
}

const isResolveData = (d: unknown): d is ResolveData =>
  typeof (d as ResolveData)?.stellarKit?.uri === 'string' && typeof (d as ResolveData).stellarKit.position?.line === 'number';

export function registerCompletion(session: Session): void {
  const complete = (textDocument: unknown, position: unknown): CompletionItem[] => {
    const t = positionTarget(session, { textDocument, position });
    return t ? doComplete(t.index, t.uri, t.position) : [];
  };
  session.connection.onCompletion(
    guardRequest(session, 'completion', (p: CompletionParams) => {
      const items = complete(p.textDocument, p.position); // both may be missing in a malformed request
      // A link list holds every shared action of the workspace: without the descriptions it is a fraction of the
      // bytes to send and parse on each keystroke. Clients that resolve items get them on selection.
      const lazy = session.client.lazyCompletionDocs;
      for (const item of items) {
        if (item.filterText === item.label) delete item.filterText;
        if (lazy && item.documentation !== undefined) {
          delete item.documentation;
          item.data = { stellarKit: { uri: p.textDocument.uri, position: p.position } } satisfies ResolveData;
        }
      }
      return items;
    }),
  );
  session.connection.onCompletionResolve(
    guardRequest(session, 'completionItem/resolve', (item: CompletionItem) => {
      if (!isResolveData(item.data)) return item;
      // Completion is a pure function of the index: asking again finds the same item, now with its documentation.
      const same = complete({ uri: item.data.stellarKit.uri }, item.data.stellarKit.position).find((i) => i.label === item.label && i.kind === item.kind);
      return same?.documentation !== undefined ? { ...item, documentation: same.documentation } : item;
    }),
  );
}
