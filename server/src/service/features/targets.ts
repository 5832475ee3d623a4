import { isMap, isScalar } from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { splitLink } from '../bindings';
import { TEMPLATE_FIELDS } from './completionContext';
import { nodeAt, openFile, pathIs, valueAt, type Hit, type OpenFile } from './cursor';
import { unquoted } from './text';
import type { WorkspaceIndex } from '../workspace';

/** A link (a binding's `link` or a lock key) split into its two ids, each with its range. */
export interface LinkTarget {
  t: 'link';
  link: string;
  integrationId: string;
  actionId: string;
  range: Range;
  integrationRange: Range;
  actionRange: Range;
  onIntegration: boolean;
  inLock: boolean;
  actionIndex?: number;
}

/** The domain thing under the cursor. `fileDecl` is the file's own integration, shared action or auth connector. */
export type CursorTarget =
  | LinkTarget
  | { t: 'integrationRef'; id: string; range: Range }
  | { t: 'authRef'; id: string; range: Range }
  | { t: 'secretRef'; name: string; range: Range }
  | { t: 'secretDecl'; name: string; range: Range }
  | { t: 'stateRef'; name: string; range: Range }
  | { t: 'stateDecl'; name: string; range: Range }
  | { t: 'parameterRef'; actionIndex: number; name: string; range: Range }
  | { t: 'parameterDecl'; actionIndex: number; name: string; range: Range }
  | { t: 'agentRef'; id: string; range: Range }
  | { t: 'toolDecl'; integrationId: string; tool: string; range: Range }
  | { t: 'fileDecl'; range: Range; onNameOrFirstKey: boolean };

export interface Located {
  file: OpenFile;
  offset: number;
  hit: Hit | undefined;
  hitRange: Range | undefined;
  target: CursorTarget | undefined;
}

export function locateAt(index: WorkspaceIndex, uri: string, position: Position): Located | undefined {
  const file = openFile(index, uri);
  if (!file) return undefined;
  const offset = file.lines.offsetAt(position);
  const hit = nodeAt(file.yaml, offset);
  const hitRange = hit?.node.range ? unquoted(file.lines, file.lines.range(hit.node.range[0], hit.node.range[1])) : undefined;
  return { file, offset, hit, hitRange, target: hit && hitRange ? targetOf(file, hit, hitRange, offset) : undefined };
}

const is = pathIs;

function targetOf(f: OpenFile, hit: Hit, range: Range, offset: number): CursorTarget | undefined {
  const p = hit.path;
  const str = isScalar(hit.node) && typeof hit.node.value === 'string' ? hit.node.value : undefined;
  if (!hit.isKey && str !== undefined) {
    const parent = valueAt(f.yaml.value, p.slice(0, -1));
    if (p[p.length - 1] === 'secret' && parent && typeof parent === 'object' && !Array.isArray(parent) && Object.keys(parent).length === 1) {
      return { t: 'secretRef', name: str, range };
    }
  }
  switch (f.kind) {
    case 'manifest':
      if (hit.isKey && is(p, 'secrets', null)) return { t: 'secretDecl', name: String(p[1]), range };
      return undefined;
    case 'agent': {
      if (hit.isKey) {
        if (is(p, 'actions', '#', 'parameters', 'properties', null)) return { t: 'parameterDecl', actionIndex: p[1] as number, name: String(p[4]), range };
        return undefined;
      }
      if (str === undefined) return undefined;
      if (is(p, 'states', '#')) return { t: 'stateDecl', name: str, range };
      if (is(p, 'actions', '#', 'link')) return linkTarget(f, str, range, offset, false, p[1] as number);
      if (is(p, 'actions', '#', 'auth')) return { t: 'authRef', id: str, range };
      if (is(p, 'actions', '#', 'channel')) return { t: 'integrationRef', id: str, range };
      if (is(p, 'actions', '#', 'allowedStates', '#')) return { t: 'stateRef', name: str, range };
      if (is(p, 'actions', '#', null) && TEMPLATE_FIELDS.has(String(p[2]))) return parameterAt(f, hit, p[1] as number, offset);
      return undefined;
    }
    case 'integration':
      if (!hit.isKey && str !== undefined && (is(p, 'auth') || is(p, 'environments', null, 'auth'))) return { t: 'authRef', id: str, range };
      return fileDecl(f, hit, range);
    case 'action':
      if (!hit.isKey && str !== undefined && is(p, 'integration')) return { t: 'integrationRef', id: str, range };
      return fileDecl(f, hit, range);
    case 'auth':
      return fileDecl(f, hit, range);
    case 'agentLock':
      if (hit.isKey && is(p, 'actions', null)) return linkTarget(f, String(p[1]), range, offset, true);
      if (!hit.isKey && str !== undefined && is(p, 'agent')) return { t: 'agentRef', id: str, range };
      return undefined;
    case 'toolsLock': {
      if (hit.isKey || str === undefined) return undefined;
      if (is(p, 'integration')) return { t: 'integrationRef', id: str, range };
      const integrationId = valueAt(f.yaml.value, ['integration']);
      if (is(p, 'tools', '#', 'name') && typeof integrationId === 'string') return { t: 'toolDecl', integrationId, tool: str, range };
      return undefined;
    }
  }
}

function fileDecl(f: OpenFile, hit: Hit, range: Range): CursorTarget {
  const root = f.yaml.doc?.contents;
  const firstKey = isMap(root) && root.items.length > 0 && hit.isKey && hit.path.length === 1 && hit.pair === root.items[0];
  return { t: 'fileDecl', range, onNameOrFirstKey: firstKey || (hit.path.length === 1 && hit.path[0] === 'name') };
}

function linkTarget(f: OpenFile, link: string, range: Range, offset: number, inLock: boolean, actionIndex?: number): LinkTarget | undefined {
  const parts = splitLink(link);
  if (!parts) return undefined;
  const start = f.lines.offsetAt(range.start);
  const end = f.lines.offsetAt(range.end);
  if (f.text.slice(start, end) !== link) return undefined; // escaped or folded: no precise parts
  const mid = start + parts.integrationId.length;
  return {
    t: 'link',
    link,
    ...parts,
    range,
    inLock,
    actionIndex,
    integrationRange: f.lines.range(start, mid),
    actionRange: f.lines.range(mid + 1, end),
    onIntegration: offset <= mid,
  };
}

/** `.parameters.X` under the cursor inside a template field. */
function parameterAt(f: OpenFile, hit: Hit, actionIndex: number, offset: number): CursorTarget | undefined {
  const r = hit.node.range;
  if (!r) return undefined;
  const src = f.text.slice(r[0], r[1]);
  const re = /\.parameters\.([A-Za-z_][A-Za-z0-9_]*)/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const s = r[0] + m.index;
    const e = s + m[0].length;
    if (offset >= s && offset <= e) {
      const nameStart = e - m[1].length;
      return { t: 'parameterRef', actionIndex, name: m[1], range: f.lines.range(nameStart, e) };
    }
  }
  return undefined;
}
