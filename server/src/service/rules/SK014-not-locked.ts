import { writeFile } from '../features/fixEdits';
import { buildLock } from '../lock';
import type { ActionSummary, Ref } from '../summary';
import { fullIdOf, lockEveryBinding } from './SK013-shape-changed';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

export function lockBinding(): QuickFix {
  return {
    title: 'Lock the binding with its current shape',
    createCodeAction(ctx) {
      if (ctx.file.kind !== 'agent') return;
      const fullId = fullIdOf(ctx);
      const res = buildLock(ctx.index, ctx.uri, ctx.now, fullId);
      if (res) ctx.fix(`Lock '${fullId}' with its current shape`, writeFile(ctx.index, res.uri, res.text), true);
    },
  };
}

export function reportNotLocked(label: string, link: Ref, action: ActionSummary, add: AddFinding): void {
  add(
    'SK014',
    link.range,
    `${label} has no lock entry yet: the shape this agent expects is not recorded, so later changes cannot be detected. Lock the agent (quick fix, or stellar-kit lock).`,
    [related(action.uri, action.idRange, `shared action '${link.target}': locking records its current shape`)],
    { fullId: link.target },
  );
}

/** SK014: Binding has no lock entry. */
export const SK014 = defineRule({
  code: 'SK014',
  severity: 'information',
  title: 'Binding has no lock entry',
  doc: "The binding resolves, but the agent's lock has no entry for it (or there is no lock file), so later\nchanges of the shared action cannot be detected. Bindings to MCP tools need no entry. Not reported\nwhen the lock file exists but cannot be read (it reports its own errors).",
  data: { fullId: 'string' },
  quickFixes: [lockBinding(), lockEveryBinding()],
  treeStatus: 'notLocked',
});
