import { shapeOf, SHAPE_FIELDS } from '../shape';
import { messages as sk002 } from '../rules/SK002-schema';
import type { ActionSummary } from '../summary';
import { checkSharedPath } from '../rules/SK082-path-or-url';
import { checkHeaders, checkNoControl, FileFindings, isRecord, str } from './common';

export function analyzeAction(ctx: FileFindings, v: Record<string, unknown>, base: Omit<ActionSummary, 'kind' | 'shape' | 'fieldRanges'>): ActionSummary {
  const s: ActionSummary = { ...base, kind: 'action', shape: shapeOf(v), fieldRanges: {} };
  if (typeof v.integration === 'string') s.integration = ctx.ref(v.integration, ['integration']);
  if (typeof v.name === 'string') s.nameRange = ctx.value(['name']);
  for (const f of SHAPE_FIELDS) if (v[f] !== undefined) s.fieldRanges[f] = ctx.object([f]);
  if (isRecord(v.headers)) for (const h of Object.keys(v.headers)) s.fieldRanges[`headers.${h}`] = ctx.object(['headers', h]);
  if (Array.isArray(v.outputVariables)) {
    const seen = new Map<string, number>();
    v.outputVariables.forEach((o, i) => {
      if (!isRecord(o) || typeof o.name !== 'string') return;
      s.fieldRanges[`outputVariables.${o.name}`] = ctx.object(['outputVariables', i]);
      if (seen.has(o.name)) {
        ctx.add('SK002', ctx.value(['outputVariables', i, 'name']), sk002.outputVariableTwice(o.name, seen.get(o.name)! + 1, i + 1));
      } else seen.set(o.name, i);
    });
  }
  checkHeaders(ctx, v.headers, ['headers']);
  const path = str(v.path);
  if (path !== undefined && checkNoControl(ctx, path, ['path'], 'path')) checkSharedPath(ctx, path);
  return s;
}
