import { analyzeFile } from './analyze';
import { splitLink } from './bindings';
import { kindOf } from './files';
import { key } from './keys';
import { finding } from './rules/rule';
import { breaksMessage } from './rules/SK090-deletion-breaks';
import type { AgentSummary } from './summary';
import type { Finding } from './types';
import type { WorkspaceIndex } from './workspace';

export interface DeletedFile {
  uri: string;
  text: string;
}

/**
 * SK090: bindings of active agents that the deletion of these integration or shared action files
 * breaks. Used before a delete in the editor and against a base revision in the CLI.
 */
export function deletionFindings(index: WorkspaceIndex, deleted: DeletedFile[], when: string): Finding[] {
  index.flush();
  const out: Finding[] = [];
  for (const d of deleted) {
    const kind = kindOf(d.uri);
    if (kind !== 'integration' && kind !== 'action') continue;
    const a = analyzeFile(d.uri, d.text, kind);
    let matches: (link: string) => boolean;
    let what: string;
    let k: string;
    if (kind === 'integration') {
      matches = (link) => splitLink(link)?.integrationId === a.id;
      what = `integration '${a.id}'`;
      k = key.integration(a.id);
    } else {
      if (a.summary?.kind !== 'action' || !a.summary.integration) continue;
      const fullId = `${a.summary.integration.target}/${a.id}`;
      matches = (link) => link === fullId;
      what = `shared action '${fullId}'`;
      k = key.action(fullId);
    }
    for (const uri of index.dependentsOf(k).sort()) {
      const agent = index.analysis(uri)?.summary as AgentSummary | undefined;
      if (agent?.kind !== 'agent' || agent.status !== 'active') continue;
      for (const act of agent.actions) {
        if (!act.link || !matches(act.link.target)) continue;
        out.push(
          finding(
            'SK090',
            uri,
            act.link.range,
            breaksMessage(act.link.target, agent.id, what, when, kind),
            [{ uri: d.uri, range: a.summary?.idRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message: `deleted ${what}` }],
            { deleted: d.uri, link: act.link.target },
          ),
        );
      }
    }
  }
  return out;
}
