/**
 * The pull-request review: the workspace at a base revision against the workspace now. Which shared actions
 * changed shape (field by field, old and new values), which were deleted or moved (SK012's sense), the agents
 * each reaches, and which findings are new or fixed. Both indexes use the same root, so a file has one uri in
 * both. Pure: the caller reads the base revision (node/gitTree.ts).
 */
import { resolveBinding } from './bindings';
import { deletionFindings, type DeletedFile } from './deletion';
import { kindOf } from './files';
import { fullIdOf } from './lookup';
import { diffShapes, SHAPE_FIELDS, type HeaderValue, type OutputVariable, type Shape } from './shape';
import type { ActionSummary, AgentSummary } from './summary';
import type { Finding } from './types';
import type { WorkspaceIndex } from './workspace';

/** JSON values of a change: `null` where the field (or the header, or the output variable) is absent. */
export type FieldValue = string | HeaderValue | OutputVariable | null;

export interface FieldChange {
  /** `method`, `headers.X-Api-Key`, `outputVariables.amount` (the old name of a renamed variable). */
  field: string;
  old: FieldValue;
  new: FieldValue;
  /** One line for people (text and markdown outputs), as SK013 says it. */
  text: string;
}

export interface ChangedAction {
  action: string;
  uri: string;
  changes: FieldChange[];
  agents: string[];
}

export interface DeletedAction {
  action: string;
  uri: string;
  agents: string[];
  /** The agents whose bindings still link it now: those it breaks. */
  broken: string[];
}

export interface MovedAction extends DeletedAction {
  /** The full id it lives under now (the first, by id, when several qualify). */
  to: string;
}

export interface Review {
  changedActions: ChangedAction[];
  deletedActions: DeletedAction[];
  movedActions: MovedAction[];
  findings: { new: Finding[]; fixed: Finding[] };
  /** The agents named above that are not active (now, else at the base): outputs mark them. */
  inactiveAgents: string[];
}

/** Each full id's shared action (the first file by uri when two define it: SK004 says so). */
function actionsOf(index: WorkspaceIndex): Map<string, ActionSummary> {
  const out = new Map<string, ActionSummary>();
  for (const uri of index.uris().sort()) {
    const s = index.analysis(uri)?.summary;
    if (s?.kind !== 'action') continue;
    const id = fullIdOf(s);
    if (id && !out.has(id)) out.set(id, s);
  }
  return out;
}

function agentsOf(index: WorkspaceIndex): AgentSummary[] {
  const out: AgentSummary[] = [];
  for (const uri of index.uris().sort()) {
    const s = index.analysis(uri)?.summary;
    if (s?.kind === 'agent') out.push(s);
  }
  return out;
}

/** For each full id, the agents linking it, in one pass over the bindings. */
function linkersOf(agents: AgentSummary[]): Map<string, AgentSummary[]> {
  const out = new Map<string, AgentSummary[]>();
  for (const a of agents) {
    for (const link of new Set(a.actions.map((x) => x.link?.target))) {
      if (link === undefined) continue;
      let list = out.get(link);
      if (!list) out.set(link, (list = []));
      list.push(a);
    }
  }
  return out;
}

/** Each agent's status: now, else at the base. */
function statusesOf(head: AgentSummary[], base: AgentSummary[]): Map<string, string | undefined> {
  const status = new Map<string, string | undefined>();
  for (const a of base) status.set(a.id, a.status);
  for (const a of head) status.set(a.id, a.status);
  return status;
}

/** The ids of these agents, once each, active ones first, then by id. */
function orderAgents(agents: AgentSummary[], status: Map<string, string | undefined>): string[] {
  const rank = (id: string) => (status.get(id) === 'active' ? 0 : 1);
  return [...new Set(agents.map((a) => a.id))].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
}

/**
 * Who a shared action reaches: the ids of agents linking `fullId` now or at the base, active ones first (an
 * agent's status now, else at the base), then by id.
 */
export function agentsLinking(fullId: string, head: AgentSummary[], base: AgentSummary[] = []): string[] {
  const links = (a: AgentSummary) => a.actions.some((x) => x.link?.target === fullId);
  return orderAgents([...head.filter(links), ...base.filter(links)], statusesOf(head, base));
}

/** The value a change's field names in one shape. */
function valueAt(shape: Shape, field: string): FieldValue {
  const dot = field.indexOf('.');
  if (dot < 0) return shape[field as 'name' | 'description' | 'method' | 'path'] ?? null;
  const rest = field.slice(dot + 1);
  if (field.startsWith('headers.')) {
    const name = Object.keys(shape.headers).find((h) => h.toLowerCase() === rest.toLowerCase());
    return name === undefined ? null : shape.headers[name];
  }
  return shape.outputVariables.find((o) => o.name === rest) ?? null;
}

/** Field-level changes from the base shape to the current one (SK013's diff, with the values). */
export function shapeChanges(base: Shape, head: Shape): FieldChange[] {
  return diffShapes(base, head).map((c) => ({ field: c.field, old: valueAt(base, c.field), new: valueAt(head, c.at ?? c.field), text: c.text }));
}

/** The top-level shape fields a list of changes touches, in shape order: `description, outputVariables`. */
export function changedFields(changes: { field: string }[]): string[] {
  const touched = new Set(changes.map((c) => c.field.split('.')[0]));
  return SHAPE_FIELDS.filter((f) => touched.has(f));
}

/** File, then position, then code: how every list of findings here is ordered. */
function byPlace(a: Finding, b: Finding): number {
  const at = (f: Finding) => [f.range.start.line, f.range.start.character, f.range.end.line, f.range.end.character];
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  const x = at(a);
  const y = at(b);
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}

/** A finding's identity across revisions: code, file and message, not its position (lines shift in a PR). */
function identity(f: Finding): string {
  return `${f.code}\u0000${f.uri}\u0000${f.message}`;
}

/** The findings of `a` beyond those of `b` with the same identity (counted: a second equal finding is new). */
function beyond(a: Finding[], b: Finding[]): Finding[] {
  const left = new Map<string, number>();
  for (const f of b) left.set(identity(f), (left.get(identity(f)) ?? 0) + 1);
  return a.filter((f) => {
    const n = left.get(identity(f)) ?? 0;
    if (n > 0) left.set(identity(f), n - 1);
    return n === 0;
  });
}

/**
 * Compares the workspace at the base revision with now. `rev` names the base in SK090 messages: the
 * current findings are those of `check --base <rev>` (bindings of active agents to files deleted since).
 */
export function reviewWorkspace(base: WorkspaceIndex, head: WorkspaceIndex, rev: string): Review {
  const baseActions = actionsOf(base);
  const headActions = actionsOf(head);
  const baseAgents = agentsOf(base);
  const headAgents = agentsOf(head);
  const baseLinkers = linkersOf(baseAgents);
  const headLinkers = linkersOf(headAgents);
  const statusOf = statusesOf(headAgents, baseAgents);
  const review: Review = { changedActions: [], deletedActions: [], movedActions: [], findings: { new: [], fixed: [] }, inactiveAgents: [] };
  for (const [action, was] of [...baseActions].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const agents = orderAgents([...(headLinkers.get(action) ?? []), ...(baseLinkers.get(action) ?? [])], statusOf);
    const now = headActions.get(action);
    if (now) {
      const changes = shapeChanges(was.shape, now.shape);
      if (changes.length) review.changedActions.push({ action, uri: now.uri, changes, agents });
      continue;
    }
    const broken = orderAgents(headLinkers.get(action) ?? [], statusOf);
    const r = resolveBinding(head.lookup, action, was.shape.name);
    if (r.status === 'moved') review.movedActions.push({ action, uri: was.uri, to: fullIdOf(r.candidates[0])!, agents, broken });
    else review.deletedActions.push({ action, uri: was.uri, agents, broken });
  }
  const named = new Set([...review.changedActions, ...review.deletedActions, ...review.movedActions].flatMap((a) => a.agents));
  review.inactiveAgents = [...named].filter((id) => statusOf.get(id) !== 'active').sort();
  // SK090 as `check --base` reports it, but for files of moved actions: SK012 already says where they went.
  const movedFrom = new Set(review.movedActions.map((a) => a.uri));
  const deleted: DeletedFile[] = [];
  for (const uri of base.uris().sort()) {
    const kind = kindOf(uri);
    if ((kind === 'integration' || kind === 'action') && !head.has(uri) && !movedFrom.has(uri)) deleted.push({ uri, text: base.text(uri)! });
  }
  const now = [...head.allFindings(), ...deletionFindings(head, deleted, `since ${rev}`)].sort(byPlace);
  const then = base.allFindings();
  review.findings = { new: beyond(now, then), fixed: beyond(then, now) };
  return review;
}
