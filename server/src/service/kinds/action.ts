import { shapeOf, SHAPE_FIELDS } from '../shape';
import type { ActionSummary } from '../summary';
import { checkHeaders, checkNoControl, Ctx, isRecord, str } from './common';

export function analyzeAction(ctx: Ctx, v: Record<string, unknown>, base: Omit<ActionSummary, 'kind' | 'shape' | 'fieldRanges'>): ActionSummary {
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
        ctx.add('SK002', ctx.value(['outputVariables', i, 'name']), `Output variable '${o.name}' is defined twice (item ${seen.get(o.name)! + 1} and ${i + 1}): the second would overwrite the first. Rename or remove one.`);
      } else seen.set(o.name, i);
    });
  }
  checkHeaders(ctx, v.headers, ['headers']);
  const path = str(v.path);
  if (path !== undefined && checkNoControl(ctx, path, ['path'], 'path')) checkSharedPath(ctx, path);
  return s;
}

function checkSharedPath(ctx: Ctx, path: string): void {
  const at = ctx.value(['path']);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('//')) {
    ctx.add('SK082', at, `path '${path}' is absolute: a shared action's path is relative to each environment's baseUrl, so the same action works in development, staging and production. Move the origin to the integration's baseUrl and keep only the path (e.g. /invoices).`);
  } else if (/\{\{|\{[^}]*\}/.test(path)) {
    ctx.add('SK082', at, `path '${path}' has placeholders: a shared action's path is static. Send the value as a parameter instead (query for GET/DELETE, body for POST/PUT/PATCH).`);
  } else if (!path.startsWith('/')) {
    ctx.add('SK082', at, `path '${path}' must start with '/' (it is appended to the environment's baseUrl): write '/${path}'.`);
  }
}
