/**
 * The base branch's tree of each folder, for the review lens of shared action files. Which commit the base branch
 * is at is asked again at most every RECHECK_MS (a cheap `rev-parse`, so a checkout, a merge or a fetch shows within
 * seconds); the tree is read once per base commit (and exclusions). Outside a git repository, or when no base branch exists, there is no base: no lens, no error.
 */
import { commitOf, GitError, repositoryOf } from '../node/git';
import { defaultBaseBranch, treeAtRevision } from '../node/gitTree';
import type { ReviewBase } from '../service';
import type { Folder } from './folders';
import type { Logger } from './session';

const RECHECK_MS = 2_000;

interface State {
  checkedAt: number;
  /** The settings it was resolved with (base branch, exclusions): a change resolves again at once. */
  settings: string;
  /** HEAD, the base branch's name and commit, and the exclusions, as last resolved. */
  key: string;
  base: Promise<ReviewBase | undefined>;
}

export class ReviewBases {
  private readonly states = new Map<Folder, State>();

  /** One look-up per folder at a time: the lenses of several open files asked at once share it. */
  private readonly pending = new Map<Folder, Promise<ReviewBase | undefined>>();

  constructor(private readonly log: Logger) {}

  /** The folder's base, or undefined (not a repository, no base branch, git missing, too large: logged once). */
  of(folder: Folder): Promise<ReviewBase | undefined> {
    let p = this.pending.get(folder);
    if (!p) {
      p = this.lookUp(folder).finally(() => this.pending.delete(folder));
      this.pending.set(folder, p);
    }
    return p;
  }

  private async lookUp(folder: Folder): Promise<ReviewBase | undefined> {
    const now = Date.now();
    const state = this.states.get(folder);
    const settings = [folder.settings.baseBranch, ...folder.settings.exclude].join('\0');
    if (state && state.settings === settings && now - state.checkedAt < RECHECK_MS) return state.base;
    let resolved: { key: string; label: string; commit: string } | undefined;
    try {
      resolved = await this.resolve(folder);
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      if (e.kind !== 'not-a-repository' && state?.key !== `error:${e.message}`) this.log.warn(`Review lens: ${e.message}`);
      this.states.set(folder, { checkedAt: now, settings, key: `error:${e.message}`, base: Promise.resolve(undefined) });
      return undefined;
    }
    if (!resolved) {
      this.states.set(folder, { checkedAt: now, settings, key: 'none', base: Promise.resolve(undefined) });
      return undefined;
    }
    if (state && state.key === resolved.key) {
      state.checkedAt = now;
      state.settings = settings;
      return state.base;
    }
    const { label, commit } = resolved;
    const base = treeAtRevision(folder.fsPath, commit, folder.settings.exclude).then(
      (t) => ({ index: t.index, label }),
      (e: unknown) => {
        this.log.warn(`Review lens: reading ${label} failed: ${(e as Error).message}`);
        return undefined;
      },
    );
    this.states.set(folder, { checkedAt: now, settings, key: resolved.key, base });
    return base;
  }

  private async resolve(folder: Folder) {
    const top = await repositoryOf(folder.fsPath);
    const label = folder.settings.baseBranch || (await defaultBaseBranch(top));
    if (!label) return undefined;
    let commit: string;
    try {
      commit = await commitOf(top, label);
    } catch (e) {
      if (e instanceof GitError && e.kind === 'bad-revision' && !folder.settings.baseBranch) return undefined;
      throw e;
    }
    return { label, commit, key: [label, commit, ...folder.settings.exclude].join('\0') };
  }
}
