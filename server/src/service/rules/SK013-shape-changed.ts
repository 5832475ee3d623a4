import { textAt, writeFile } from '../features/fixEdits';
import { buildLock } from '../lock';
import type { ShapeChange } from '../shape';
import type { ActionSummary, AgentLockSummary, LockEntrySummary, Ref } from '../summary';
import type { RelatedLocation } from '../types';
import { type AddFinding, defineRule, type FixContext, type QuickFix, related } from './rule';

/** The binding's full id: from the finding's data, else the flagged text. */
export function fullIdOf({ file, diagnostic, data }: FixContext): string {
  return typeof data.fullId === 'string' ? data.fullId : textAt(file, diagnostic.range);
}

export function acceptShape(): QuickFix {
  return {
    title: 'Accept the current shape into the lock',
    createCodeAction(ctx) {
      if (ctx.file.kind !== 'agent') return;
      const fullId = fullIdOf(ctx);
      const res = buildLock(ctx.index, ctx.uri, ctx.now, fullId);
      if (res) ctx.fix(`Accept the current shape of '${fullId}' into the lock`, writeFile(ctx.index, res.uri, res.text), true);
    },
  };
}

/** Offered once per request, however many SK013/SK014 findings it covers. */
export function lockEveryBinding(): QuickFix {
  return {
    title: 'Lock every binding of this agent with its current shape',
    createCodeAction(ctx) {
      if (ctx.file.kind !== 'agent' || !ctx.once('lockEveryBinding')) return;
      const all = buildLock(ctx.index, ctx.uri, ctx.now);
      if (all) ctx.fix('Lock every binding of this agent with its current shape', writeFile(ctx.index, all.uri, all.text));
    },
  };
}

/** A binding whose shared action's shape differs from its lock entry: one related location per changed field. */
export function reportShapeChanged(
  label: string,
  link: Ref,
  changes: ShapeChange[],
  lock: AgentLockSummary,
  entry: LockEntrySummary,
  action: ActionSummary,
  add: AddFinding,
): void {
  const rel: RelatedLocation[] = [related(lock.uri, entry.keyRange, `locked ${entry.lockedAt ?? lock.lockedAt ?? ''}`.trim())];
  for (const c of changes) {
    const top = c.field.split('.')[0];
    const at = action.fieldRanges[c.at ?? c.field] ?? action.fieldRanges[top] ?? action.idRange;
    rel.push(related(action.uri, at, c.text));
  }
  add(
    'SK013',
    link.range,
    `${label}: the shared action's shape changed since this agent locked it: ${changes.map((c) => c.text).join('; ')}. Review the agent's use of it, then accept the current shape into the lock (quick fix).`,
    rel,
    { fullId: link.target, changes: changes.map((c) => c.field) },
  );
}

/** SK013: Shared action shape changed since the lock. */
export const SK013 = defineRule({
  code: 'SK013',
  severity: 'warning',
  title: 'Shared action shape changed since the lock',
  doc: "The shared action a binding links has changed since the agent's lock (`<agent>.agent.lock.yaml`)\nrecorded it. The message lists every change, old and new:",
  data: { fullId: 'string', changes: 'string[]' },
  quickFixes: [acceptShape(), lockEveryBinding()],
  treeStatus: 'shapeChanged',
});
