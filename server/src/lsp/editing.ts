import type { DocumentFormattingParams, DocumentRangeFormattingParams, FoldingRangeParams, SelectionRangeParams } from 'vscode-languageserver/node';
import { foldingRanges, formatDocument, selectionRanges } from '../service/features';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampRange, targetOf } from './target';

/** What Red Hat YAML gave these files: Format Document (and Selection), folding and selection ranges. */
export function registerEditing(session: Session): void {
  session.connection.onDocumentFormatting(guardRequest(session, 'formatting', (p: DocumentFormattingParams) => {
    const t = targetOf(session, p.textDocument);
    return t ? formatDocument(t.index, t.uri, { tabSize: p.options?.tabSize }) : [];
  }));

  session.connection.onDocumentRangeFormatting(guardRequest(session, 'rangeFormatting', (p: DocumentRangeFormattingParams) => {
    const t = targetOf(session, p.textDocument);
    const range = t && clampRange(t, p.range);
    return t && range ? formatDocument(t.index, t.uri, { tabSize: p.options?.tabSize }, range) : [];
  }));

  session.connection.onFoldingRanges(guardRequest(session, 'foldingRange', (p: FoldingRangeParams) => {
    const t = targetOf(session, p.textDocument);
    return t ? foldingRanges(t.index, t.uri) : [];
  }));

  session.connection.onSelectionRanges(guardRequest(session, 'selectionRange', (p: SelectionRangeParams) => {
    const t = targetOf(session, p.textDocument);
    return t && Array.isArray(p.positions) ? selectionRanges(t.index, t.uri, p.positions) : [];
  }));
}
