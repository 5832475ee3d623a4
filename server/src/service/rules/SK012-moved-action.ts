import { relink } from '../features/fixEdits';
import { defineRule, type QuickFix } from './rule';

/** One re-link per place the action now lives; preferred when there is only one. */
export const relinkToCandidate: QuickFix = {
  title: 'Re-link to where the shared action moved',
  createCodeAction({ index, file, diagnostic, data, fix }) {
    const candidates = Array.isArray(data.candidates) ? data.candidates.filter((c): c is string => typeof c === 'string') : [];
    for (const c of candidates) fix(`Re-link to '${c}'`, relink(index, file, diagnostic.range, c), candidates.length === 1);
  },
};

/** SK012: Linked shared action moved. */
export const SK012 = defineRule({
  code: 'SK012',
  severity: 'error',
  title: 'Linked shared action moved',
  doc: "The binding's target no longer exists, but a shared action that is evidently the same one exists\nunder another id. A binding is resolved in this order:",
  data: { fullId: 'string', candidates: 'string[]' },
  quickFixes: [relinkToCandidate],
  treeStatus: 'broken',
});
