/**
 * Promote an agent's api-call to a shared action of a custom-api integration in one step: the new action file
 * beside the integration's other actions (path = url minus the slot's base URL; name, description, method,
 * headers and output variables move), the agent's entry turned into a binding that keeps its per-agent fields,
 * and the lock with the new binding's shape. Pure: the edit is computed, the caller writes it.
 */
import { Document, isAlias, isMap, isScalar, parseDocument, visit, type Pair, type YAMLMap } from 'yaml';
import { CreateFile, TextDocumentEdit, TextEdit, type WorkspaceEdit } from 'vscode-languageserver-types';
import { openFile } from './features/cursor';
import { summariesOf } from './features/queries';
import { writeFile } from './features/fixEdits';
import { dirName, ID_PATTERN } from './files';
import { isRecord } from './kinds/common';
import { buildLock } from './lock';
import { find } from './lookup';
import { actionOf, valueOf } from './run/planParts';
import { shapeOf } from './shape';
import type { IntegrationSummary } from './summary';
import type { WorkspaceIndex } from './workspace';
import { isMergeKey } from './yamlMerge';

/** The fields that move into the shared action (`url` becomes its `path`; `type` and `auth` are dropped). */
const MOVED = new Set(['type', 'name', 'description', 'method', 'url', 'auth', 'headers', 'outputVariables']);

export interface PromoteTarget {
  agentUri: string;
  actionIndex: number;
  integrationId: string;
}

export interface PromotePlan {
  fullId: string;
  action: { uri: string; text: string };
  agent: { uri: string; edit: TextEdit; text: string };
  lock: { uri: string; text: string };
  /** What changes for the action beyond moving (auth, integration headers): shown before writing. */
  warnings: string[];
}

export type PromoteResult = { ok: true; plan: PromotePlan } | { ok: false; error: string };

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

/** The path of `url` under the slots of `integration` whose base URL prefixes it, or why there is none. */
function pathUnder(integration: IntegrationSummary, url: string): { path: string; envs: string[] } | string {
  const hits: { env: string; path: string }[] = [];
  const u = parseUrl(url);
  for (const s of integration.slots) {
    const b = s.baseUrl ? parseUrl(s.baseUrl) : undefined;
    if (!u || !b || u.origin !== b.origin) continue;
    // Compared as URLs: the host's case and `.`/`..` segments do not decide (`/v1/../admin` is not under `/v1`).
    const base = b.pathname.replace(/\/+$/, '');
    if (u.pathname === base || u.pathname.startsWith(base + '/')) hits.push({ env: s.env, path: u.pathname.slice(base.length) || '/' });
  }
  const bases = integration.slots.map((s) => `${s.env} ${s.baseUrl ?? '(none)'}`).join(', ');
  if (!hits.length) return `url '${url}' is not under a base URL of integration '${integration.id}' (${bases || 'no slots'}).`;
  const paths = [...new Set(hits.map((h) => h.path))];
  if (paths.length > 1)
    return `url '${url}' is under several base URLs of integration '${integration.id}' that give different paths (${hits.map((h) => `${h.env}: ${h.path}`).join(', ')}).`;
  return { path: paths[0], envs: hits.map((h) => h.env) };
}

/** The custom-api integrations an api-call can be promoted to: those with a slot whose base URL prefixes its url. */
export function promoteCandidates(index: WorkspaceIndex, agentUri: string, actionIndex: number): string[] {
  const found = actionOf(index, { agentUri, actionIndex });
  if (typeof found === 'string' || found.action.type !== 'api-call' || typeof found.action.url !== 'string') return [];
  const url = found.action.url;
  return summariesOf(index, 'integration')
    .filter((i) => i.integrationKind === 'custom-api' && typeof pathUnder(i, url) !== 'string')
    .map((i) => i.id);
}

/** The action id a promoted action gets: its name, lower-cased, with anything else than `[a-z0-9_-]` as `_`. */
export function promotedId(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '_')
    .replace(/^[^a-z0-9]+/, '');
}

const article = (w: string) => `${/^[aeiou]/.test(w) ? 'an' : 'a'} ${w}`;

export function planPromote(index: WorkspaceIndex, t: PromoteTarget, now: Date): PromoteResult {
  const fail = (error: string): PromoteResult => ({ ok: false, error });
  const found = actionOf(index, { agentUri: t.agentUri, actionIndex: t.actionIndex });
  if (typeof found === 'string') return fail(found);
  const { agentId, action: a } = found;
  const label = `${agentId}/${typeof a.name === 'string' ? a.name : `#${t.actionIndex + 1}`}`;
  if (a.type !== 'api-call')
    return fail(`Action '${label}' is ${a.link ? 'a binding' : article(`${String(a.type)} action`)}; only an api-call can be promoted to a shared action.`);
  if (typeof a.name !== 'string' || typeof a.description !== 'string' || typeof a.method !== 'string' || typeof a.url !== 'string')
    return fail(`Action '${label}' lacks a name, description, method or url; fix it first (stellar-kit check).`);
  const integration = find.integration(index.lookup, t.integrationId);
  if (!integration) return fail(`Integration '${t.integrationId}' does not exist.`);
  if (integration.integrationKind !== 'custom-api')
    return fail(
      `Integration '${t.integrationId}' is ${integration.integrationKind === 'mcp-server' ? 'an MCP server' : integration.integrationKind === 'messaging-channel' ? 'a messaging channel' : 'of no known kind'}; shared actions belong to custom-api integrations.`,
    );
  if (/[?#]|\{\{/.test(a.url)) return fail(`url '${a.url}' has a query, fragment or template; a shared action's path is static.`);
  const under = pathUnder(integration, a.url);
  if (typeof under === 'string') return fail(under);

  const id = promotedId(a.name);
  if (!ID_PATTERN.test(id)) return fail(`Action name '${a.name}' gives no valid action id.`);
  const fullId = `${t.integrationId}/${id}`;
  const siblings = summariesOf(index, 'action').filter((s) => s.integration?.target === t.integrationId);
  const dir = siblings.length ? dirName(siblings[0].uri) : dirName(integration.uri);
  const actionUri = `${dir}/${id}.action.yaml`;
  if (find.action(index.lookup, fullId) || index.has(actionUri)) return fail(`Shared action '${fullId}' already exists; rename the api-call first.`);
  const sameName = siblings.find((s) => s.shape.name === a.name);
  if (sameName) return fail(`Integration '${t.integrationId}' already has a shared action named '${a.name}' (${sameName.id}); rename the api-call first.`);

  const agentEdit = bindingEdit(index, t.agentUri, t.actionIndex, fullId);
  if (typeof agentEdit === 'string') return fail(agentEdit);

  const shared: Record<string, unknown> = { integration: t.integrationId, name: a.name, description: a.description, method: a.method, path: under.path };
  if (isRecord(a.headers) && Object.keys(a.headers).length) shared.headers = a.headers;
  if (Array.isArray(a.outputVariables) && a.outputVariables.length) shared.outputVariables = a.outputVariables;
  const lock = buildLock(index, t.agentUri, now, fullId, { fullId, shape: shapeOf(shared) });
  if (!lock) return fail(`Agent '${agentId}' could not be read (run stellar-kit check).`);
  return {
    ok: true,
    plan: {
      fullId,
      action: { uri: actionUri, text: actionText(shared) },
      agent: agentEdit,
      lock: { uri: lock.uri, text: lock.text },
      warnings: warningsOf(index, integration, under.envs, a),
    },
  };
}

function warningsOf(index: WorkspaceIndex, integration: IntegrationSummary, envs: string[], a: Record<string, unknown>): string[] {
  const out: string[] = [];
  const own = typeof a.auth === 'string' ? a.auth : undefined;
  const slots = integration.slots.filter((s) => envs.includes(s.env));
  if (slots.some((s) => s.auth?.target !== own))
    out.push(
      `auth changes: the api-call sent ${own ? `auth connector '${own}'` : 'no auth'}; as a shared action it sends each slot's (${slots.map((s) => `${s.env}: ${s.auth ? `'${s.auth.target}'` : 'none'}`).join(', ')}).`,
    );
  const intHeaders = valueOf(index, integration.uri)?.headers;
  const ownNames = new Set(Object.keys(isRecord(a.headers) ? a.headers : {}).map((h) => h.toLowerCase()));
  const added = isRecord(intHeaders) ? Object.keys(intHeaders).filter((h) => !ownNames.has(h.toLowerCase())) : [];
  if (added.length) out.push(`integration '${integration.id}' also sends its headers ${added.map((h) => `'${h}'`).join(', ')}.`);
  return out;
}

function actionText(shared: Record<string, unknown>): string {
  const doc = new Document(shared);
  visit(doc, {
    Map(_, node) {
      if (node.items.length === 1 && isScalar(node.items[0].key) && node.items[0].key.value === 'secret') node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

/** The edit turning the agent's action item into `link: <fullId>` with its own per-agent pairs (comments on them kept). */
function bindingEdit(index: WorkspaceIndex, agentUri: string, actionIndex: number, fullId: string): PromotePlan['agent'] | string {
  const f = openFile(index, agentUri);
  if (!f) return `'${agentUri}' is not an agent file of this workspace.`;
  // Parsed again with comments (the index's parse keeps none): comments on the kept pairs stay.
  const source = parseDocument(f.text);
  const item = source.getIn(['actions', actionIndex], true);
  if (!isMap(item) || !item.range) return `Action #${actionIndex + 1} is not a map.`;
  let aliased = false;
  visit(item, {
    Alias() {
      aliased = true;
      return visit.BREAK;
    },
  });
  if (aliased || item.items.some((p) => isMergeKey(p.key) || isAlias(p.key)))
    return `Action #${actionIndex + 1} uses YAML anchors or merge keys; write its fields out in place before promoting it.`;
  const col = f.lines.positionAt(item.range[0]).character;
  const kept = (item.items as Pair[]).filter((p) => {
    const k = isScalar(p.key) ? String(p.key.value) : undefined;
    return k === undefined || !MOVED.has(k);
  });
  const pairs = item.items as Pair[];
  // A block map's range runs on to the next item's indentation: the edit ends on the last pair's last line.
  const end = item.flow || !pairs.length ? item.range[1] : lastLineEnd(f.text, pairs[pairs.length - 1], item.range[0]);
  const body = item.flow ? flowBinding(fullId, kept) : blockBinding(f.text, pairs, kept, fullId, col, end);
  const edit = TextEdit.replace(f.lines.range(item.range[0], end), body);
  const text = f.text.slice(0, item.range[0]) + body + f.text.slice(end);
  return { uri: agentUri, edit, text };
}

/** The end of the line holding the last character of a pair's value (its trailing comment included). */
function lastLineEnd(text: string, p: Pair, floor: number): number {
  let v = (p.value as { range?: number[] } | null)?.range?.[1] ?? (p.key as { range?: number[] }).range![1];
  while (v > floor && /\s/.test(text[v - 1])) v--;
  const nl = text.indexOf('\n', v);
  return nl < 0 ? text.length : nl;
}

/** A flow item (`- { type: api-call, ... }`) written again as a flow map with the kept pairs. */
function flowBinding(fullId: string, kept: Pair[]): string {
  const doc = new Document();
  const map = doc.createNode({ link: fullId }) as YAMLMap;
  map.items.push(...kept);
  map.flow = true;
  doc.contents = map;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

/**
 * A block item: `link:` in place of its first line, then each kept pair's own text as written (with the comment
 * lines right above it), so nothing else of the entry changes.
 */
function blockBinding(text: string, pairs: Pair[], kept: Pair[], fullId: string, col: number, end: number): string {
  const lineStart = (o: number) => text.lastIndexOf('\n', o - 1) + 1;
  const keyStart = (p: Pair) => (p.key as { range?: [number, number, number] }).range![0];
  /** Where a pair's text starts: its key's line, or the first of the comment lines right above it. */
  const startOf = (i: number) => {
    const k = keyStart(pairs[i]);
    if (i === 0) return k;
    let s = lineStart(k);
    for (;;) {
      const prev = lineStart(s - 1);
      if (s === 0 || !/^\s*#/.test(text.slice(prev, s - 1)) || prev <= keyStart(pairs[i - 1])) return s;
      s = prev;
    }
  };
  const parts = [`link: ${fullId}\n`];
  for (const p of kept) {
    const i = pairs.indexOf(p);
    const from = startOf(i);
    const to = i + 1 < pairs.length ? startOf(i + 1) : end;
    const piece = text.slice(from, to);
    parts.push((i === 0 ? ' '.repeat(col) : '') + piece.replace(/\n?$/, '\n'));
  }
  return parts.join('').replace(/\n$/, '');
}

/** The plan as one workspace edit: create the action file, rewrite the agent's entry, write the lock. */
export function promoteWorkspaceEdit(index: WorkspaceIndex, plan: PromotePlan): WorkspaceEdit {
  const lockEdit = writeFile(index, plan.lock.uri, plan.lock.text).documentChanges ?? [];
  return {
    documentChanges: [
      CreateFile.create(plan.action.uri, { overwrite: false, ignoreIfExists: false }),
      TextDocumentEdit.create({ uri: plan.action.uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, plan.action.text)]),
      TextDocumentEdit.create({ uri: plan.agent.uri, version: null }, [plan.agent.edit]),
      ...lockEdit,
    ],
  };
}
