/**
 * The recorded response shape of a runnable action: where its file goes, its text, and how a later
 * response drifts from it. Pure: reads the index, writes nothing.
 */
import { Document, isPair, isScalar, visit } from 'yaml';
import { resolveBinding } from '../bindings';
import { dirName } from '../files';
import { find, fullIdOf } from '../lookup';
import { actionOf, type PlanTarget } from '../run/planParts';
import { findAgentAction } from '../run/plan';
import type { ResponseShapeSummary } from '../summary';
import type { WorkspaceIndex } from '../workspace';
import { diffSchemas, type DriftChange } from './drift';
import { inferSchema, type JsonSchemaNode } from './infer';

export interface ShapeTarget {
  /** Where the shape file goes. */
  uri: string;
  /** The `action:` field: the shared action's full id, or `<agent-id>/<action-name>` for an api-call. */
  action: string;
  /** `<agent>/<action>` as `stellar-kit run` takes it. */
  runTarget: string;
}

/** The shape file of a target: next to the shared action a binding links, or next to the agent for its api-call. */
export function responseShapeTarget(index: WorkspaceIndex, target: PlanTarget): ShapeTarget | string {
  const found = actionOf(index, target);
  if (typeof found === 'string') return found;
  const { agentId, action: a } = found;
  const dir = dirName(target.agentUri);
  if (typeof a.link === 'string') {
    const r = resolveBinding(index.lookup, a.link);
    if (r.status === 'tool')
      return `Binding '${agentId}/${a.link}' links an MCP tool: only HTTP actions (bindings to shared actions, api-calls) have a response shape.`;
    if (r.status !== 'ok') return `Binding '${agentId}/${a.link}' does not lead to a shared action (${r.status}), so it has no response shape to record.`;
    const name = r.action.shape.name ?? r.action.id;
    return { uri: `${dirName(r.action.uri)}/${r.action.id}.response.yaml`, action: fullIdOf(r.action) ?? a.link, runTarget: `${agentId}/${name}` };
  }
  const name = typeof a.name === 'string' ? a.name : undefined;
  if (a.type !== 'api-call' || !name) return `Only bindings to shared actions and api-call actions have a response shape to record.`;
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return `Action '${agentId}/${name}': its name is not a valid action name, so it has no shape file name.`;
  return { uri: `${dir}/${agentId}.${name}.response.yaml`, action: `${agentId}/${name}`, runTarget: `${agentId}/${name}` };
}

/** What Record Response Shape (the Run panel) sends: the file run from, the action's name, and the response. */
export interface ResponseShapeFileParams {
  /** The agent file (with `action` an action's name: a binding's is its shared action's) or a shared action file. */
  fileUri: string;
  action: string;
  environment: string;
  status: number;
  body: string;
}

/** The shape file of the action the editor names: a shared action file, or an agent file and one of its actions' names. */
function shapeTargetOfFile(index: WorkspaceIndex, fileUri: string, action: string): ShapeTarget | string {
  const a = index.analysis(fileUri);
  if (a?.kind === 'action' && a.summary?.kind === 'action') {
    const fullId = fullIdOf(a.summary) ?? a.id;
    return { uri: `${dirName(a.uri)}/${a.id}.response.yaml`, action: fullId, runTarget: `<agent>/${a.summary.shape.name ?? a.id}` };
  }
  if (a?.kind !== 'agent' || a.summary?.kind !== 'agent') return `'${fileUri}' is not an agent or shared action file of this workspace.`;
  const found = findAgentAction(index, a.id, action);
  return found.ok ? responseShapeTarget(index, { ...found.target, agentUri: a.uri }) : found.error;
}

/** The recorded shape file at a target's place, when there is one. */
function recordedAt(index: WorkspaceIndex, t: ShapeTarget): ResponseShapeSummary | undefined {
  const dir = dirName(t.uri);
  return find.responseShape(index.lookup, dir, t.uri.slice(dir.length + 1).replace(/\.response\.yaml$/, ''));
}

/** The shape file for a response the editor got: where it goes and its text, or why it is not recorded. */
export function responseShapeFile(index: WorkspaceIndex, p: ResponseShapeFileParams, now: Date): RecordResult {
  const t = shapeTargetOfFile(index, p.fileUri, p.action);
  if (typeof t === 'string') return { ok: false, error: t };
  return recordFor(t, { environment: p.environment, status: p.status, body: p.body, now });
}

/** What a response the editor got drifted from the recorded shape: undefined when none was recorded or the body is not JSON. */
export function responseDriftOf(
  index: WorkspaceIndex,
  p: Pick<ResponseShapeFileParams, 'fileUri' | 'action' | 'body'>,
): { recordedAt?: string; environment?: string; shapeUri: string; changes: DriftChange[] } | undefined {
  const body = parseBody(p.body);
  const t = body && shapeTargetOfFile(index, p.fileUri, p.action);
  const recorded = t && typeof t !== 'string' ? recordedAt(index, t) : undefined;
  if (!body || !recorded?.schema) return undefined;
  return {
    recordedAt: recorded.recordedAt,
    environment: recorded.environment,
    shapeUri: recorded.uri,
    changes: diffSchemas(recorded.schema, inferSchema(body.value)),
  };
}

/** The recorded shape of a target, when there is one. */
export function recordedShapeOf(index: WorkspaceIndex, target: PlanTarget): ResponseShapeSummary | undefined {
  const t = responseShapeTarget(index, target);
  return typeof t === 'string' ? undefined : recordedAt(index, t);
}

export interface RecordInput {
  environment: string;
  status: number;
  /** The body as received (text); parsed here. */
  body: string;
  now: Date;
}

export type RecordResult = { ok: true; uri: string; text: string; schema: JsonSchemaNode } | { ok: false; error: string };

/** The shape file text for a 2xx JSON response; refuses any other status and a body that is not JSON. */
export function recordResponseShape(index: WorkspaceIndex, target: PlanTarget, input: RecordInput): RecordResult {
  const t = responseShapeTarget(index, target);
  if (typeof t === 'string') return { ok: false, error: t };
  return recordFor(t, input);
}

function recordFor(t: ShapeTarget, input: RecordInput): RecordResult {
  if (!Number.isInteger(input.status) || input.status < 200 || input.status > 299)
    return {
      ok: false,
      error: `The response shape of '${t.runTarget}' was not recorded: the status is ${input.status}, and only a 2xx response is a contract.`,
    };
  const json = parseBody(input.body);
  if (json === undefined)
    return { ok: false, error: `The response shape of '${t.runTarget}' was not recorded: the body is not JSON (or is nested too deep to read).` };
  const schema = inferSchema(json.value);
  return { ok: true, uri: t.uri, schema, text: shapeFileText(t, input.environment, input.status, input.now, schema) };
}

/** Bodies nested deeper than this are not parsed (runs show them raw): no stack overflow in printing or JSONPath. */
export const MAX_JSON_DEPTH = 1000;

/** True when `text` opens more than `max` arrays or objects inside one another (strings skipped); linear. */
export function nestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

/** Parsed JSON, or undefined; bodies nested deeper than MAX_JSON_DEPTH are not parsed (no stack overflow). */
export function parseBody(text: string): { value: unknown } | undefined {
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) return undefined;
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

export function shapeFileText(t: ShapeTarget, environment: string, status: number, now: Date, schema: JsonSchemaNode): string {
  const doc = new Document(
    { action: t.action, environment, recordedAt: now.toISOString(), status, schema: { $schema: 'http://json-schema.org/draft-07/schema#', ...schema } },
    { keepUndefined: false },
  );
  // Quoted as the locks' stamps are: a YAML 1.1 reader would take it for a timestamp, not a string.
  const stamp = doc.get('recordedAt', true);
  if (isScalar(stamp)) stamp.type = 'QUOTE_DOUBLE';
  // A property named `<<` is a name, not a merge key: quoted, it stays one when the file is read back.
  visit(doc, {
    Pair(_, pair) {
      if (isPair(pair) && isScalar(pair.key) && pair.key.value === '<<') pair.key.type = 'QUOTE_DOUBLE';
    },
  });
  const header = `# Written by stellar-kit; do not edit. Record again with \`stellar-kit run ${t.runTarget} --env ${environment} --record\`.\n`;
  return header + doc.toString({ lineWidth: 0 });
}

/** How a response differs from the target's recorded shape; undefined when nothing was recorded or the body is not JSON. */
export function responseDrift(
  index: WorkspaceIndex,
  target: PlanTarget,
  body: unknown,
): { recorded: ResponseShapeSummary; changes: DriftChange[] } | undefined {
  const recorded = recordedShapeOf(index, target);
  if (!recorded?.schema || body === undefined) return undefined;
  return { recorded, changes: diffSchemas(recorded.schema, inferSchema(body)) };
}
