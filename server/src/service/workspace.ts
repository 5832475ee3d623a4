import { analyzeFile, type FileAnalysis } from './analyze';
import { crossFindings } from './crossRules';
import { kindIn, stripSlash } from './files';
import { providedKeys } from './keys';
import { capFindings, sortFindings } from './limits';
import type { Lookup } from './lookup';
import type { Finding } from './types';

interface Entry {
  analysis: FileAnalysis;
  text: string;
  provided: string[];
  /** Keys the cross-file findings read last time they were computed. */
  deps: string[];
  cross: Finding[];
}

/**
 * The workspace index: one owner of what files exist and what they define. Files are analysed once
 * per change; cross-file findings are recomputed only for files that read a key the change touched.
 */
export class WorkspaceIndex {
  readonly rootUri: string;
  private readonly entries = new Map<string, Entry>();
  private readonly providers = new Map<string, Map<string, FileAnalysis>>();
  /** `providers` as lists, made on first read and dropped when the key's providers change (lookups are hot). */
  private readonly providerLists = new Map<string, readonly FileAnalysis[]>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly dirty = new Set<string>();
  private readonly removed = new Set<string>();
  private changes = 0;

  /** Grows with every added, changed or removed file: a key for caches of what the index holds. */
  get generation(): number {
    return this.changes;
  }

  constructor(rootUri: string) {
    this.rootUri = stripSlash(rootUri);
  }

  /** True when `uri` is a Stellar file of this workspace. */
  accepts(uri: string): boolean {
    return kindIn(this.rootUri, uri) !== undefined;
  }

  /** Adds or replaces a file. Returns false (and does nothing) for a file that is not a Stellar file. */
  setFile(uri: string, text: string): boolean {
    const kind = kindIn(this.rootUri, uri);
    if (!kind) return false;
    const old = this.entries.get(uri);
    if (old && old.text === text) return true;
    this.setAnalyzed(uri, text, analyzeFile(uri, text, kind));
    return true;
  }

  /**
   * Adds or replaces a file whose analysis was made elsewhere (another thread) by `analyzeFile` with this
   * workspace's kind of `uri`: what `setFile` does after analysing.
   */
  setAnalyzed(uri: string, text: string, analysis: FileAnalysis): void {
    this.changes++;
    const old = this.entries.get(uri);
    const provided = providedKeys(analysis);
    if (old) this.unprovide(uri, old.provided);
    for (const k of provided) {
      let m = this.providers.get(k);
      if (!m) this.providers.set(k, (m = new Map()));
      this.providerLists.delete(k);
      m.set(uri, analysis);
    }
    this.entries.set(uri, { analysis, text, provided, deps: old?.deps ?? [], cross: old?.cross ?? [] });
    this.removed.delete(uri);
    this.dirty.add(uri);
    this.touch(old ? [...old.provided, ...provided] : provided);
  }

  removeFile(uri: string): void {
    const old = this.entries.get(uri);
    if (!old) return;
    this.changes++;
    this.unprovide(uri, old.provided);
    this.undepend(uri, old.deps);
    this.entries.delete(uri);
    this.dirty.delete(uri);
    this.removed.add(uri);
    this.touch(old.provided);
  }

  /** Recomputes what the last changes made stale; returns every uri whose findings may differ (removed ones too). */
  flush(): string[] {
    const changed = [...this.removed];
    this.removed.clear();
    for (const uri of this.dirty) {
      const e = this.entries.get(uri);
      if (!e) continue;
      this.undepend(uri, e.deps);
      const read = new Set<string>();
      const lookup: Lookup = {
        providers: (k) => {
          read.add(k);
          return this.providersOf(k);
        },
      };
      e.cross = crossFindings(e.analysis, lookup);
      e.deps = [...read];
      for (const k of e.deps) {
        let s = this.dependents.get(k);
        if (!s) this.dependents.set(k, (s = new Set()));
        s.add(uri);
      }
      changed.push(uri);
    }
    this.dirty.clear();
    return changed;
  }

  findings(uri: string): Finding[] {
    if (this.dirty.size || this.removed.size) this.flush();
    const e = this.entries.get(uri);
    if (!e) return [];
    // One message per node, at most LIMITS.findingsPerFile, then one finding saying how many more were left out.
    return capFindings(withoutRepeats(sortFindings([...e.analysis.local, ...e.cross])));
  }

  allFindings(): Finding[] {
    if (this.dirty.size || this.removed.size) this.flush();
    const out: Finding[] = [];
    for (const uri of [...this.entries.keys()].sort()) for (const f of this.findings(uri)) out.push(f);
    return out;
  }

  uris(): string[] {
    return [...this.entries.keys()];
  }
  has(uri: string): boolean {
    return this.entries.has(uri);
  }
  text(uri: string): string | undefined {
    return this.entries.get(uri)?.text;
  }
  analysis(uri: string): FileAnalysis | undefined {
    return this.entries.get(uri)?.analysis;
  }
  analyses(): IterableIterator<FileAnalysis> {
    return [...this.entries.values()].map((e) => e.analysis)[Symbol.iterator]();
  }

  /** Read access for features (completion, hover, references): no dependency is recorded. */
  readonly lookup: Lookup = { providers: (k) => this.providersOf(k) };

  private providersOf(k: string): readonly FileAnalysis[] {
    let list = this.providerLists.get(k);
    if (!list) {
      const m = this.providers.get(k);
      list = m ? [...m.values()] : [];
      this.providerLists.set(k, list);
    }
    return list;
  }

  /** Uris of files whose findings read `k` (for example every agent that links a shared action). */
  dependentsOf(k: string): string[] {
    return [...(this.dependents.get(k) ?? [])];
  }

  private touch(keys: string[]): void {
    for (const k of keys) for (const d of this.dependents.get(k) ?? []) this.dirty.add(d);
  }

  private unprovide(uri: string, keys: string[]): void {
    for (const k of keys) {
      const m = this.providers.get(k);
      m?.delete(uri);
      this.providerLists.delete(k);
      if (m && m.size === 0) this.providers.delete(k);
    }
  }

  private undepend(uri: string, keys: string[]): void {
    for (const k of keys) {
      const s = this.dependents.get(k);
      s?.delete(uri);
      if (s && s.size === 0) this.dependents.delete(k);
    }
  }
}

export { sortFindings };

/** One node, one message: content merged (`<<`) into several places is checked in each, and reported once where it is written. */
function withoutRepeats(sorted: Finding[]): Finding[] {
  const seen = new Set<string>();
  return sorted.filter((f) => {
    const k = `${f.code}|${f.severity}|${f.range.start.line}:${f.range.start.character}-${f.range.end.line}:${f.range.end.character}|${f.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
