import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams, Position, Range, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
import { normalizeUri } from './uris';

/**
 * The documents the client has open, keyed by normalised uri. Their text wins over the disk:
 * watcher events for an open document are ignored until it closes.
 */
export class OpenDocuments {
  private readonly docs = new Map<string, { doc: TextDocument; clientUri: string }>();

  open(p: DidOpenTextDocumentParams): string {
    const uri = normalizeUri(p.textDocument.uri);
    const text = typeof p.textDocument.text === 'string' ? p.textDocument.text : '';
    this.docs.set(uri, { doc: TextDocument.create(uri, p.textDocument.languageId ?? '', p.textDocument.version ?? 0, text), clientUri: p.textDocument.uri });
    return uri;
  }

  /**
   * Applies full or incremental changes; returns the uri, or undefined for a document that is not open.
   * A malformed change is dropped and a range outside the text (or ending before it starts) is applied as
   * LSP's text document does it (clamped; ends swapped); both are reported to `warn`, never silently.
   */
  change(p: DidChangeTextDocumentParams, warn: (problem: string) => void = () => {}): string | undefined {
    const uri = normalizeUri(p.textDocument.uri);
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    const changes: unknown[] = Array.isArray(p.contentChanges) ? p.contentChanges : [];
    const version = typeof p.textDocument.version === 'number' ? p.textDocument.version : entry.doc.version + 1;
    changes.forEach((c, i) => {
      const which = `change ${i + 1} of ${changes.length}`;
      if (!isChange(c)) {
        warn(`${which} is malformed (it needs a string text and, if ranged, integer lines and characters): ignored`);
        return;
      }
      const problem = 'range' in c && c.range ? rangeProblem(entry.doc, c.range) : undefined;
      if (problem) warn(`${which}: ${problem}`);
      entry.doc = TextDocument.update(entry.doc, [c], version);
    });
    if (entry.doc.version !== version) entry.doc = TextDocument.update(entry.doc, [], version); // nothing applied
    return uri;
  }

  close(rawUri: string): string {
    const uri = normalizeUri(rawUri);
    this.docs.delete(uri);
    return uri;
  }

  get(uri: string): TextDocument | undefined {
    return this.docs.get(uri)?.doc;
  }
  isOpen(uri: string): boolean {
    return this.docs.has(uri);
  }
  /** The uri exactly as the client spelled it (diagnostics are published under it). */
  clientUri(uri: string): string {
    return this.docs.get(uri)?.clientUri ?? uri;
  }
  uris(): string[] {
    return [...this.docs.keys()];
  }
}

/** Drops malformed changes rather than letting them corrupt the text. */
function isChange(c: unknown): c is TextDocumentContentChangeEvent {
  if (typeof c !== 'object' || c === null || typeof (c as { text?: unknown }).text !== 'string') return false;
  const range = (c as { range?: unknown }).range;
  return range === undefined || (isPosition((range as { start?: unknown }).start) && isPosition((range as { end?: unknown }).end));
}

function isPosition(p: unknown): boolean {
  const q = p as { line?: unknown; character?: unknown } | undefined;
  return Number.isInteger(q?.line) && Number.isInteger(q?.character);
}

/** What is wrong with a change's range in the text it applies to, or undefined. */
export function rangeProblem(doc: TextDocument, range: Range): string | undefined {
  const { start, end } = range;
  const span = `${start.line}:${start.character}-${end.line}:${end.character}`;
  const problems: string[] = [];
  if (!inText(doc, start) || !inText(doc, end)) problems.push(`lies outside the text (${doc.lineCount} lines), so it was clamped to the text`);
  if (start.line > end.line || (start.line === end.line && start.character > end.character)) problems.push('starts after it ends, so its ends were swapped');
  return problems.length > 0 ? `range ${span} ${problems.join(' and ')}` : undefined;
}

/** A position names a place in the text exactly when it survives the round trip through an offset. */
function inText(doc: TextDocument, p: Position): boolean {
  const back = doc.positionAt(doc.offsetAt(p));
  return back.line === p.line && back.character === p.character;
}
