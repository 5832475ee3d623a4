import { DeleteFile } from 'vscode-languageserver-types';
import { agentOfLock } from '../features/queries';
import { writeFile } from '../features/fixEdits';
import { buildLock } from '../lock';
import { defineRule, type QuickFix } from './rule';

/** Refresh (or re-lock) when the agent is there; delete the lock when it is gone. */
export const refreshLock: QuickFix = {
  title: 'Refresh the lock, or delete it when its agent is gone',
  createCodeAction({ index, uri, file, now, fix }) {
    const agent = agentOfLock(index, uri);
    if (agent) {
      const kept = buildLock(index, agent.uri, now, '\u0000');
      if (kept) fix('Refresh the lock: drop entries the agent no longer links', writeFile(index, kept.uri, kept.text), true);
      const all = buildLock(index, agent.uri, now);
      if (all) fix('Re-lock every binding with its current shape', writeFile(index, all.uri, all.text));
    } else if (file.kind === 'agentLock') {
      fix('Delete this lock: its agent is gone', { documentChanges: [DeleteFile.create(uri, { ignoreIfNotExists: true })] });
    }
  },
};

/** SK015: Lock entry for an action no longer linked. */
export const SK015 = defineRule({
  code: 'SK015',
  severity: 'warning',
  title: 'Lock entry for an action no longer linked',
  doc: "A lock entry names a shared action the agent no longer links, or the lock has no agent file next to it.\nReported on the entry's key in the lock. Not reported while the agent file has syntax errors.",
  data: { fullId: 'string' },
  quickFixes: [refreshLock],
});
