import { Command, type CodeLens } from 'vscode-languageserver-types';
import { find, fullIdOf } from '../lookup';
import { agentsLinking, changedFields, shapeChanges } from '../review';
import type { ActionSummary } from '../summary';
import type { WorkspaceIndex } from '../workspace';
import { referencesOf } from './references';
import { summariesOf, summaryOf } from './queries';
import { plural } from './text';

/** The base a shared action's shape is compared with: the base branch's tree and how the lens names it (`main`). */
export interface ReviewBase {
  index: WorkspaceIndex;
  label: string;
}

/**
 * The review lens of a shared action file: how its shape differs from the base branch and how many agents that
 * reaches ("vs main: description, outputVariables changed · reaches 3 agents"), or "same as main", or "new since
 * main" (or "moved from <full id> since main", as SK012 pairs a moved action). Clicking shows the bindings it
 * reaches now.
 */
export function reviewLens(index: WorkspaceIndex, uri: string, base: ReviewBase): CodeLens | undefined {
  const action = summaryOf(index, uri, 'action');
  const fullId = action && fullIdOf(action);
  if (!action || !fullId) return undefined;
  const was = find.action(base.index.lookup, fullId);
  let title: string;
  if (!was) {
    const from = movedFrom(index, base.index, action);
    title = from ? `moved from ${from} since ${base.label}` : `new since ${base.label}`;
  } else {
    const fields = changedFields(shapeChanges(was.shape, action.shape));
    if (fields.length === 0) title = `same as ${base.label}`;
    else {
      const agents = agentsLinking(fullId, [...summariesOf(index, 'agent')], [...summariesOf(base.index, 'agent')]).length;
      title = `vs ${base.label}: ${fields.join(', ')} changed · reaches ${plural(agents, 'agent')}`;
    }
  }
  const locations = referencesOf(index, { s: 'action', fullId }, false);
  return { range: action.idRange, command: Command.create(title, 'stellarKit.showReferences', uri, action.idRange.start, locations) };
}

/** The base's full id this action moved from: one with its id or name under another integration, gone now. */
function movedFrom(index: WorkspaceIndex, base: WorkspaceIndex, action: ActionSummary): string | undefined {
  const candidates = [...find.actionsById(base.lookup, action.id), ...(action.shape.name ? find.actionsByName(base.lookup, action.shape.name) : [])];
  const ids = candidates.map(fullIdOf).filter((id): id is string => !!id && id !== fullIdOf(action) && !find.action(index.lookup, id));
  return ids.sort()[0];
}
