import type { Range } from 'vscode-languageserver-types';
import { find } from '../lookup';
import type { WorkspaceIndex } from '../workspace';
import { summaryOf } from './queries';
import type { Located } from './targets';

/** A workspace-wide thing that references and rename work on. */
export type Sym =
  | { s: 'action'; fullId: string }
  | { s: 'integration'; id: string }
  | { s: 'auth'; id: string }
  | { s: 'secret'; name: string }
  | { s: 'state'; agentUri: string; name: string }
  | { s: 'tool'; fullId: string };

export interface SymAt {
  sym: Sym;
  range: Range;
  placeholder: string;
}

/**
 * The symbol under the cursor. For rename a link is split: its integration part renames the
 * integration, its action part the shared action; references treat the whole link as the action.
 */
export function symbolAt(index: WorkspaceIndex, loc: Located, purpose: 'references' | 'rename'): SymAt | undefined {
  const t = loc.target;
  if (!t) return undefined;
  switch (t.t) {
    case 'link': {
      if (purpose === 'rename' && t.onIntegration)
        return { sym: { s: 'integration', id: t.integrationId }, range: t.integrationRange, placeholder: t.integrationId };
      if (find.integration(index.lookup, t.integrationId)?.integrationKind === 'mcp-server') {
        return purpose === 'rename' ? undefined : { sym: { s: 'tool', fullId: t.link }, range: t.range, placeholder: t.actionId };
      }
      if (purpose === 'rename' && !find.action(index.lookup, t.link)) return undefined;
      return { sym: { s: 'action', fullId: t.link }, range: purpose === 'rename' ? t.actionRange : t.range, placeholder: t.actionId };
    }
    case 'integrationRef':
      return { sym: { s: 'integration', id: t.id }, range: t.range, placeholder: t.id };
    case 'authRef':
      return { sym: { s: 'auth', id: t.id }, range: t.range, placeholder: t.id };
    case 'secretRef':
    case 'secretDecl':
      return { sym: { s: 'secret', name: t.name }, range: t.range, placeholder: t.name };
    case 'stateRef':
    case 'stateDecl':
      return { sym: { s: 'state', agentUri: loc.file.uri, name: t.name }, range: t.range, placeholder: t.name };
    case 'toolDecl':
      return purpose === 'rename' ? undefined : { sym: { s: 'tool', fullId: `${t.integrationId}/${t.tool}` }, range: t.range, placeholder: t.tool };
    case 'fileDecl': {
      // Renaming from a declaration file starts on a key or on the name, not on any value of the file.
      if (purpose === 'rename' && !loc.hit?.isKey && !t.onNameOrFirstKey) return undefined;
      const uri = loc.file.uri;
      const range = loc.hitRange ?? t.range;
      if (loc.file.kind === 'integration') {
        const s = summaryOf(index, uri, 'integration');
        return s && { sym: { s: 'integration', id: s.id }, range, placeholder: s.id };
      }
      if (loc.file.kind === 'action') {
        const s = summaryOf(index, uri, 'action');
        return s?.integration && { sym: { s: 'action', fullId: `${s.integration.target}/${s.id}` }, range, placeholder: s.id };
      }
      if (loc.file.kind === 'auth') {
        const s = summaryOf(index, uri, 'auth');
        return s && { sym: { s: 'auth', id: s.id }, range, placeholder: s.id };
      }
      return undefined;
    }
    default:
      return undefined;
  }
}
