import { removeBinding } from './SK010-missing-integration';
import { defineRule } from './rule';

/** `what`: the deleted integration or shared action; `when`: since which revision. */
export function breaksMessage(link: string, agentId: string, what: string, when: string, kind: string): string {
  return `Binding '${link}' of active agent '${agentId}' breaks: ${what} was deleted ${when}. Unlink the binding, or keep the ${kind === 'integration' ? 'integration' : 'action'}.`;
}

/** SK090: Deletion would break bindings of active agents. */
export const SK090 = defineRule({
  code: 'SK090',
  severity: 'error',
  title: 'Deletion would break bindings of active agents',
  doc: "Deleting an integration or shared action file would break bindings of **active** agents. The editor\nreports it when a delete is attempted; `stellar-kit check --base <git-rev>` reports it for every\nintegration or shared action file that existed at `<git-rev>`, is gone now, and is still linked by a\nbinding of an active agent. Reported on each such binding, related to the deleted file. Inactive\nagents' bindings are not reported (they still get [SK010](#sk010) or [SK011](#sk011)).",
  data: { deleted: 'string', link: 'string' },
  quickFixes: [removeBinding()],
});
