import { DeleteFile } from 'vscode-languageserver-types';
import { writeFile } from '../features/fixEdits';
import { agentOfLock } from '../features/queries';
import { dirName } from '../files';
import { key } from '../keys';
import { buildLock } from '../lock';
import type { Lookup } from '../lookup';
import type { AgentLockSummary, AgentSummary } from '../summary';
import { type AddFinding, defineRule, type QuickFix, related } from './rule';

/** Refresh (or re-lock) when the agent is there; delete the lock when it is gone. */
export function refreshLock(): QuickFix {
  return {
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
}

/** Lock entries for actions the agent no longer links, or a lock without its agent. */
export function checkLockEntries(s: AgentLockSummary, l: Lookup, add: AddFinding): void {
  const agentFiles = l.providers(key.agentFile(dirName(s.uri), s.id));
  const agent = agentFiles.find((f) => f.summary?.kind === 'agent')?.summary as AgentSummary | undefined;
  // An agent that does not parse, or has syntax errors, says so itself; what it links is not known.
  if (agentFiles.length > 0 && (!agent || agentFiles.some((f) => f.local.some((x) => x.code === 'SK001' && x.severity === 'error')))) return;
  const linked = new Set(agent?.actions.map((a) => a.link?.target).filter(Boolean) ?? []);
  for (const e of s.entries) {
    if (linked.has(e.fullId)) continue;
    add(
      'SK015',
      e.keyRange,
      agent
        ? `Lock entry '${e.fullId}': agent '${s.id}' no longer links this action. Refresh the lock (Lock agent, or stellar-kit lock) to drop it.`
        : `Lock entry '${e.fullId}': there is no ${s.id}.agent.yaml next to this lock. Delete the lock or restore the agent.`,
      agent ? [related(agent.uri, agent.idRange, `agent '${s.id}', which links no '${e.fullId}'`)] : [],
      { fullId: e.fullId },
    );
  }
}

/** SK015: Lock entry for an action no longer linked. */
export const SK015 = defineRule({
  code: 'SK015',
  severity: 'warning',
  title: 'Lock entry for an action no longer linked',
  doc: "A lock entry names a shared action the agent no longer links, or the lock has no agent file next to it.\nReported on the entry's key in the lock. Not reported while the agent file has syntax errors.",
  data: { fullId: 'string' },
  quickFixes: [refreshLock()],
});
