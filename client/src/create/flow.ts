/**
 * The questions of New Integration, New Shared Action, New Auth Connector and New Agent, without VS Code
 * (the `Ui` of the run flows): they end in the server's scaffold of the new file (stellarKit/scaffold),
 * which newFile.ts writes and opens. Ids are checked as they are typed: their pattern, and not taken.
 */
import { AUTH_TYPES, ID_PATTERN, METHODS, SECRET_NAME_PATTERN } from '../../../server/src/protocol';
import type { FolderItems, ScaffoldInfo, ScaffoldParams, ScaffoldResult } from '../../../server/src/protocol';
import type { ServerRequests } from '../requests';
import type { PickItem, Ui } from '../run/ui';

export type NewFileKind = ScaffoldParams['kind'];

export interface CreateDeps {
  ui: Ui;
  server: Pick<ServerRequests, 'scaffoldInfo' | 'scaffold'>;
}

/** Where the command came from: an Explorer folder, or an integration of the Integrations view. */
export interface CreateArgs {
  folderUri?: string;
  integration?: string;
}

const NOUN: Record<NewFileKind, string> = { integration: 'Integration', action: 'Shared Action', auth: 'Auth Connector', agent: 'Agent' };

/** Asks the questions of one kind of file; the new file's text and place, or undefined (cancelled or refused, said). */
export async function newFileFlow(deps: CreateDeps, kind: NewFileKind, args: CreateArgs = {}): Promise<ScaffoldResult | undefined> {
  const { ui } = deps;
  const title = `New ${NOUN[kind]}`;
  const folders = await deps.server.scaffoldInfo();
  const folder = await pickFolder(ui, title, folders, args.folderUri);
  if (!folder) return undefined;
  const info = folder.items;
  const params = await ask(deps.ui, title, kind, info, args);
  if (!params) return undefined;
  const r = await deps.server.scaffold({ ...params, folder: folder.folder, folderUri: args.folderUri } as ScaffoldParams & { folder: string });
  if ('refused' in r) {
    ui.error(`${title}: ${r.refused}`);
    return undefined;
  }
  return r;
}

async function pickFolder(ui: Ui, title: string, folders: FolderItems<ScaffoldInfo>[], within?: string) {
  if (within) {
    const owner = folders.filter((f) => within === f.folder || within.startsWith(f.folder + '/')).sort((a, b) => b.folder.length - a.folder.length)[0];
    if (owner) return owner;
  }
  if (folders.length <= 1) {
    if (!folders.length) ui.error(`${title}: open a folder first.`);
    return folders[0];
  }
  return ui.pick(
    `${title}: workspace folder`,
    folders.map((f) => ({ label: f.name, description: f.folder, value: f })),
  );
}

function ask(ui: Ui, title: string, kind: NewFileKind, info: ScaffoldInfo, args: CreateArgs): Promise<ScaffoldParams | undefined> {
  switch (kind) {
    case 'integration':
      return askIntegration(ui, title, info);
    case 'action':
      return askAction(ui, title, info, args.integration);
    case 'auth':
      return askAuth(ui, title, info);
    case 'agent':
      return askAgent(ui, title, info);
  }
}

/** The id's input, refusing a bad pattern or a taken id while it is typed. */
function askId(ui: Ui, title: string, what: string, taken: string[], placeHolder: string): Promise<string | undefined> {
  return ui.input({
    title: `${title}: id`,
    prompt: `The ${what}'s id, also its file name: lower-case letters, digits, '_' and '-'.`,
    placeHolder,
    validate: (v) =>
      !ID_PATTERN.test(v)
        ? "Lower-case letters, digits, '_' and '-', starting with a letter or digit."
        : taken.includes(v)
          ? `'${v}' is taken: another ${what} has this id.`
          : undefined,
  });
}

const askName = (ui: Ui, title: string, id: string) =>
  ui.input({ title: `${title}: display name`, prompt: `Shown in lists and in the platform (empty: '${titleOf(id)}').`, placeHolder: titleOf(id) });

const NO_AUTH = '(none)';

async function askIntegration(ui: Ui, title: string, info: ScaffoldInfo): Promise<ScaffoldParams | undefined> {
  const integrationKind = await ui.pick(`${title}: kind`, [
    { label: 'custom-api', detail: 'An HTTP API: a base URL per environment, shared actions under it.', value: 'custom-api' as const },
    { label: 'mcp-server', detail: 'An MCP server: one URL, its tools discovered from it.', value: 'mcp-server' as const },
    { label: 'messaging-channel', detail: 'A Telnyx number that sends text messages.', value: 'messaging-channel' as const },
  ]);
  if (!integrationKind) return undefined;
  const id = await askId(
    ui,
    title,
    'integration',
    info.integrations.map((i) => i.id),
    'orders-api',
  );
  if (id === undefined) return undefined;
  const name = await askName(ui, title, id);
  if (name === undefined) return undefined;
  if (integrationKind === 'messaging-channel') {
    const keys = info.authConnectors.filter((a) => a.type === 'api-key');
    if (!keys.length) {
      ui.error(`${title}: a messaging channel sends with an api-key auth connector; create one first (New Auth Connector).`);
      return undefined;
    }
    const fromNumber = await ui.input({
      title: `${title}: sending number (development)`,
      prompt: 'E.164: + and the country code, then the number.',
      placeHolder: '+14155550100',
      validate: (v) => (/^\+[1-9][0-9]{6,14}$/.test(v) ? undefined : 'An E.164 number: + then 7 to 15 digits.'),
    });
    if (fromNumber === undefined) return undefined;
    const auth = await ui.pick(`${title}: api-key auth connector`, keys.map(authItem));
    return auth ? { kind: 'integration', integrationKind, id, name, fromNumber, auth } : undefined;
  }
  const mcp = integrationKind === 'mcp-server';
  const url = await ui.input({
    title: `${title}: ${mcp ? 'server URL' : 'base URL (development)'}`,
    prompt: mcp ? 'The MCP server endpoint (Streamable HTTP).' : 'Where the development environment sends requests; add staging and production later.',
    placeHolder: mcp ? 'https://mcp.example.com/mcp' : 'https://api.example.com',
    validate: (v) => (/^https?:\/\/[^/\s]+/.test(v) ? undefined : 'An absolute http(s) URL.'),
  });
  if (url === undefined) return undefined;
  const auth = await ui.pick(`${title}: auth connector`, [
    { label: NO_AUTH, detail: 'No authentication', value: NO_AUTH },
    ...info.authConnectors.map(authItem),
  ]);
  if (auth === undefined) return undefined;
  return { kind: 'integration', integrationKind, id, name, url, auth: auth === NO_AUTH ? undefined : auth };
}

const authItem = (a: ScaffoldInfo['authConnectors'][number]): PickItem<string> => ({
  label: a.id,
  description: [a.type, a.name].filter(Boolean).join(' · '),
  value: a.id,
});

async function askAction(ui: Ui, title: string, info: ScaffoldInfo, given?: string): Promise<ScaffoldParams | undefined> {
  const apis = info.integrations.filter((i) => i.kind === 'custom-api');
  if (!apis.length) {
    ui.error(`${title}: shared actions belong to a custom-api integration; create one first (New Integration).`);
    return undefined;
  }
  const integration = apis.some((i) => i.id === given)
    ? given
    : await ui.pick(
        `${title}: integration`,
        apis.map((i) => ({ label: i.id, description: i.name, value: i.id })),
      );
  if (!integration) return undefined;
  const id = await askId(ui, title, `shared action of ${integration}`, info.actions[integration] ?? [], 'lookup_order');
  if (id === undefined) return undefined;
  const method = await ui.pick(
    `${title}: method`,
    METHODS.map((m) => ({ label: m, detail: m === 'GET' || m === 'DELETE' ? 'Parameters go to the query.' : 'Parameters go in the body template.', value: m })),
  );
  if (!method) return undefined;
  const path = await ui.input({
    title: `${title}: path`,
    prompt: "Relative to the environment's base URL: starts with '/', no placeholders (parameters travel as query or body).",
    placeHolder: `/${id.replace(/_/g, '-')}`,
    validate: (v) => (/^\/[^\s{}]*$/.test(v) ? undefined : "Starts with '/', with no spaces or placeholders."),
  });
  if (path === undefined) return undefined;
  return { kind: 'action', integration, id, method, path };
}

const NEW_SECRET = '\u0000new';

async function askAuth(ui: Ui, title: string, info: ScaffoldInfo): Promise<ScaffoldParams | undefined> {
  const authType = await ui.pick(
    `${title}: type`,
    AUTH_TYPES.map((t) => ({ label: t, detail: AUTH_DETAIL[t], value: t })),
  );
  if (!authType) return undefined;
  const id = await askId(
    ui,
    title,
    'auth connector',
    info.authConnectors.map((a) => a.id),
    'orders-token',
  );
  if (id === undefined) return undefined;
  const name = await askName(ui, title, id);
  if (name === undefined) return undefined;
  let secret = await ui.pick(`${title}: secret (declared in stellar.yaml)`, [
    ...info.secrets.map((s) => ({ label: s.name, description: s.description, value: s.name })),
    { label: 'New secret…', detail: 'Declared in stellar.yaml for you; set its values with Set Secret.', value: NEW_SECRET },
  ]);
  if (secret === NEW_SECRET) {
    secret = await ui.input({
      title: `${title}: new secret name`,
      prompt: 'A letter, then letters, digits or _. Its values stay out of the repository.',
      placeHolder: `${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_${authType === 'basic' ? 'PASSWORD' : 'TOKEN'}`.replace(/^[^A-Z]+/, ''),
      validate: (v) => (SECRET_NAME_PATTERN.test(v) ? undefined : 'A letter, then letters, digits or _.'),
    });
  }
  if (!secret) return undefined;
  return { kind: 'auth', authType, id, name, secret };
}

const AUTH_DETAIL: Record<(typeof AUTH_TYPES)[number], string> = {
  bearer: 'Authorization: Bearer <token>',
  'api-key': 'A key in a header or a query parameter',
  basic: 'User name and password',
  oauth2: 'OAuth2 client credentials: a token fetched from tokenUrl',
};

async function askAgent(ui: Ui, title: string, info: ScaffoldInfo): Promise<ScaffoldParams | undefined> {
  const id = await askId(ui, title, 'agent', info.agents, 'support-agent');
  if (id === undefined) return undefined;
  const name = await askName(ui, title, id);
  if (name === undefined) return undefined;
  const status = await ui.pick(`${title}: status`, [
    { label: 'active', detail: 'Takes conversations; the checks that protect running agents consider it.', value: 'active' as const },
    { label: 'inactive', detail: 'Takes no conversations yet.', value: 'inactive' as const },
  ]);
  return status ? { kind: 'agent', id, name, status } : undefined;
}

function titleOf(id: string): string {
  const words = id.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
