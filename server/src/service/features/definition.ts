import { Location, type Position, type Range } from 'vscode-languageserver-types';
import { resolveBinding } from '../bindings';
import { dirName } from '../files';
import { key } from '../keys';
import { find } from '../lookup';
import type { WorkspaceIndex } from '../workspace';
import { keyRangeAt, valueRangeAt } from '../yamlFile';
import { valueAt } from './cursor';
import { lockOf, manifest, summaryOf } from './queries';
import { locateAt } from './targets';

export function findDefinition(index: WorkspaceIndex, uri: string, position: Position): Location[] {
  const loc = locateAt(index, uri, position);
  const t = loc?.target;
  if (!loc || !t) return [];
  const at = (u: string, r: Range | undefined) => (r ? [Location.create(u, r)] : []);
  switch (t.t) {
    case 'link': {
      const lock = t.inLock ? summaryOf(index, uri, 'agentLock') : lockOf(index, uri);
      const r = resolveBinding(index.lookup, t.link, lock?.entries.find((e) => e.fullId === t.link)?.shape.name);
      switch (r.status) {
        case 'ok':
          return at(r.action.uri, r.action.nameRange ?? r.action.idRange);
        case 'tool':
          return r.tools && r.tool ? at(r.tools.uri, r.tool.nameRange) : at(r.integration.uri, r.integration.idRange);
        case 'moved':
          return r.candidates.map((c) => Location.create(c.uri, c.nameRange ?? c.idRange));
        case 'deleted':
          return r.integration ? at(r.integration.uri, r.integration.idRange) : [];
        case 'wrongKind':
          return at(r.integration.uri, r.integration.idRange);
        default:
          return [];
      }
    }
    case 'integrationRef': {
      const i = find.integration(index.lookup, t.id);
      return i ? at(i.uri, i.idRange) : [];
    }
    case 'authRef': {
      const a = find.auth(index.lookup, t.id);
      return a ? at(a.uri, a.idRange) : [];
    }
    case 'secretRef': {
      const m = manifest(index);
      const s = m?.secrets.find((x) => x.target === t.name);
      return m && s ? at(m.uri, s.range) : [];
    }
    case 'stateRef': {
      const states = valueAt(loc.file.yaml.value, ['states']);
      const i = Array.isArray(states) ? states.indexOf(t.name) : -1;
      return i >= 0 ? at(uri, valueRangeAt(loc.file.yaml, ['states', i])) : [];
    }
    case 'parameterRef':
      return at(uri, keyRangeAt(loc.file.yaml, ['actions', t.actionIndex, 'parameters', 'properties', t.name]));
    case 'agentRef': {
      const agent = index.lookup.providers(key.agentFile(dirName(uri), t.id)).find((f) => f.summary?.kind === 'agent')?.summary;
      return agent ? at(agent.uri, agent.idRange) : [];
    }
    default:
      return [];
  }
}
