import { SHAPE_LIMITS, type JsonSchemaNode } from '../contract/infer';
import type { ResponseShapeSummary } from '../summary';
import { FileFindings, isRecord, str } from './common';

/** A shared action's id (`lookup_invoice`), or an agent's id and an api-call's name (`support.check_weather`). */
export const RESPONSE_SHAPE_ID = /^[a-z0-9][a-z0-9_-]*(\.[A-Za-z0-9_-]+)?$/;

export function analyzeResponseShape(ctx: FileFindings, v: Record<string, unknown>, base: Omit<ResponseShapeSummary, 'kind'>): ResponseShapeSummary {
  const s: ResponseShapeSummary = { ...base, kind: 'responseShape', action: str(v.action), environment: str(v.environment), recordedAt: str(v.recordedAt) };
  if (typeof v.status === 'number') s.status = v.status;
  if (isRecord(v.schema)) s.schema = readSchema(v.schema);
  void ctx;
  return s;
}

/**
 * The recorded schema as the walker reads it: `type`, `properties`, `required`, `items`, `additionalProperties`
 * kept, anything else dropped; as deep and as wide as recording goes, no further (the file may have been edited).
 */
export function readSchema(v: unknown): JsonSchemaNode {
  const budget = { nodes: SHAPE_LIMITS.values };
  const read = (x: unknown, depth: number): JsonSchemaNode => {
    if (!isRecord(x) || depth > SHAPE_LIMITS.depth + 1 || budget.nodes-- <= 0) return {};
    const out: JsonSchemaNode = {};
    if (typeof x.type === 'string') out.type = x.type;
    else if (Array.isArray(x.type) && x.type.every((t) => typeof t === 'string')) out.type = x.type as string[];
    if (isRecord(x.properties)) {
      const properties: Record<string, JsonSchemaNode> = {};
      for (const [k, p] of Object.entries(x.properties))
        Object.defineProperty(properties, k, { value: read(p, depth + 1), enumerable: true, writable: true, configurable: true });
      out.properties = properties;
    }
    if (Array.isArray(x.required)) out.required = x.required.filter((r): r is string => typeof r === 'string');
    if (isRecord(x.items)) out.items = read(x.items, depth + 1);
    if (isRecord(x.additionalProperties)) out.additionalProperties = read(x.additionalProperties, depth + 1);
    if (typeof x.description === 'string') out.description = x.description;
    return out;
  };
  return read(v, 0);
}
