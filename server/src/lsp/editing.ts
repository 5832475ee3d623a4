import type {
  DocumentFormattingParams,
  DocumentRangeFormattingParams,
  FoldingRangeParams,
  FormattingOptions,
  SelectionRangeParams,
} from 'vscode-languageserver/node';
import type { FormatOptions } from '../service';
import { foldingRanges, formatDocument, selectionRanges } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { clampRange, targetOf } from './target';

/** What Red Hat YAML gave these files: Format Document (and Selection), folding and selection ranges. */
export function registerEditing(session: Session): void {
  session.connection.onDocumentFormatting(
    guardRequest(session, 'formatting', (p: DocumentFormattingParams) => {
      const t = targetOf(session, p.textDocument);
      return t ? formatDocument(t.index, t.uri, formatOptions(p.options)) : [];
    }),
  );

  session.connection.onDocumentRangeFormatting(
    guardRequest(session, 'rangeFormatting', (p: DocumentRangeFormattingParams) => {
      const t = targetOf(session, p.textDocument);
      const range = t && clampRange(t, p.range);
      return t && range ? formatDocument(t.index, t.uri, formatOptions(p.options), range) : [];
    }),
  );

  session.connection.onFoldingRanges(
    guardRequest(session, 'foldingRange', (p: FoldingRangeParams) => {
      const t = targetOf(session, p.textDocument);
      return t ? foldingRanges(t.index, t.uri) : [];
    }),
  );

  session.connection.onSelectionRanges(
    guardRequest(session, 'selectionRange', (p: SelectionRangeParams) => {
      const t = targetOf(session, p.textDocument);
      return t && Array.isArray(p.positions) ? selectionRanges(t.index, t.uri, p.positions) : [];
    }),
  );
}

function formatOptions(o: FormattingOptions | undefined): FormatOptions {
  const flag = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
  return { tabSize: o?.tabSize, trimTrailingWhitespace: flag(o?.trimTrailingWhitespace), insertFinalNewline: flag(o?.insertFinalNewline) };
}
