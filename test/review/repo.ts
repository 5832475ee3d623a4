// A real git repository for the review tests (CLI and editor): `main` holds the base workspace in `ws/`, branch
// `pr` changes lookup's shape (method, a secret header, a renamed output variable), deletes remove, moves relocate to
// the other integration, fixes sales's undeclared state (SK051) and adds a binding to an action that does not exist
// (SK011). Sales is inactive; support is active.
import { execFileSync } from 'node:child_process';
import { mkdirSync, renameSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';

export const integration = (name: string) => `kind: custom-api\nname: ${name}\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:1" }\n`;
export const action = (integrationId: string, name: string, extra = 'method: GET\n', output = 'id') =>
  `integration: ${integrationId}\nname: ${name}\ndescription: ${name} things\n${extra}path: /${name}\noutputVariables:\n  - { name: ${output}, path: $.id }\n`;

export const BASE: Record<string, string> = {
  'stellar.yaml': 'secrets:\n  API_KEY: the API key\n',
  'api.integration.yaml': integration('API'),
  'other.integration.yaml': integration('Other'),
  'api/lookup.action.yaml': action('api', 'lookup'),
  'api/remove.action.yaml': action('api', 'remove'),
  'api/relocate.action.yaml': action('api', 'relocate'),
  'api/stable.action.yaml': action('api', 'stable'),
  'agents/support.agent.yaml':
    'name: Support\nstatus: active\nactions:\n  - link: api/lookup\n  - link: api/remove\n  - link: api/relocate\n  - link: api/stable\n',
  'agents/sales.agent.yaml': 'name: Sales\nstatus: inactive\nstates: [intro]\nactions:\n  - link: api/lookup\n    allowedStates: [billing]\n',
};

export { write } from '../restore/history';
import { write } from '../restore/history';

export interface ReviewRepo {
  repo: string;
  ws: string;
  git: (...args: string[]) => string;
}

/** Commits the base on `main` and the change on `pr` (checked out). */
export function reviewRepo(repo: string): ReviewRepo {
  const ws = path.join(repo, 'ws');
  mkdirSync(ws, { recursive: true });
  const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'test@example.com');
  git('config', 'user.name', 'Test');
  git('config', 'commit.gpgsign', 'false');
  write(ws, BASE);
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'pr');
  write(ws, { 'api/lookup.action.yaml': action('api', 'lookup', 'method: POST\nheaders:\n  X-Api-Key: { secret: API_KEY }\n', 'ident') });
  unlinkSync(path.join(ws, 'api/remove.action.yaml'));
  mkdirSync(path.join(ws, 'other'));
  renameSync(path.join(ws, 'api/relocate.action.yaml'), path.join(ws, 'other/relocate.action.yaml'));
  write(ws, {
    'other/relocate.action.yaml': action('other', 'relocate'),
    'agents/sales.agent.yaml':
      'name: Sales\nstatus: inactive\nstates: [intro, billing]\nactions:\n  - link: api/lookup\n    allowedStates: [billing]\n  - link: api/nope\n',
  });
  git('add', '-A');
  git('commit', '-q', '-m', 'pr');
  return { repo, ws, git };
}
