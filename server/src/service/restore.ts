/**
 * Restore preview: what restoring an older version of an agent means for its shared actions.
 * Restoring brings back the agent and its lock, not the old shared actions: the restored agent uses each
 * action's current shape. The preview lists the linked shared actions whose current shape differs from
 * that version's lock, and those deleted or moved since.
 */
import { analyzeFile } from './analyze';
import { resolveBinding } from './bindings';
import { lockUriFor } from './lock';
import { fullIdOf } from './lookup';
import { diffShapes, type Shape, type ShapeChange } from './shape';
import type { WorkspaceIndex } from './workspace';

export interface RestorePreview {
  /** Linked shared actions whose current shape differs from the version's lock, field by field. */
  changed: { fullId: string; changes: ShapeChange[]; actionUri: string }[];
  /** Linked shared actions that no longer exist (nor does anything they could have moved to). */
  deleted: { fullId: string }[];
  /** Linked shared actions that now live under another full id (re-link after restoring). */
  moved: { fullId: string; candidates: string[] }[];
  /** Linked shared actions that exist but that version's lock has no entry for (nothing to compare). */
  unlocked: string[];
  /** Linked shared actions whose current shape equals the locked one. */
  unchanged: number;
}

/**
 * The preview for the agent `agentUri` as it was in `oldAgentText` / `oldLockText` (either may be undefined:
 * absent at that revision), against the current workspace `index`. The links are the old agent's
 * (`link:` bindings, in order); without an old agent file, the old lock's entries.
 * MCP tool links are not shared actions and are left out.
 */
export function restorePreview(index: WorkspaceIndex, agentUri: string, oldLockText: string | undefined, oldAgentText: string | undefined): RestorePreview {
  const result: RestorePreview = { changed: [], deleted: [], moved: [], unlocked: [], unchanged: 0 };
  const lockUri = lockUriFor(agentUri);
  const lockSummary = oldLockText === undefined ? undefined : analyzeFile(lockUri, oldLockText, 'agentLock').summary;
  const locked = new Map<string, Shape>(lockSummary?.kind === 'agentLock' ? lockSummary.entries.map((e) => [e.fullId, e.shape]) : []);

  let links: string[];
  const agentSummary = oldAgentText === undefined ? undefined : analyzeFile(agentUri, oldAgentText, 'agent').summary;
  if (agentSummary?.kind === 'agent') links = agentSummary.actions.map((a) => a.link?.target).filter((x): x is string => !!x);
  else links = [...locked.keys()];

  for (const link of new Set(links)) {
    const lockedShape = locked.get(link);
    const r = resolveBinding(index.lookup, link, lockedShape?.name);
    switch (r.status) {
      case 'ok': {
        if (!lockedShape) {
          result.unlocked.push(link);
          break;
        }
        const changes = diffShapes(lockedShape, r.action.shape);
        if (changes.length) result.changed.push({ fullId: link, changes, actionUri: r.action.uri });
        else result.unchanged++;
        break;
      }
      case 'moved':
        result.moved.push({ fullId: link, candidates: r.candidates.map((c) => fullIdOf(c)!).filter(Boolean) });
        break;
      case 'deleted':
      case 'missingIntegration':
      case 'wrongKind': // the id now names a messaging channel: the shared action is gone
        result.deleted.push({ fullId: link });
        break;
      case 'tool':
      case 'malformed':
        break;
    }
  }
  return result;
}
