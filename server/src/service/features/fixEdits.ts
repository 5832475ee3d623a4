import { CreateFile, TextDocumentEdit, TextEdit, type Range, type WorkspaceEdit } from 'vscode-languageserver-types';
import { dirName } from '../files';
import { BEARER_PREFIX } from '../kinds/common';
import { find, fullIdOf } from '../lookup';
import { ENVIRONMENTS } from '../types';
import type { WorkspaceIndex } from '../workspace';
import { nodeAt, openFile, pathIs, valueAt, type OpenFile } from './cursor';
import { lockOf, manifest, summariesOf, usesOfAuth } from './queries';
import { EditSet } from './renameEdits';
import { LineIndex } from './text';
import { blockEntry, insertMapEntry, removeSeqItems } from './yamlEdits';

/** Edits the quick fixes of the rule modules (server/src/service/rules/) are built from. */

export type Edits = Map<string, TextEdit[]>;

/** The required fields missing from the map at `at`, each with a value to start from. */
export function missingFieldsOf(index: WorkspaceIndex, uri: string, at: unknown[]): { field: string; sample: unknown }[] {
  const key = JSON.stringify(at);
  const out: { field: string; sample: unknown }[] = [];
  for (const x of index.findings(uri)) {
    const d = x.data as { missing?: unknown; at?: unknown; sample?: unknown } | undefined;
    if (x.code === 'SK002' && typeof d?.missing === 'string' && JSON.stringify(d.at) === key && !out.some((o) => o.field === d.missing))
      out.push({ field: d.missing, sample: d.sample ?? '' });
  }
  return out;
}

/** Every full id a binding can link: shared actions and discovered MCP tools. */
export function linkTargets(index: WorkspaceIndex): string[] {
  const out: string[] = [];
  for (const a of summariesOf(index, 'action')) {
    const id = fullIdOf(a);
    if (id) out.push(id);
  }
  for (const t of summariesOf(index, 'toolsLock')) for (const tool of t.tools) out.push(`${t.id}/${tool.name}`);
  return out;
}

export function single(uri: string, edits: TextEdit[]): WorkspaceEdit | undefined {
  return edits.length ? { documentChanges: [TextDocumentEdit.create({ uri, version: null }, edits)] } : undefined;
}

export function toEdit(parts: { creates: string[]; edits: Edits } | undefined): WorkspaceEdit | undefined {
  if (!parts || (parts.creates.length === 0 && parts.edits.size === 0)) return undefined;
  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  for (const c of parts.creates) documentChanges.push(CreateFile.create(c, { overwrite: false, ignoreIfExists: true }));
  for (const [uri, edits] of parts.edits) if (edits.length) documentChanges.push(TextDocumentEdit.create({ uri, version: null }, edits));
  return { documentChanges };
}

export function textAt(f: OpenFile, r: Range): string {
  const s = f.lines.offsetAt(r.start);
  const e = f.lines.offsetAt(r.end);
  return f.text.slice(s, e).replace(/^(["'])(.*)\1$/s, '$2');
}

export function bindingIndexAt(f: OpenFile, r: Range): number | undefined {
  if (f.kind !== 'agent') return undefined;
  const hit = nodeAt(f.yaml, f.lines.offsetAt(r.start));
  return hit && pathIs(hit.path, 'actions', '#', 'link') ? (hit.path[1] as number) : undefined;
}

export function replaceValue(index: WorkspaceIndex, f: OpenFile, r: Range, expected: string, replacement: string): WorkspaceEdit | undefined {
  const es = new EditSet(index);
  es.replaceIn(f.uri, r, expected, replacement);
  return es.toWorkspaceEdit();
}

/** Re-links a moved binding, and carries its lock entry over so shape changes stay visible. */
export function relink(index: WorkspaceIndex, f: OpenFile, r: Range, target: string): WorkspaceEdit | undefined {
  const i = bindingIndexAt(f, r);
  const link = i === undefined ? undefined : valueAt(f.yaml.value, ['actions', i, 'link']);
  if (typeof link !== 'string') return undefined;
  const es = new EditSet(index);
  es.replaceIn(f.uri, r, link, target);
  const lock = lockOf(index, f.uri);
  const entry = lock?.entries.find((e) => e.fullId === link);
  if (lock && entry && !lock.entries.some((e) => e.fullId === target)) es.replaceIn(lock.uri, entry.keyRange, link, target);
  return es.toWorkspaceEdit();
}

/** Replaces a file's whole text, or creates it. */
export function writeFile(index: WorkspaceIndex, uri: string, text: string): WorkspaceEdit {
  const old = index.text(uri);
  if (old !== undefined) return { documentChanges: [TextDocumentEdit.create({ uri, version: null }, [TextEdit.replace(new LineIndex(old).all(), text)])] };
  return {
    documentChanges: [
      CreateFile.create(uri, { overwrite: false, ignoreIfExists: true }),
      TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, text)]),
    ],
  };
}

/** Declares a secret under `secrets:` in stellar.yaml, creating the section or the file as needed. */
export function declareSecret(index: WorkspaceIndex, name: string): { creates: string[]; edits: Edits } | undefined {
  const m = manifest(index);
  if (m?.secrets.some((s) => s.target === name)) return { creates: [], edits: new Map() };
  const uri = m?.uri ?? `${index.rootUri}/stellar.yaml`;
  if (!index.has(uri)) {
    return { creates: [uri], edits: new Map([[uri, [TextEdit.insert({ line: 0, character: 0 }, blockEntry('secrets', { [name]: '' }, 0))]]]) };
  }
  // The manifest exists (possibly only comments so far): add to its secrets section, or create the section.
  const mf = openFile(index, uri);
  const edits = mf ? insertMapEntry(mf, ['secrets'], name, '') : [];
  return edits.length ? { creates: [], edits: new Map([[uri, edits]]) } : undefined;
}

export function secretNameFor(id: string, suffix: string): string {
  const base = id
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${/^[A-Z]/.test(base) ? base : `S_${base}`}_${suffix}`;
}

export function credentialsStub(type: string, secret: string): Record<string, unknown> {
  switch (type) {
    case 'api-key':
      return { in: 'header', name: 'Authorization', value: { secret } };
    case 'basic':
      return { username: 'CHANGE_ME', password: { secret } };
    case 'oauth2':
      return { tokenUrl: 'https://auth.example.invalid/oauth/token', clientId: 'CHANGE_ME', clientSecret: { secret } };
    default:
      return { token: { secret } };
  }
}

/** A new auth connector file for a missing id: bearer (api-key for messaging slots), with the environments its users need. */
export function createAuthStub(index: WorkspaceIndex, f: OpenFile, r: Range, id: string): WorkspaceEdit | undefined {
  const existing = summariesOf(index, 'auth');
  const dir = existing.length ? dirName(existing[0].uri) : dirName(f.uri);
  const uri = `${dir}/${id}.auth.yaml`;
  if (index.has(uri)) return undefined;
  const uses = usesOfAuth(index, id, f.uri);
  const envs = new Set<string>();
  let messaging = false;
  for (const u of uses) {
    if (u.env) envs.add(u.env);
    else ENVIRONMENTS.forEach((e) => envs.add(e));
    if (u.integration?.integrationKind === 'messaging-channel' && u.env) messaging = true;
  }
  const hit = nodeAt(f.yaml, f.lines.offsetAt(r.start));
  if (f.kind === 'integration' && hit && pathIs(hit.path, 'environments', null, 'auth')) {
    envs.add(String(hit.path[1]));
    if (valueAt(f.yaml.value, ['kind']) === 'messaging-channel') messaging = true;
  }
  if (envs.size === 0) ENVIRONMENTS.forEach((e) => envs.add(e));
  const type = messaging ? 'api-key' : 'bearer';
  const secret = secretNameFor(id, messaging ? 'API_KEY' : 'TOKEN');
  const environments: Record<string, unknown> = {};
  for (const e of ENVIRONMENTS) if (envs.has(e)) environments[e] = credentialsStub(type, secret);
  const name = id
    .split(/[-_]+/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
  const text = `type: ${type}\n` + blockEntry('name', name, 0) + blockEntry('environments', environments, 0);
  const parts = { creates: [uri], edits: new Map<string, TextEdit[]>([[uri, [TextEdit.insert({ line: 0, character: 0 }, text)]]]) };
  const declared = declareSecret(index, secret);
  if (declared) {
    parts.creates.push(...declared.creates);
    for (const [u, e] of declared.edits) parts.edits.set(u, [...(parts.edits.get(u) ?? []), ...e]);
  }
  return toEdit(parts);
}

/** Adds an environment slot to an integration: a placeholder base URL and the auth of an existing slot. */
export function addSlot(index: WorkspaceIndex, integrationId: string, env: string): WorkspaceEdit | undefined {
  const integration = find.integration(index.lookup, integrationId);
  const f = integration && openFile(index, integration.uri);
  if (!integration || !f) return undefined;
  const envs = valueAt(f.yaml.value, ['environments']);
  const sibling = integration.slots.map((s) => valueAt(envs, [s.env])).find((v) => v && typeof v === 'object') as Record<string, unknown> | undefined;
  let slot: Record<string, unknown>;
  if (integration.integrationKind === 'messaging-channel') slot = { ...(sibling ?? {}), fromNumber: '+10000000000', messagingProfileId: 'CHANGE_ME' };
  else {
    slot = { baseUrl: `https://${env}.example.invalid` };
    if (typeof sibling?.auth === 'string') slot.auth = sibling.auth;
  }
  return single(f.uri, insertMapEntry(f, ['environments'], env, slot));
}

/** Adds credentials for an environment to an auth connector, copying another environment's (secrets have a value per environment). */
export function addCredentials(index: WorkspaceIndex, authId: string, env: string): WorkspaceEdit | undefined {
  const auth = find.auth(index.lookup, authId);
  const f = auth && openFile(index, auth.uri);
  if (!auth || !f) return undefined;
  const copy = auth.envs.map((e) => valueAt(f.yaml.value, ['environments', e])).find((v) => v && typeof v === 'object');
  const creds = copy ?? credentialsStub(auth.type ?? 'bearer', secretNameFor(authId, auth.type === 'api-key' ? 'API_KEY' : 'TOKEN'));
  return single(f.uri, insertMapEntry(f, ['environments'], env, creds));
}

/** Removes items of a list, as an edit of the one file. */
export function removeSeqItemsEdit(f: OpenFile, path: (string | number)[], items: number[]): WorkspaceEdit | undefined {
  return single(f.uri, removeSeqItems(f, path, items));
}

/** Drops the `Bearer ` a Telnyx API key was written with (SK020): the runner sends `Bearer <key>` itself. */
export function stripBearer(index: WorkspaceIndex, uri: string, r: Range): WorkspaceEdit | undefined {
  const auth = openFile(index, uri);
  const hit = auth && nodeAt(auth.yaml, auth.lines.offsetAt(r.start));
  const value = hit && !hit.isKey ? (hit.node as { value?: unknown }).value : undefined;
  if (typeof value !== 'string' || !BEARER_PREFIX.test(value)) return undefined;
  const es = new EditSet(index);
  es.replaceIn(uri, r, value, value.replace(/^\s*bearer\s*/i, ''));
  return es.toWorkspaceEdit();
}
