import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from 'vscode-languageserver/node';
import type { WorkspaceIndex } from '../service/workspace';
import type { Folder } from './folders';
import type { Session } from './session';
import { normalizeUri } from './uris';

/** The file a request is about, resolved to the index that holds it. */
export interface Target { folder: Folder; index: WorkspaceIndex; uri: string }

/** Undefined when the document is not a Stellar file of a folder (or the request is malformed). */
export function targetOf(session: Session, textDocument: unknown): Target | undefined {
  const raw = (textDocument as { uri?: unknown } | undefined)?.uri;
  if (typeof raw !== 'string') return undefined;
  const uri = normalizeUri(raw);
  const folder = session.folders.owner(uri);
  if (!folder || !folder.index.has(uri)) return undefined;
  return { folder, index: folder.index, uri };
}

/** The position moved into the document (a position past the end becomes the end); undefined when malformed. */
export function clampPosition(t: Target, p: unknown): Position | undefined {
  const q = p as Partial<Position> | undefined;
  if (!q || !Number.isFinite(q.line) || !Number.isFinite(q.character)) return undefined;
  const doc = TextDocument.create(t.uri, '', 0, t.index.text(t.uri) ?? '');
  return doc.positionAt(doc.offsetAt({ line: Math.max(0, q.line!), character: Math.max(0, q.character!) }));
}

export function clampRange(t: Target, r: unknown): Range | undefined {
  const q = r as Partial<Range> | undefined;
  const start = clampPosition(t, q?.start);
  const end = clampPosition(t, q?.end);
  return start && end ? { start, end } : undefined;
}
