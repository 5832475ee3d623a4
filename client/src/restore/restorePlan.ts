/**
 * What restoring a version writes, without the VS Code API: the agent file and its lock as they were at
 * the revision (a lock absent there is deleted). Shared actions are never written: the restored agent
 * uses each action's current shape, as the platform's restore does.
 */
import type { RestoreFile } from '../../../server/src/protocol';

export type RestoreChange = { uri: string; rel: string; kind: 'write'; text: string; exists: boolean } | { uri: string; rel: string; kind: 'delete' };

/** The files whose working copy differs from the revision; `current` is a file's working-copy text (undefined: no such file). */
export function restoreChanges(files: RestoreFile[], current: (uri: string) => string | undefined): RestoreChange[] {
  const out: RestoreChange[] = [];
  for (const f of files) {
    if (!/\.agent(\.lock)?\.yaml$/.test(f.uri)) continue; // only the agent and its lock, whatever the server says
    const now = current(f.uri);
    if (f.text === undefined) {
      if (now !== undefined) out.push({ uri: f.uri, rel: f.rel, kind: 'delete' });
    } else if (now !== f.text) out.push({ uri: f.uri, rel: f.rel, kind: 'write', text: f.text, exists: now !== undefined });
  }
  return out;
}

/** The notification's line: what restoring changes, the report's count line. */
export function restoreSummary(agent: string, commit: string, changes: RestoreChange[], reportText: string): string {
  const counts = (reportText.trimEnd().split('\n').pop() ?? '').replace(/\.$/, '');
  if (changes.length === 0) return `${agent} and its lock are the same at ${commit.slice(0, 8)}: nothing to restore.`;
  const what = changes.map((c) => `${c.kind === 'delete' ? 'delete' : 'restore'} ${c.rel.replace(/^.*\//, '')}`).join(', ');
  return `Restore ${agent} @ ${commit.slice(0, 8)}: ${what}. Shared actions keep their current shapes (${counts})`;
}
