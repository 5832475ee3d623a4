import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DidChangeTextDocumentParams, DidOpenTextDocumentParams, TextDocumentContentChangeEvent } from 'vscode-languageserver/node';
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

  /** Applies full or incremental changes; returns the uri, or undefined for a document that is not open. */
  change(p: DidChangeTextDocumentParams): string | undefined {
    const uri = normalizeUri(p.textDocument.uri);
    const entry = this.docs.get(uri);
    if (!entry) return undefined;
    const changes = (Array.isArray(p.contentChanges) ? p.contentChanges : []).filter(isChange);
    const version = typeof p.textDocument.version === 'number' ? p.textDocument.version : entry.doc.version + 1;
    entry.doc = TextDocument.update(entry.doc, changes, version);
    return uri;
  }

  close(rawUri: string): string {
    const uri = normalizeUri(rawUri);
    this.docs.delete(uri);
    return uri;
  }

  get(uri: string): TextDocument | undefined { return this.docs.get(uri)?.doc; }
  isOpen(uri: string): boolean { return this.docs.has(uri); }
  /** The uri exactly as the client spelled it (diagnostics are published under it). */
  clientUri(uri: string): string { return this.docs.get(uri)?.clientUri ?? uri; }
  uris(): string[] { return [...this.docs.keys()]; }
}

/** Drops malformed changes rather than letting them corrupt the text. */
function isChange(c: unknown): c is TextDocumentContentChangeEvent {
  if (typeof c !== 'object' || c === null || typeof (c as { text?: unknown }).text !== 'string') return false;
  const range = (c as { range?: unknown }).range;
  return range === undefined || (isPosition((range as { start?: unknown }).start) && isPosition((range as { end?: unknown }).end));
}

function isPosition(p: unknown): boolean {
  const q = p as { line?: unknown; character?: unknown } | undefined;
  return typeof q?.line === 'number' && typeof q.character === 'number' && Number.isFinite(q.line) && Number.isFinite(q.character);
}
