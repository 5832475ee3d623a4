import { walkSchema } from '../contract/walk';
import { replaceValue } from '../features/fixEdits';
import type { OutputVariableRef, ResponseShapeSummary } from '../summary';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

/** Replace the path by the nearest one that exists, when a near name was found. */
function useNearestPath(): QuickFix {
  return {
    title: 'Change the path to the nearest one the recorded response has',
    createCodeAction({ index, file, diagnostic, data, fix }) {
      const { path, nearest, existing } = data as { path?: unknown; nearest?: unknown; existing?: unknown };
      if (typeof path !== 'string' || typeof nearest !== 'string' || nearest === existing) return;
      fix(`Change the path to '${nearest}'`, replaceValue(index, file, diagnostic.range, path, nearest), true);
    },
  };
}

/** Each output variable's JSONPath walked over the recorded response shape: a path that finds nothing there is SK016. */
export function checkOutputPaths(label: string, outputs: readonly OutputVariableRef[], shape: ResponseShapeSummary, add: AddFinding): void {
  if (!shape.schema) return;
  const recorded = `the response shape recorded${shape.environment ? ` in ${shape.environment}` : ''}${shape.recordedAt ? ` at ${shape.recordedAt}` : ''}`;
  for (const o of outputs) {
    const r = walkSchema(shape.schema, o.path);
    if (r.status !== 'missing') continue;
    const missing = r.missing.replace(/^\./, '');
    const where = r.existing === '$' ? `the response has no '${missing}' at its top level` : `'${r.existing}' has no '${missing}'`;
    // With no close name, the fields that are there say more than the prefix alone.
    const fields = r.nearest === r.existing && r.fields.length ? ` (its fields: ${r.fields.slice(0, 8).join(', ')}${r.fields.length > 8 ? ', ...' : ''})` : '';
    add(
      'SK016',
      o.pathRange,
      `${label}: output variable '${o.name}' reads '${o.path}', which finds nothing in ${recorded}: ${where}. The nearest path that exists is '${r.nearest}'${fields}. Fix the path, or record the response again if the API changed.`,
      [related(shape.uri, shape.idRange, 'recorded response shape')],
      { path: o.path, existing: r.existing, nearest: r.nearest },
    );
  }
}

/** SK016: Output variable finds nothing in the recorded response shape. */
export const SK016 = defineRule({
  code: 'SK016',
  severity: 'warning',
  title: 'Output variable finds nothing in the recorded response shape',
  doc: "An output variable's JSONPath finds nothing in the action's recorded response shape\n(`<action-id>.response.yaml` next to a shared action, `<agent-id>.<action-name>.response.yaml` next to an\nagent for its api-call), written by `stellar-kit run ... --record`. The message names the nearest path that\nexists. A path the shape cannot decide (past the recording limits, into an array recorded empty) is not\nreported.",
  data: { path: 'string', existing: 'string', nearest: 'string' },
  quickFixes: [useNearestPath()],
});
