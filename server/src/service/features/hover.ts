import { isScalar } from 'yaml';
import type { Hover, Position } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace';
import { valueAt } from './cursor';
import { actionDeclMarkdown, authMarkdown, authRefMarkdown, integrationMarkdown, integrationRefMarkdown, linkedByMarkdown, linkMarkdown } from './describe';
import { bindingsOf, lockOf, manifest, summaryOf } from './queries';
import { descriptionOf, schemaAt, valuesOf } from './schemas';
import { locateAt, type Located, type CursorTarget } from './targets';
import { code } from './text';

export function doHover(index: WorkspaceIndex, uri: string, position: Position): Hover | null {
  const loc = locateAt(index, uri, position);
  if (!loc?.hit || !loc.hitRange) return null;
  const parts: string[] = [];
  const domain = loc.target ? domainMarkdown(index, loc, loc.target) : undefined;
  if (domain) parts.push(domain);
  const schema = schemaMarkdown(loc, !!domain);
  if (schema) parts.push(schema);
  if (parts.length === 0) return null;
  const range = loc.target && loc.target.t === 'link' ? loc.target.range : loc.hitRange;
  return { contents: { kind: 'markdown', value: parts.join('\n\n---\n\n') }, range };
}

function domainMarkdown(index: WorkspaceIndex, loc: Located, t: CursorTarget): string | undefined {
  const f = loc.file;
  switch (t.t) {
    case 'link': {
      const lock = t.inLock ? summaryOf(index, f.uri, 'agentLock') : lockOf(index, f.uri);
      return linkMarkdown(
        index,
        t.link,
        lock?.entries.find((e) => e.fullId === t.link),
        lock?.lockedAt,
      );
    }
    case 'integrationRef':
      return integrationRefMarkdown(index, t.id);
    case 'authRef':
      return authRefMarkdown(index, t.id);
    case 'secretRef':
    case 'secretDecl': {
      const s = manifest(index)?.secrets.find((x) => x.target === t.name);
      if (!s) return `Secret ${code(t.name)} is not declared in stellar.yaml.`;
      return `**Secret** ${code(t.name)}${s.description ? `: ${s.description}` : ''}\n\nOne value per environment, kept outside the repository (VS Code secret storage, or \`STELLAR_SECRET_${t.name}\` for the CLI).`;
    }
    case 'parameterRef': {
      const p = valueAt(f.yaml.value, ['actions', t.actionIndex, 'parameters', 'properties', t.name]);
      if (!p || typeof p !== 'object') return `Parameter ${code(t.name)} is not defined in this action's parameters.`;
      const s = p as Record<string, unknown>;
      return `**Parameter** ${code(t.name)}${typeof s.type === 'string' ? ` (${s.type})` : ''}${typeof s.description === 'string' ? `\n\n${s.description}` : ''}`;
    }
    case 'toolDecl':
      return linkedByMarkdown(bindingsOf(index, `${t.integrationId}/${t.tool}`), 'tool');
    case 'fileDecl': {
      if (!t.onNameOrFirstKey) return undefined;
      if (f.kind === 'integration') {
        const s = summaryOf(index, f.uri, 'integration');
        return s && integrationMarkdown(index, s, true);
      }
      if (f.kind === 'action') {
        const s = summaryOf(index, f.uri, 'action');
        return s && actionDeclMarkdown(index, s);
      }
      if (f.kind === 'auth') {
        const s = summaryOf(index, f.uri, 'auth');
        return s && authMarkdown(index, s, true);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The schema's description of the key under the cursor (or of the field whose value it is). */
function schemaMarkdown(loc: Located, hasDomain: boolean): string | undefined {
  const { hit, file } = loc;
  if (!hit || hit.path.length === 0) return undefined;
  // Between the children of a map or list there is nothing to describe.
  if (!hit.isKey && (hasDomain || !isScalar(hit.node))) return undefined;
  const place = schemaAt(file.kind, file.yaml.value, hit.path);
  const description = descriptionOf(place);
  if (!description) return undefined;
  const values = hit.isKey ? valuesOf(place).filter((v) => typeof v.value !== 'boolean') : [];
  const field = hit.path[hit.path.length - 1];
  const title = typeof field === 'string' ? `**${field}**\n\n` : '';
  return `${title}${description}${values.length > 1 ? `\n\nValues: ${values.map((v) => code(String(v.value))).join(', ')}.` : ''}`;
}
