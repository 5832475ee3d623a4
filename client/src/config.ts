import * as vscode from 'vscode';

export const SECTION = 'stellarKit';
export const LANGUAGE_ID = 'stellar-yaml';

/** The Stellar file names, for the document selector (files may also be opened as plain `yaml`). */
export const STELLAR_PATTERNS = [
  '**/*.integration.yaml',
  '**/*.action.yaml',
  '**/*.auth.yaml',
  '**/*.agent.yaml',
  '**/*.agent.lock.yaml',
  '**/*.tools.lock.yaml',
  '**/*.response.yaml',
  '**/stellar.yaml',
];

/** The current `stellarKit` settings, sent as initialization options for servers that cannot pull them. */
export function currentSettings(): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration(SECTION);
  return { severity: c.get('severity', {}), exclude: c.get('exclude', []) };
}
