import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver/node';
import { openFile } from '../service';
import type { WorkspaceIndex } from '../service';
import type { Folder } from './folders';
import type { Session } from './session';
import { normalizeUri } from './uris';

/** The file a request is about, resolved to the index that holds it. */
export interface RequestFile {
  folder: Folder;
  index: WorkspaceIndex;
  uri: string;
}

/** Undefined when the document is not a Stellar file of a folder (or the request is malformed). */
export function targetOf(session: Session, textDocument: unknown): RequestFile | undefined {
  const raw = (textDocument as { uri?: unknown } | undefined)?.uri;
  if (typeof raw !== 'string') return undefined;
  const uri = normalizeUri(raw);
  const folder = session.folders.owner(uri);
  if (!folder || !folder.index.has(uri)) return undefined;
  return { folder, index: folder.index, uri };
}

/** A custom request's file parameter: not a Stellar file of a folder is an InvalidParams error (`what` names the parameter). */
export function fileParam(session: Session, rawUri: unknown, what: string): RequestFile {
  if (typeof rawUri !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, `${what} must be a string`);
  const t = targetOf(session, { uri: rawUri });
  if (!t) throw new ResponseError(ErrorCodes.InvalidParams, `'${rawUri}' is not a Stellar file of an open folder`);
  return t;
}

/** The file and position of a position request (hover, completion, definition...); undefined when either is unusable. */
export function positionTarget(session: Session, p: { textDocument?: unknown; position?: unknown }): (RequestFile & { position: Position }) | undefined {
  const t = targetOf(session, p.textDocument);
  const position = t && clampPosition(t, p.position);
  return t && position ? { ...t, position } : undefined;
}

/** The position moved into the document (a position past the end becomes the end); undefined when malformed. */
export function clampPosition(t: RequestFile, p: unknown): Position | undefined {
  const q = p as Partial<Position> | undefined;
  if (!q || !Number.isFinite(q.line) || !Number.isFinite(q.character)) return undefined;
  // The parse the feature is about to read (cached), so its line index is not built twice.
  const lines = openFile(t.index, t.uri)?.lines;
  if (!lines) return undefined;
  return lines.positionAt(lines.offsetAt({ line: Math.max(0, q.line!), character: Math.max(0, q.character!) }));
}

export function clampRange(t: RequestFile, r: unknown): Range | undefined {
  const q = r as Partial<Range> | undefined;
  const start = clampPosition(t, q?.start);
  const end = clampPosition(t, q?.end);
  return start && end ? { start, end } : undefined;
}
