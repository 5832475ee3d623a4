// A real git repository holding an agent's history, for the restore preview tests (CLI and editor): the first
// commit locks support.agent.yaml on four shared actions; the second changes lookup's method, deletes remove and
// moves relocate to another integration, plus whatever `second` adds.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder, uriOf } from '../../server/src/node/loadFolder';
import { buildLock } from '../../server/src/service/lock';

export const action = (integration: string, name: string, method = 'GET') =>
  `integration: ${integration}\nname: ${name}\ndescription: ${name} things\nmethod: ${method}\npath: /${name}\noutputVariables:\n  - { name: id, path: $.id }\n`;
export const integration = (name: string) => `kind: custom-api\nname: ${name}\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:1" }\n`;
export const agent = (links: string[]) => ['name: Support', 'status: active', 'actions:', ...links.map((l) => `  - link: ${l}`)].join('\n') + '\n';

export const FILES: Record<string, string> = {
  'stellar.yaml': 'secrets: {}\n',
  'api.integration.yaml': integration('API'),
  'other.integration.yaml': integration('Other'),
  'api/lookup.action.yaml': action('api', 'lookup'),
  'api/remove.action.yaml': action('api', 'remove'),
  'api/relocate.action.yaml': action('api', 'relocate'),
  'api/stable.action.yaml': action('api', 'stable'),
  'agents/support.agent.yaml': agent(['api/lookup', 'api/remove', 'api/relocate', 'api/stable']),
};

export function write(dir: string, files: Record<string, string>): void {
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
}

export interface History {
  repo: string;
  ws: string;
  agentFile: string;
  first: string;
  second: string;
  /** The links the first commit's lock holds. */
  locked: string[];
  git: (...args: string[]) => string;
}

/** Creates the repository at `repo` with the workspace in `repo/<wsName>`. */
export async function historyRepo(
  repo: string,
  wsName: string,
  opts: { author?: string; messages?: [string, string]; second?: Record<string, string> } = {},
): Promise<History> {
  const ws = path.join(repo, wsName);
  mkdirSync(ws, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  const [m1, m2] = opts.messages ?? ['first', 'second'];
  git('init', '-q');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', opts.author ?? 'Test');
  git('config', 'commit.gpgsign', 'false');
  write(ws, FILES);
  const agentFile = path.join(ws, 'agents/support.agent.yaml');
  const { index } = await loadFolder(ws);
  const lock = buildLock(index, uriOf(agentFile), new Date('2026-01-01T00:00:00Z'))!;
  writeFileSync(agentFile.replace(/\.agent\.yaml$/, '.agent.lock.yaml'), lock.text);
  git('add', '-A');
  git('commit', '-q', '-m', m1);
  const first = git('rev-parse', 'HEAD');

  write(ws, { 'api/lookup.action.yaml': action('api', 'lookup', 'POST') });
  unlinkSync(path.join(ws, 'api/remove.action.yaml'));
  mkdirSync(path.join(ws, 'other'));
  renameSync(path.join(ws, 'api/relocate.action.yaml'), path.join(ws, 'other/relocate.action.yaml'));
  write(ws, { 'other/relocate.action.yaml': action('other', 'relocate'), ...opts.second });
  git('add', '-A');
  git('commit', '-q', '-m', m2);
  return { repo, ws, agentFile, first, second: git('rev-parse', 'HEAD'), locked: lock.locked, git };
}
