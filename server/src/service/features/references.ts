import { Location, type Position, type Range } from 'vscode-languageserver-types';
import { splitLink } from '../bindings';
import { find } from '../lookup';
import type { WorkspaceIndex } from '../workspace';
import { bindingsOf, manifest, summaryOf, usesOfAuth, usesOfIntegration, usesOfSecret } from './queries';
import { symbolAt, type Sym } from './symbols';
import { locateAt } from './targets';

export function findReferences(index: WorkspaceIndex, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const loc = locateAt(index, uri, position);
  const at = loc && symbolAt(index, loc, 'references');
  if (!at) return [];
  return referencesOf(index, at.sym, includeDeclaration, uri);
}

/** Every place that names `sym`, declaration first when asked for; `also` is a file to read even if the index has not re-checked it yet. */
export function referencesOf(index: WorkspaceIndex, sym: Sym, includeDeclaration: boolean, also?: string): Location[] {
  const out: Location[] = [];
  const seen = new Set<string>();
  const add = (uri: string, range: Range | undefined) => {
    if (!range) return;
    const k = `${uri}#${range.start.line}:${range.start.character}`;
    if (seen.has(k)) return;
    seen.add(k);
    out.push(Location.create(uri, range));
  };
  switch (sym.s) {
    case 'action': {
      if (includeDeclaration) {
        const a = find.action(index.lookup, sym.fullId);
        if (a) add(a.uri, a.idRange);
      }
      for (const b of bindingsOf(index, sym.fullId, also)) add(b.agent.uri, b.link.range);
      break;
    }
    case 'tool': {
      const parts = splitLink(sym.fullId);
      const tools = parts && find.tools(index.lookup, parts.integrationId);
      if (includeDeclaration && tools) add(tools.uri, tools.tools.find((t) => t.name === parts.actionId)?.nameRange);
      for (const b of bindingsOf(index, sym.fullId, also)) add(b.agent.uri, b.link.range);
      break;
    }
    case 'integration': {
      if (includeDeclaration) {
        const i = find.integration(index.lookup, sym.id);
        if (i) add(i.uri, i.idRange);
      }
      const uses = usesOfIntegration(index, sym.id, also);
      for (const b of uses.bindings) add(b.agent.uri, b.link.range);
      for (const c of uses.channels) add(c.agent.uri, c.ref.range);
      for (const a of uses.actions) add(a.action.uri, a.ref.range);
      break;
    }
    case 'auth': {
      if (includeDeclaration) {
        const a = find.auth(index.lookup, sym.id);
        if (a) add(a.uri, a.idRange);
      }
      for (const u of usesOfAuth(index, sym.id, also)) add(u.uri, u.ref.range);
      break;
    }
    case 'secret': {
      const m = manifest(index);
      if (includeDeclaration && m) add(m.uri, m.secrets.find((s) => s.target === sym.name)?.range);
      for (const u of usesOfSecret(index, sym.name, also)) add(u.uri, u.ref.range);
      break;
    }
    case 'state': {
      const agent = summaryOf(index, sym.agentUri, 'agent');
      if (!agent) break;
      if (includeDeclaration) for (const s of agent.states) if (s.target === sym.name) add(agent.uri, s.range);
      for (const a of agent.actions) for (const s of a.allowedStates ?? []) if (s.target === sym.name) add(agent.uri, s.range);
      break;
    }
  }
  return out;
}
