import { promises as fs } from 'node:fs';
import { DidChangeWatchedFilesNotification, FileChangeType, WatchKind, type FileEvent } from 'vscode-languageserver/node';
import { listStellarFiles, pathOf, uriOf } from '../node/loadFolder';
import { dirName } from '../service';
import type { Folder } from './folders';
import { STELLAR_GLOBS } from './capabilities';
import { readTexts } from './indexing';
import type { Session } from './session';
import { normalizeUri } from './uris';

/** Events arriving within this window are handled as one batch (a git checkout sends hundreds). */
const BATCH_MS = 30;

/** Asks the client to watch the Stellar files, and folders (a deleted or moved folder is reported once, not per file). */
export async function registerWatchers(session: Session): Promise<void> {
  if (!session.client.watchedFilesRegistration) return;
  await session.connection.client.register(DidChangeWatchedFilesNotification.type, {
    watchers: [...STELLAR_GLOBS.map((globPattern) => ({ globPattern })), { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }],
  });
}

/**
 * Keeps the indexes current with the disk for files that are not open: batches events, reads the
 * changed files, and applies each folder's changes with one flush.
 */
export class FileWatcher {
  private queue: FileEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly session: Session) {}

  onEvents(events: FileEvent[]): void {
    if (!Array.isArray(events)) return;
    for (const e of events) if (typeof e?.uri === 'string' && typeof e.type === 'number') this.queue.push(e);
    if (!this.timer && this.queue.length > 0) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        this.running = this.running.then(() => this.processBatch()).catch((e: Error) => this.session.log.error(`File events failed: ${e.stack ?? e}`));
      }, BATCH_MS);
    }
  }

  private async processBatch(): Promise<void> {
    await this.session.whenLoaded();
    // The last event per uri wins: created-then-deleted is a delete, deleted-then-created is a change.
    const latest = new Map<string, FileChangeType>();
    for (const e of this.queue.splice(0)) latest.set(normalizeUri(e.uri), e.type);

    const reads = new Map<Folder, Set<string>>();
    const removals = new Map<Folder, Set<string>>();
    const add = (m: Map<Folder, Set<string>>, f: Folder, uri: string) => {
      let s = m.get(f);
      if (!s) m.set(f, (s = new Set()));
      s.add(uri);
    };
    const newFolders: { folder: Folder; path: string }[] = [];
    // A checkout deletes many files that were never indexed: only the folders above an indexed file are
    // worth a look through the index (built once per batch, when first needed).
    const dirs = new Map<Folder, Set<string>>();
    const indexedDirs = (folder: Folder) => {
      let s = dirs.get(folder);
      if (!s) {
        dirs.set(folder, (s = new Set()));
        for (const u of folder.index.uris()) for (let d = dirName(u); d.length > folder.uri.length && !s.has(d); d = dirName(d)) s.add(d);
      }
      return s;
    };

    for (const [uri, type] of latest) {
      if (this.session.docs.isOpen(uri)) continue; // the editor's text wins until the document closes
      const owner = this.session.folders.owner(uri);
      if (type === FileChangeType.Deleted) {
        for (const folder of this.session.folders.all()) {
          if (folder.index.has(uri)) add(removals, folder, uri);
          else if (indexedDirs(folder).has(uri) && !folder.excludesFolder(uri)) {
            // Perhaps a folder: everything indexed below it goes too.
            for (const u of folder.index.uris()) if (u.startsWith(uri + '/') && !this.session.docs.isOpen(u)) add(removals, folder, u);
          }
        }
      } else if (owner) {
        add(reads, owner, uri);
      } else if (type === FileChangeType.Created) {
        const folder = this.session.folders.containing(uri);
        if (folder && !folder.excludesFolder(uri)) newFolders.push({ folder, path: pathOf(uri) });
      }
    }

    // A created folder (a checkout, a move) brings its Stellar files without an event for each.
    for (const { folder, path } of newFolders) {
      const stat = await fs.stat(path).catch(() => undefined);
      if (!stat?.isDirectory()) continue;
      for (const file of await listStellarFiles(path, [], (dir, error) =>
        this.session.log.warn(`Cannot read the folder ${dir} (${error}): its Stellar files are not checked.`),
      )) {
        const uri = uriOf(file);
        if (this.session.folders.owner(uri) === folder) add(reads, folder, uri);
      }
    }

    const folders = new Set([...reads.keys(), ...removals.keys()]);
    for (const folder of folders) {
      const toRead = [...(reads.get(folder) ?? [])];
      const texts = await readTexts(toRead.map(pathOf));
      if (!this.session.folders.all().includes(folder)) continue;
      this.session.update(folder, (index) => {
        for (const uri of removals.get(folder) ?? []) if (!this.session.docs.isOpen(uri)) index.removeFile(uri);
        toRead.forEach((uri, i) => {
          if (this.session.docs.isOpen(uri)) return; // opened while it was being read
          const text = texts[i];
          if (text === undefined) index.removeFile(uri);
          else index.setFile(uri, text);
        });
      });
    }
  }
}
