/**
 * Editor features of Stellar Kit as pure functions over the workspace index: no LSP connection, no
 * file system. Positions are 0-based UTF-16 LSP positions. Every function answers from the current
 * text the index holds and returns an empty result for unknown files, malformed YAML or positions
 * past the end; only doRename throws, with a RenameError, for a new name it cannot use.
 */
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  DocumentSymbol,
  FoldingRange,
  Hover,
  Location,
  Position,
  Range,
  SelectionRange,
  SymbolInformation,
  TextEdit,
  WorkspaceEdit,
} from 'vscode-languageserver-types';
import type { Finding } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { getCodeActions as codeActionsImpl, type CodeActionOptions, type DiagnosticLike } from './codeActions';
import { codeLenses as codeLensesImpl } from './codeLens';
import { reviewLens as reviewLensImpl, type ReviewBase } from './reviewLens';
import { doComplete as completeImpl } from './completion';
import { findDefinition as definitionImpl } from './definition';
import { willDeleteFiles as willDeleteImpl, willRenameFiles as willRenameImpl } from './fileOperations';
import { formatEdits, type FormatOptions } from './format';
import { doHover as hoverImpl } from './hover';
import { documentSymbols as documentSymbolsImpl, workspaceSymbols as workspaceSymbolsImpl } from './outline';
import { findReferences as referencesImpl } from './references';
import { doRename as renameImpl, prepareRename as prepareRenameImpl } from './rename';
import { RenameError } from './renameEdits';
import { foldingRanges as foldingRangesImpl, selectionRanges as selectionRangesImpl } from './structure';

export { RenameError };
export type { CodeActionOptions, DiagnosticLike, FormatOptions, ReviewBase };
export type { RunActionArgs } from './codeLens';

/** A feature must never take the server down: an unexpected error yields the empty answer. */
function guard<A extends unknown[], R>(fn: (...args: A) => R, empty: () => R): (...args: A) => R {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch (e) {
      if (e instanceof RenameError) throw e;
      return empty();
    }
  };
}

export const doComplete: (index: WorkspaceIndex, uri: string, position: Position) => CompletionItem[] = guard(completeImpl, () => []);
export const doHover: (index: WorkspaceIndex, uri: string, position: Position) => Hover | null = guard(hoverImpl, () => null);
export const findDefinition: (index: WorkspaceIndex, uri: string, position: Position) => Location[] = guard(definitionImpl, () => []);
export const findReferences: (index: WorkspaceIndex, uri: string, position: Position, includeDeclaration: boolean) => Location[] = guard(
  referencesImpl,
  () => [],
);
export const prepareRename: (index: WorkspaceIndex, uri: string, position: Position) => { range: Range; placeholder: string } | null = guard(
  prepareRenameImpl,
  () => null,
);
export const doRename: (index: WorkspaceIndex, uri: string, position: Position, newName: string) => WorkspaceEdit | null = guard(renameImpl, () => null);
export const getCodeActions: (index: WorkspaceIndex, uri: string, range: Range, diagnostics: DiagnosticLike[], options?: CodeActionOptions) => CodeAction[] =
  guard(codeActionsImpl, () => []);
export const documentSymbols: (index: WorkspaceIndex, uri: string) => DocumentSymbol[] = guard(documentSymbolsImpl, () => []);
export const workspaceSymbols: (index: WorkspaceIndex, query: string) => SymbolInformation[] = guard(workspaceSymbolsImpl, () => []);
export const codeLenses: (index: WorkspaceIndex, uri: string) => CodeLens[] = guard(codeLensesImpl, () => []);
export const reviewLens: (index: WorkspaceIndex, uri: string, base: ReviewBase) => CodeLens | undefined = guard(reviewLensImpl, () => undefined);

export const fileOperations = {
  willDeleteFiles: guard(willDeleteImpl, () => ({ findings: [] as Finding[] })) as (
    index: WorkspaceIndex,
    uris: string[],
  ) => { findings: Finding[]; edit?: WorkspaceEdit },
  willRenameFiles: guard(willRenameImpl, () => null) as (index: WorkspaceIndex, renames: { oldUri: string; newUri: string }[]) => WorkspaceEdit | null,
};
export const willDeleteFiles = fileOperations.willDeleteFiles;
export const willRenameFiles = fileOperations.willRenameFiles;

export const formatDocument: (index: WorkspaceIndex, uri: string, options: FormatOptions, range?: Range) => TextEdit[] = guard(formatDocumentImpl, () => []);
export const foldingRanges: (index: WorkspaceIndex, uri: string) => FoldingRange[] = guard(foldingRangesImpl, () => []);
export const selectionRanges: (index: WorkspaceIndex, uri: string, positions: Position[]) => SelectionRange[] = guard(selectionRangesImpl, () => []);

function formatDocumentImpl(index: WorkspaceIndex, uri: string, options: FormatOptions, range?: Range): TextEdit[] {
  const text = typeof uri === 'string' ? index.text(uri) : undefined;
  return text === undefined ? [] : formatEdits(text, options, range);
}
