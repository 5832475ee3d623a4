import { ALWAYS_EXCLUDED, stripSlash } from '../service';
import { WorkspaceIndex } from '../service';
import { DEFAULT_SETTINGS, type Settings } from './settings';
import { pathOf } from '../node/loadFolder';
import { normalizeUri } from './uris';

/** One workspace folder: its own index, settings and load state. */
export class Folder {
  readonly uri: string;
  readonly fsPath: string;
  index: WorkspaceIndex;
  settings: Settings = DEFAULT_SETTINGS;
  /** Resolves when the first full scan is in the index; diagnostics wait for it so none is published half-informed. */
  loaded = false;
  /** For each open document in the index: the version whose text the index holds. */
  readonly indexedVersions = new Map<string, number>();

  constructor(
    uri: string,
    readonly name: string,
  ) {
    this.uri = stripSlash(normalizeUri(uri));
    this.fsPath = pathOf(this.uri);
    this.index = new WorkspaceIndex(this.uri);
  }

  /** True when `uri` is a Stellar file of this folder and not in an excluded folder. */
  accepts(uri: string): boolean {
    return this.index.accepts(uri) && !this.excludes(uri);
  }

  /** True when a folder on the way from the root to the file `uri` is excluded (by name or by relative path). */
  excludes(uri: string): boolean {
    return this.excludedDirs(uri).slice(0, -1).some(Boolean);
  }

  /** True when the folder `uri` or one above it is excluded. */
  excludesFolder(uri: string): boolean {
    return this.excludedDirs(uri).some(Boolean);
  }

  /** For each path segment below the root, whether it is excluded when taken as a folder. */
  private excludedDirs(uri: string): boolean[] {
    if (!uri.startsWith(this.uri + '/')) return [];
    const parts = uri
      .slice(this.uri.length + 1)
      .split('/')
      .map(decode);
    const names = new Set(this.settings.exclude);
    return parts.map((p, i) => ALWAYS_EXCLUDED.has(p) || names.has(p) || names.has(parts.slice(0, i + 1).join('/')));
  }

  /** Starts over with an empty index (after the exclusions changed); a scan still filling the old one drops its results. */
  reset(): void {
    this.index = new WorkspaceIndex(this.uri);
    this.indexedVersions.clear();
    this.loaded = false;
  }
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

export class Folders {
  private readonly byUri = new Map<string, Folder>();

  add(uri: string, name: string): Folder {
    const f = new Folder(uri, name);
    const existing = this.byUri.get(f.uri);
    if (existing) return existing;
    this.byUri.set(f.uri, f);
    return f;
  }

  remove(uri: string): Folder | undefined {
    const key = stripSlash(normalizeUri(uri));
    const f = this.byUri.get(key);
    this.byUri.delete(key);
    return f;
  }

  all(): Folder[] {
    return [...this.byUri.values()];
  }

  /** The innermost folder that holds `uri`, whether or not it accepts it. */
  containing(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.byUri.values()) {
      if (uri.startsWith(f.uri + '/') && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }

  /** The folder whose index owns `uri`: the innermost one that accepts it. */
  owner(uri: string): Folder | undefined {
    let best: Folder | undefined;
    for (const f of this.byUri.values()) {
      if (f.accepts(uri) && (!best || f.uri.length > best.uri.length)) best = f;
    }
    return best;
  }
}
