/**
 * New files for the New Integration / Shared Action / Auth Connector / Agent commands: the text of a
 * valid file built from the answers, where it goes, and where the cursor lands (the first field left to
 * fill). Pure: the client asks the server (stellarKit/scaffold), writes the file and opens it.
 */
import type { Range, TextEdit } from 'vscode-languageserver-types';
import { baseName, dirName, ID_PATTERN, suffixOf } from '../files';
import { declareSecret } from '../features/fixEdits';
import { summariesOf } from '../features/queries';
import { blockEntry } from '../features/yamlEdits';
import { E164 } from '../kinds/common';
import { find } from '../lookup';
import { ENVIRONMENTS } from '../types';
import { ACTION_SNIPPETS, actionItemLines, withDefaults } from './snippets';
import type { WorkspaceIndex } from '../workspace';

export const SECRET_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
export const INTEGRATION_KINDS = ['custom-api', 'mcp-server', 'messaging-channel'] as const;
export const AUTH_TYPES = ['bearer', 'api-key', 'basic', 'oauth2'] as const;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export type ScaffoldParams =
  | ({ kind: 'integration'; integrationKind: (typeof INTEGRATION_KINDS)[number]; url?: string; auth?: string; fromNumber?: string } & Common)
  | ({ kind: 'action'; integration: string; method: (typeof METHODS)[number]; path: string } & Common)
  | ({ kind: 'auth'; authType: (typeof AUTH_TYPES)[number]; secret: string } & Common)
  | ({ kind: 'agent'; status: 'active' | 'inactive' } & Common);

interface Common {
  id: string;
  /** Display name; made from the id when absent. */
  name?: string;
  /** The folder to write in (the Explorer's folder); else next to files of the same kind, or the usual folder. */
  folderUri?: string;
}

export type ScaffoldKind = ScaffoldParams['kind'];

export interface ScaffoldResult {
  uri: string;
  text: string;
  /** What to select once the file is open: the first value to fill in. */
  select: Range;
  /** Files to create first (a new stellar.yaml) and edits to other files (a secret declared in stellar.yaml). */
  creates: string[];
  edits: { uri: string; edits: TextEdit[] }[];
}

/** Why a new file cannot be made with these answers, or undefined. */
export function scaffoldProblem(index: WorkspaceIndex, p: ScaffoldParams): string | undefined {
  // The answers come over the wire: every field the file is built from is checked, types first.
  const loose = p as unknown as Record<string, unknown>;
  for (const k of ['id', 'name', 'url', 'auth', 'fromNumber', 'integration', 'method', 'path', 'secret', 'folderUri'])
    if (loose[k] !== undefined && typeof loose[k] !== 'string') return `'${k}' must be a string.`;
  if (!ID_PATTERN.test(p.id ?? '')) return `'${p.id}' is not an id: lower-case letters, digits, '_' and '-', starting with a letter or digit.`;
  switch (p.kind) {
    case 'integration':
      if (!INTEGRATION_KINDS.includes(p.integrationKind)) return `'${p.integrationKind}' is not one of ${INTEGRATION_KINDS.join(', ')}.`;
      if (find.integrationExists(index.lookup, p.id)) return `An integration '${p.id}' already exists.`;
      if (p.integrationKind !== 'messaging-channel' && !/^https?:\/\/[^/\s]+/.test(p.url ?? '')) return `'${p.url ?? ''}' is not an absolute http(s) URL.`;
      if (p.integrationKind === 'messaging-channel' && !E164.test(p.fromNumber ?? '')) return `'${p.fromNumber ?? ''}' is not an E.164 number (+ and digits).`;
      if (p.integrationKind === 'messaging-channel' && !p.auth) return 'A messaging channel needs an api-key auth connector.';
      if (p.auth && !find.authExists(index.lookup, p.auth)) return `There is no auth connector '${p.auth}'.`;
      if (p.integrationKind === 'messaging-channel' && find.auth(index.lookup, p.auth!)?.type !== 'api-key')
        return `A messaging channel sends with an api-key auth connector; '${p.auth}' is not one.`;
      return undefined;
    case 'action':
      if (find.integration(index.lookup, p.integration)?.integrationKind !== 'custom-api') return `'${p.integration}' is not a custom-api integration.`;
      if (find.action(index.lookup, `${p.integration}/${p.id}`)) return `'${p.integration}' already has a shared action '${p.id}'.`;
      if (!METHODS.includes(p.method)) return `'${p.method}' is not one of ${METHODS.join(', ')}.`;
      if (!/^\/[^\s{}]*$/.test(p.path ?? '')) return `'${p.path}' is not a path: it starts with '/' and has no spaces or placeholders.`;
      return undefined;
    case 'auth':
      if (find.authExists(index.lookup, p.id)) return `An auth connector '${p.id}' already exists.`;
      if (!AUTH_TYPES.includes(p.authType)) return `'${p.authType}' is not one of ${AUTH_TYPES.join(', ')}.`;
      if (!SECRET_NAME_PATTERN.test(p.secret ?? '')) return `'${p.secret}' is not a secret name: a letter, then letters, digits or '_'.`;
      return undefined;
    case 'agent':
      if (p.status !== 'active' && p.status !== 'inactive') return `'${p.status}' is not a status: active or inactive.`;
      if (summariesOf(index, 'agent').some((a) => a.id === p.id)) return `An agent '${p.id}' already exists.`;
      return undefined;
    default:
      return `Unknown kind of file '${(p as { kind: unknown }).kind}'.`;
  }
}

/** The new file for these answers, or a sentence saying why not. */
export function scaffold(index: WorkspaceIndex, p: ScaffoldParams): ScaffoldResult | { refused: string } {
  const problem = scaffoldProblem(index, p);
  if (problem) return { refused: problem };
  const uri = `${folderFor(index, p)}/${p.id}${suffixOf(p.kind)}`;
  if (index.has(uri)) return { refused: `${uri.slice(index.rootUri.length + 1)} already exists.` };
  const name = p.name?.trim() || titleOf(p.id);
  const entries: [string, unknown][] = [];
  let creates: string[] = [];
  let edits: { uri: string; edits: TextEdit[] }[] = [];
  switch (p.kind) {
    case 'integration': {
      entries.push(['kind', p.integrationKind], ['name', name], ['description', DESCRIBE.integration]);
      const auth = p.auth ? { auth: p.auth } : {};
      if (p.integrationKind === 'custom-api') entries.push(['environments', { development: { baseUrl: p.url, ...auth } }]);
      else if (p.integrationKind === 'mcp-server') entries.push(['url', p.url], ...(p.auth ? [['auth', p.auth] as [string, unknown]] : []));
      else
        entries.push(
          ['provider', 'telnyx'],
          ['environments', { development: { fromNumber: p.fromNumber, messagingProfileId: '00000000-0000-0000-0000-000000000000', ...auth } }],
        );
      break;
    }
    case 'action':
      entries.push(['integration', p.integration], ['name', p.id], ['description', DESCRIBE.action], ['method', p.method], ['path', p.path]);
      break;
    case 'auth': {
      // One secret, one value per environment: every slot names it (a fresh object each, or YAML writes anchors).
      entries.push(['type', p.authType], ['name', name], ['environments', Object.fromEntries(ENVIRONMENTS.map((e) => [e, credentials(p.authType, p.secret)]))]);
      const declared = declareSecret(index, p.secret);
      if (!declared) return { refused: `Could not declare '${p.secret}' in stellar.yaml: add it under 'secrets:' first.` };
      creates = declared.creates;
      edits = [...declared.edits].map(([u, e]) => ({ uri: u, edits: e }));
      break;
    }
    case 'agent':
      entries.push(['name', name], ['description', DESCRIBE.agent], ['status', p.status], ['states', []]);
      break;
  }
  let text = entries.map(([k, v]) => blockEntry(k, v, 0)).join('');
  // One action every voice agent has (the end-call snippet at its defaults), so `actions:` is a block list to extend.
  if (p.kind === 'agent') text += `actions:\n${endCallItem()}`;
  return { uri, text, select: selectionOf(text, p.kind), creates, edits };
}

const DESCRIBE = {
  integration: 'What this integration is for.',
  action: 'What the agent reads to decide when to call it.',
  agent: 'What the agent is for.',
};

function credentials(type: (typeof AUTH_TYPES)[number], secret: string): Record<string, unknown> {
  switch (type) {
    case 'bearer':
      return { token: { secret } };
    case 'api-key':
      return { in: 'header', name: 'X-Api-Key', value: { secret } };
    case 'basic':
      return { username: 'stellar', password: { secret } };
    case 'oauth2':
      return { tokenUrl: 'https://auth.example.com/oauth/token', clientId: 'stellar', clientSecret: { secret }, scopes: [] };
  }
}

function endCallItem(): string {
  const s = ACTION_SNIPPETS.find((a) => a.label === 'type: end-call')!;
  return actionItemLines(s)
    .map((l) => `  ${withDefaults(l)}\n`)
    .join('');
}

/** The first value to fill in: the description's (an auth connector has none: its name's). */
function selectionOf(text: string, kind: ScaffoldKind): Range {
  const lines = text.split('\n');
  const field = kind === 'auth' ? /^name: / : /^description: /;
  const line = Math.max(
    0,
    lines.findIndex((l) => field.test(l)),
  );
  const start = field.exec(lines[line])?.[0].length ?? 0;
  return { start: { line, character: start }, end: { line, character: lines[line].length } };
}

function folderFor(index: WorkspaceIndex, p: ScaffoldParams): string {
  const root = index.rootUri;
  const asked = p.folderUri?.replace(/\/$/, '');
  if (asked && (asked === root || asked.startsWith(`${root}/`))) return asked;
  if (p.kind === 'action') {
    const sibling = summariesOf(index, 'action').find((a) => a.integration?.target === p.integration);
    return sibling ? dirName(sibling.uri) : `${dirName(find.integration(index.lookup, p.integration)!.uri)}/actions`;
  }
  const other = summariesOf(index, p.kind)[0];
  if (p.kind === 'integration') {
    // The example's layout, a folder per integration holding its file and its actions, unless the files are side by side.
    if (!other) return `${root}/integrations/${p.id}`;
    const dir = dirName(other.uri);
    return baseName(dir) === other.id ? `${dirName(dir)}/${p.id}` : dir;
  }
  return other ? dirName(other.uri) : `${root}/${p.kind === 'auth' ? 'auth' : 'agents'}`;
}

/** `billing-api` → `Billing api`: a start for the display name. */
function titleOf(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
