import type { Connection } from 'vscode-languageserver/node';
import type { WorkspaceIndex } from '../service';
import { toDiagnostics } from './diagnostics';
import { OpenDocuments } from './documents';
import { Folders, type Folder } from './folders';
import type { ClientSupport } from './capabilities';
import { kindIn } from '../service';
import { belongsOffThread, OffThreadAnalyzer } from './offThread';

/** How long a document must stay unchanged before it is re-checked. */
export const DEBOUNCE_MS = 150;

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/**
 * The server's state: the folders with their indexes and the open documents. Every change to an index
 * goes through `update`, which flushes the index at once and publishes diagnostics for exactly the uris
 * the flush reports, so no change is ever lost to another caller's flush.
 */
export class Session {
  readonly folders = new Folders();
  readonly docs = new OpenDocuments();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly loads = new Set<Promise<void>>();
  /** Called whenever an index change was published (tree views refresh from it). */
  readonly indexListeners = new Set<() => void>();
  /** Large texts are analysed here, off the main loop. */
  readonly offThread = new OffThreadAnalyzer();
  /**
   * False while the client says the workspace is not trusted (initialization option `workspaceTrusted: false`, until
   * `stellarKit/workspaceTrusted`): the review lens does not run git then. Clients that say nothing are trusted.
   */
  workspaceTrusted = true;
  /** For each open document being analysed off the main loop: the version being analysed. */
  private readonly analysing = new Map<string, number>();

  constructor(
    readonly connection: Connection,
    readonly client: ClientSupport,
    readonly log: Logger,
  ) {}

  /** Applies a change to one folder's index and publishes what it changed. */
  update(folder: Folder, change: (index: WorkspaceIndex) => void, alsoPublish: string[] = []): void {
    change(folder.index);
    const changed = folder.index.flush();
    this.publish(folder, [...new Set([...changed, ...alsoPublish])]);
  }

  /** Publishes the current diagnostics of these uris of a loaded folder. */
  publish(folder: Folder, uris: Iterable<string>): void {
    if (!folder.loaded) return; // the end of the scan publishes every file
    for (const uri of uris) this.publishOne(folder, uri);
    this.indexChanged();
  }

  private publishOne(folder: Folder, uri: string): void {
    const clientUri = this.docs.clientUri(uri);
    if (!folder.index.has(uri)) {
      this.send(clientUri, []);
      return;
    }
    const doc = this.docs.get(uri);
    // An open document is published only for the version the index holds: a newer one is on its way.
    if (doc && folder.indexedVersions.get(uri) !== doc.version) return;
    this.send(clientUri, toDiagnostics(folder.index.findings(uri), folder.settings), doc?.version);
  }

  /** Clears the diagnostics of uris no index holds any more. */
  clear(uris: Iterable<string>): void {
    for (const uri of uris) this.send(this.docs.clientUri(uri), []);
    this.indexChanged();
  }

  private indexChanged(): void {
    for (const l of this.indexListeners) l();
  }

  private send(uri: string, diagnostics: ReturnType<typeof toDiagnostics>, version?: number): void {
    void this.connection
      .sendDiagnostics(version === undefined ? { uri, diagnostics } : { uri, version, diagnostics })
      .catch((e: Error) => this.log.error(`Sending diagnostics for ${uri} failed: ${e.message}`));
  }

  /** Puts an open document's current text into its folder's index (no-op when the index already has that version). */
  syncDocument(uri: string): void {
    this.cancelTimer(uri);
    const doc = this.docs.get(uri);
    const folder = this.folders.owner(uri);
    if (!doc || !folder) return;
    if (folder.index.has(uri) && folder.indexedVersions.get(uri) === doc.version) return;
    const text = doc.getText();
    const kind = kindIn(folder.index.rootUri, uri);
    if (kind && belongsOffThread(text) && folder.index.text(uri) !== text && this.offThread.available()) {
      this.analyseOffThread(folder, uri, text, doc.version, kind);
      return;
    }
    this.analysing.delete(uri);
    this.update(
      folder,
      (index) => {
        index.setFile(uri, text);
        folder.indexedVersions.set(uri, doc.version);
      },
      [uri],
    ); // published even when the text equals an earlier one, so the client sees this version
  }

  /**
   * Analyses a large open document on the worker thread and puts the result in the index if that version is still
   * the document's; meanwhile requests are answered from the version the index holds.
   */
  private analyseOffThread(folder: Folder, uri: string, text: string, version: number, kind: NonNullable<ReturnType<typeof kindIn>>): void {
    if (this.analysing.get(uri) === version) return;
    this.analysing.set(uri, version);
    void this.offThread
      .analyze(uri, text, kind)
      .then((analysis) => {
        if (this.analysing.get(uri) !== version) return; // a newer version is on its way
        this.analysing.delete(uri);
        if (this.docs.get(uri)?.version !== version || this.folders.owner(uri) !== folder) return;
        this.update(
          folder,
          (index) => {
            index.setAnalyzed(uri, text, analysis);
            folder.indexedVersions.set(uri, version);
          },
          [uri],
        );
      })
      .catch((e: Error) => this.log.error(`Checking ${uri} failed: ${e?.stack ?? e}`));
  }

  /** Re-checks an open document once it has been quiet for DEBOUNCE_MS; a newer change restarts the wait. */
  scheduleDocument(uri: string): void {
    this.cancelTimer(uri);
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        try {
          this.syncDocument(uri);
        } catch (e) {
          this.log.error(`Checking ${uri} failed: ${(e as Error).stack ?? e}`);
        }
      }, DEBOUNCE_MS),
    );
  }

  /** Brings every document with a pending change into the index now (before answering a request). */
  syncPending(): void {
    for (const uri of [...this.timers.keys()]) this.syncDocument(uri);
  }

  cancelTimer(uri: string): void {
    const t = this.timers.get(uri);
    if (t) clearTimeout(t);
    this.timers.delete(uri);
  }

  /** Tracks a folder scan so requests and watcher batches can wait for it; returns the scan itself. */
  trackLoad(load: Promise<void>): Promise<void> {
    const tracked = load.catch((e: Error) => this.log.error(`Indexing failed: ${e?.stack ?? e}`));
    this.loads.add(tracked);
    void tracked.finally(() => this.loads.delete(tracked));
    return load;
  }

  /** Resolves when no folder scan is running. */
  async whenLoaded(): Promise<void> {
    while (this.loads.size > 0) await Promise.all([...this.loads]);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.offThread.dispose();
  }
}
