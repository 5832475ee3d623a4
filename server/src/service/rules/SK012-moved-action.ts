import { relink } from '../features/fixEdits';
import { fullIdOf } from '../lookup';
import type { ActionSummary, Ref } from '../summary';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

/** One re-link per place the action now lives; preferred when there is only one. */
export function relinkToCandidate(): QuickFix {
  return {
    title: 'Re-link to where the shared action moved',
    createCodeAction({ index, file, diagnostic, data, fix }) {
      const candidates = Array.isArray(data.candidates) ? data.candidates.filter((c): c is string => typeof c === 'string') : [];
      for (const c of candidates) fix(`Re-link to '${c}'`, relink(index, file, diagnostic.range, c), candidates.length === 1);
    },
  };
}

/** `candidates`: the actions with the binding's id or name under other integrations. */
export function reportMoved(label: string, link: Ref, candidates: ActionSummary[], add: AddFinding): void {
  const targets = candidates.map((c) => fullIdOf(c)!);
  add(
    'SK012',
    link.range,
    `${label}: the shared action moved to ${targets.map((t) => `'${t}'`).join(' or ')}. Re-link it (quick fix) before publishing: publishing is blocked while a binding points at a moved action.`,
    candidates.map((c) => related(c.uri, c.integration?.range ?? c.idRange, `now '${fullIdOf(c)}'`)),
    { fullId: link.target, candidates: targets },
  );
}

/** SK012: Linked shared action moved. */
export const SK012 = defineRule({
  code: 'SK012',
  severity: 'error',
  title: 'Linked shared action moved',
  doc: "The binding's target no longer exists, but a shared action that is evidently the same one exists\nunder another id. A binding is resolved in this order:",
  data: { fullId: 'string', candidates: 'string[]' },
  quickFixes: [relinkToCandidate()],
  treeStatus: 'broken',
});
