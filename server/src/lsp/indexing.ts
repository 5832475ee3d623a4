import { promises as fs } from 'node:fs';
import type { WorkDoneProgressReporter } from 'vscode-languageserver/node';
import { listStellarFiles, uriOf } from '../node/loadFolder';
import { kindIn } from '../service';
import type { Folder } from './folders';
import { belongsOffThread } from './offThread';
import type { Session } from './session';

const READ_CHUNK = 64;

/** Reads files in chunks (bounded open files); unreadable or vanished files come back undefined. */
export async function readTexts(paths: string[]): Promise<(string | undefined)[]> {
  const out: (string | undefined)[] = [];
  for (let i = 0; i < paths.length; i += READ_CHUNK) {
    const chunk = paths.slice(i, i + READ_CHUNK);
    for (const t of await Promise.all(
      chunk.map((p) =>
        fs.readFile(p, 'utf8').then(
          (t) => t,
          () => undefined,
        ),
      ),
    ))
      out.push(t);
  }
  return out;
}

/**
 * Scans folders into their indexes (open documents keep their editor text), then publishes every file.
 * Progress is shown only when the client supports server-initiated progress.
 */
export async function scanFolders(session: Session, folders: Folder[], title = 'Stellar Kit'): Promise<void> {
  const progress = session.client.workDoneProgress ? await createProgress(session) : undefined;
  progress?.begin(title, 0, 'Indexing Stellar files', false);
  try {
    for (const folder of folders) {
      const index = folder.index;
      const stale = () => folder.index !== index || !session.folders.all().includes(folder); // rebuilt or removed meanwhile
      const files = await listStellarFiles(folder.fsPath, folder.settings.exclude, (dir, error) =>
        session.log.warn(`Cannot read the folder ${dir} (${error}): its Stellar files are not checked.`),
      );
      // Read and analyse a chunk at a time, yielding in between, so a large workspace shows progress
      // and notifications (edits, cancellations) keep flowing.
      for (let i = 0; i < files.length && !stale(); i += READ_CHUNK) {
        const chunk = files.slice(i, i + READ_CHUNK);
        const texts = await readTexts(chunk);
        if (stale()) break;
        for (const [j, file] of chunk.entries()) {
          const uri = uriOf(file);
          const text = texts[j];
          if (text === undefined || session.docs.isOpen(uri) || session.folders.owner(uri) !== folder) continue;
          const kind = kindIn(index.rootUri, uri);
          if (kind && belongsOffThread(text) && session.offThread.available()) {
            // A large file is analysed on the worker thread: requests and edits keep flowing meanwhile.
            const analysis = await session.offThread.analyze(uri, text, kind);
            if (stale()) break;
            if (!session.docs.isOpen(uri) && session.folders.owner(uri) === folder) index.setAnalyzed(uri, text, analysis);
          } else index.setFile(uri, text);
        }
        const done = Math.min(i + READ_CHUNK, files.length);
        progress?.report(Math.floor((done / files.length) * 100), `${folder.name}: ${done}/${files.length} files`);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (stale()) continue;
      for (const uri of session.docs.uris()) {
        const doc = session.docs.get(uri);
        if (!doc || session.folders.owner(uri) !== folder) continue;
        index.setFile(uri, doc.getText());
        folder.indexedVersions.set(uri, doc.version);
      }
      folder.loaded = true;
      // Every file, not only what this flush reports: files set before the scan ended were flushed unpublished.
      session.publish(folder, new Set([...index.flush(), ...index.uris()]));
      session.log.info(`Indexed ${index.uris().length} Stellar files in ${folder.fsPath}`);
    }
  } finally {
    progress?.done();
  }
}

async function createProgress(session: Session): Promise<WorkDoneProgressReporter | undefined> {
  try {
    return await session.connection.window.createWorkDoneProgress();
  } catch (e) {
    session.log.error(`Could not create progress: ${(e as Error).message}`);
    return undefined;
  }
}
