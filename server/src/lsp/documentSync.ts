import { promises as fs } from 'node:fs';
import type { DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams } from 'vscode-languageserver/node';
import type { Session } from './session';
import { guardNotification } from './guard';
import { pathOf } from '../node/loadFolder';
import { normalizeUri } from './uris';

/** didOpen checks at once; didChange waits for the document to be quiet; didClose goes back to the disk. */
export function registerDocumentSync(session: Session): void {
  const { connection } = session;
  connection.onDidOpenTextDocument(
    guardNotification(session, 'didOpen', (p: DidOpenTextDocumentParams) => {
      if (typeof p.textDocument?.uri !== 'string') return;
      const uri = session.docs.open(p);
      session.syncDocument(uri);
    }),
  );

  connection.onDidChangeTextDocument(
    guardNotification(session, 'didChange', (p: DidChangeTextDocumentParams) => {
      if (typeof p.textDocument?.uri !== 'string') return;
      const uri = session.docs.change(p, (problem) =>
        session.log.warn(`didChange of ${p.textDocument.uri} (version ${String(p.textDocument.version)}): ${problem}.`),
      );
      if (uri) session.scheduleDocument(uri);
    }),
  );

  connection.onDidCloseTextDocument(
    guardNotification(session, 'didClose', async (p: DidCloseTextDocumentParams) => {
      if (typeof p.textDocument?.uri !== 'string') return;
      const uri = normalizeUri(p.textDocument.uri);
      session.cancelTimer(uri);
      session.docs.close(uri);
      const folder = session.folders.owner(uri);
      if (!folder) return;
      folder.indexedVersions.delete(uri);
      // The unsaved text is gone: the file on disk (or its absence) is the truth again.
      const text = await fs.readFile(pathOf(uri), 'utf8').then(
        (t) => t,
        () => undefined,
      );
      if (session.docs.isOpen(uri) || session.folders.owner(uri) !== folder) return; // reopened meanwhile
      session.update(
        folder,
        (index) => {
          if (text === undefined) index.removeFile(uri);
          else index.setFile(uri, text);
        },
        [uri],
      );
    }),
  );
}
