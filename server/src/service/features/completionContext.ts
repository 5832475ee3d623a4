import { isScalar, type Node } from 'yaml';
import type { Range } from 'vscode-languageserver-types';
import { findPair, keyOf, nodeAt, parseCached, type OpenFile, type Path } from './cursor';

/** Fields that hold Go templates (`{{ .parameters.x }}`). */
export const TEMPLATE_FIELDS = new Set(['bodyTemplate', 'phone', 'queue', 'recipient', 'message']);

/**
 * Where a completion happens:
 * - key: a new or existing key of the map at `path` (its present keys in `existing`);
 * - value: the scalar at `path`, typed so far as `partial`;
 * - template: inside `{{ ... }}` of a template field of the agent action at `actionPath`.
 * `root` is the document's data (with the cursor's placeholder key when one was needed to parse it).
 */
export type CompletionContext =
  | { mode: 'key'; path: Path; existing: string[]; replace: Range; hasColon: boolean; root: unknown; indent: number }
  | { mode: 'value'; path: Path; partial: string; replace: Range; root: unknown; quoted: boolean }
  | { mode: 'template'; actionPath: Path; partial: string; replace: Range; root: unknown };

const PLACEHOLDER = '__stellar_kit_cursor__';
const WORD_AFTER = /^[^\s,:{}[\]"'#]*/;

export function completionContext(f: OpenFile, offset: number): CompletionContext | undefined {
  const { lines, text } = f;
  const pos = lines.positionAt(offset);
  const lineStart = lines.starts[pos.line];
  const lineText = lines.lineText(pos.line);
  const col = pos.character;
  const prefix = lineText.slice(0, col);
  const wordAfter = WORD_AFTER.exec(lineText.slice(col))?.[0] ?? '';

  const template = templateContext(f, offset, /^[.\w]*/.exec(lineText.slice(col))![0].length);
  if (template) return template;

  const lead = /^(\s*)((?:-[ \t]+)*)/.exec(prefix)!;
  const contentCol = lead[0].length;
  const rest = prefix.slice(contentCol);
  if (rest.startsWith('#') || /\s#/.test(rest)) return undefined; // in a comment

  const kc = keyColon(rest);
  if (kc) {
    const keyPath = findPair(f.yaml, (p) => (p.key as Node | null)?.range?.[0] === lineStart + contentCol)?.path;
    if (!keyPath) return undefined;
    let vStart = kc.colon + 1;
    while (vStart < rest.length && /[ \t]/.test(rest[vStart])) vStart++;
    const vp = rest.slice(vStart);
    const vCol = contentCol + vStart;
    if (vp.startsWith('{') || vp.startsWith('[')) return flowContext(f, vp, vCol, keyPath, pos.line, col + wordAfter.length);
    if (/^[|>]/.test(vp)) return undefined;
    const quoted = vp.startsWith('"') || vp.startsWith("'");
    const start = vCol + (quoted ? 1 : 0);
    return {
      mode: 'value',
      path: keyPath,
      partial: vp.slice(quoted ? 1 : 0),
      quoted,
      root: f.yaml.value,
      replace: { start: { line: pos.line, character: start }, end: { line: pos.line, character: col + wordAfter.length } },
    };
  }
  if (rest.startsWith('{') || rest.startsWith('[')) return undefined;
  if (!/^[A-Za-z0-9_.$/+-]*$/.test(rest)) return undefined;

  // A key being typed (or an empty line): make it a key so the document parses, then see where it landed.
  const wordEnd = col + wordAfter.length;
  const after = lineText.slice(wordEnd);
  const hasColon = /^\s*:/.test(after);
  if (!hasColon && after.trim() !== '' && !after.trim().startsWith('#')) return undefined;
  const patched = text.slice(0, lineStart + contentCol) + PLACEHOLDER + (hasColon ? '' : ':') + text.slice(lineStart + wordEnd);
  // Every position inside the same word patches the text the same way: the parse is shared.
  const pfile = parseCached(`${f.uri}#completion`, f.kind, patched).yaml;
  const found = findPair(pfile, (_, k) => k === PLACEHOLDER);
  if (!found) return undefined;
  const path = found.path.slice(0, -1);
  const existing = found.map.items.map(keyOf).filter((k): k is string => k !== undefined && k !== PLACEHOLDER);
  const replace = { start: { line: pos.line, character: contentCol }, end: { line: pos.line, character: wordEnd } };
  return { mode: 'key', path, existing, replace, hasColon, root: stripPlaceholder(pfile.value), indent: contentCol };
}

/** True when a key context sits on `- word` in a list: the word may be a list item value instead. */
export function asSeqValue(ctx: Extract<CompletionContext, { mode: 'key' }>, f: OpenFile): Extract<CompletionContext, { mode: 'value' }> | undefined {
  if (ctx.hasColon || ctx.existing.length > 0 || typeof ctx.path[ctx.path.length - 1] !== 'number') return undefined;
  const lineText = f.lines.lineText(ctx.replace.start.line);
  if (!/^\s*-\s/.test(lineText.slice(0, ctx.replace.start.character) + ' ')) return undefined;
  const partial = lineText.slice(ctx.replace.start.character, ctx.replace.end.character);
  return { mode: 'value', path: ctx.path, partial, replace: ctx.replace, root: ctx.root, quoted: false };
}

function stripPlaceholder(v: unknown, depth = 0): unknown {
  if (depth > 100) return undefined; // aliases can make the data cyclic
  if (Array.isArray(v)) return v.map((x) => stripPlaceholder(x, depth + 1));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (k !== PLACEHOLDER) out[k] = stripPlaceholder(x, depth + 1);
    return out;
  }
  return v;
}

/** `key:` at the start of `rest` (plain or quoted key), with the index of its colon. */
function keyColon(rest: string): { key: string; colon: number } | undefined {
  if (rest.startsWith('"') || rest.startsWith("'")) {
    const q = rest[0];
    const close = rest.indexOf(q, 1);
    if (close < 0) return undefined;
    const m = /^[ \t]*:(?=\s|$)/.exec(rest.slice(close + 1));
    return m ? { key: rest.slice(1, close), colon: close + m[0].length } : undefined;
  }
  const m = /^([^\s{[#'"][^#]*?)[ \t]*:(?=\s|$)/.exec(rest);
  return m ? { key: m[1], colon: m[0].length - 1 } : undefined;
}

interface Frame {
  type: 'map' | 'seq';
  seg?: string | number;
  key?: string;
  afterColon: boolean;
  index: number;
  keys: string[];
}

/** Where the cursor is inside a one-line flow collection (`{ secret: BIL`, `[in-call, po`). */
function flowContext(f: OpenFile, vp: string, vCol: number, base: Path, line: number, replaceEnd: number): CompletionContext | undefined {
  const stack: Frame[] = [];
  let token = '';
  let tokenStart = 0;
  let quoted = false;
  const top = () => stack[stack.length - 1];
  const segOf = (fr: Frame | undefined): string | number | undefined => (fr ? (fr.type === 'seq' ? fr.index : fr.afterColon ? fr.key : undefined) : undefined);
  for (let i = 0; i < vp.length;) {
    const c = vp[i];
    if ((c === '"' || c === "'") && token.trim() === '') {
      let j = i + 1;
      while (j < vp.length && vp[j] !== c) j += vp[j] === '\\' && c === '"' ? 2 : 1;
      if (j >= vp.length) {
        token = vp.slice(i + 1);
        tokenStart = i + 1;
        quoted = true;
        break;
      }
      token = vp.slice(i + 1, j);
      tokenStart = i + 1;
      i = j + 1;
      continue;
    }
    if (c === '{' || c === '[') {
      stack.push({ type: c === '{' ? 'map' : 'seq', seg: segOf(top()), afterColon: false, index: 0, keys: [] });
      token = '';
      i++;
      tokenStart = i;
      continue;
    }
    if (c === '}' || c === ']') {
      stack.pop();
      token = '';
      i++;
      tokenStart = i;
      continue;
    }
    const t = top();
    if (c === ',' && t) {
      if (t.type === 'map') {
        t.afterColon = false;
        t.key = undefined;
      } else t.index++;
      token = '';
      i++;
      tokenStart = i;
      continue;
    }
    if (c === ':' && t?.type === 'map' && !t.afterColon && (i + 1 >= vp.length || /\s/.test(vp[i + 1]))) {
      t.key = token.trim();
      t.keys.push(t.key);
      t.afterColon = true;
      token = '';
      i++;
      tokenStart = i;
      continue;
    }
    if (/\s/.test(c) && token === '') {
      i++;
      tokenStart = i;
      continue;
    }
    token += c;
    i++;
  }
  const t = top();
  if (!t) return undefined;
  const rel = stack
    .slice(1)
    .map((fr) => fr.seg)
    .filter((s): s is string | number => s !== undefined);
  if (rel.length !== stack.length - 1) return undefined;
  const replace = { start: { line, character: vCol + tokenStart }, end: { line, character: Math.max(vCol + tokenStart, replaceEnd) } };
  const root = f.yaml.value;
  if (t.type === 'map' && !t.afterColon) {
    return { mode: 'key', path: [...base, ...rel], existing: t.keys, replace, hasColon: false, root, indent: -1 };
  }
  const path = [...base, ...rel, t.type === 'seq' ? t.index : t.key!];
  return { mode: 'value', path, partial: token, replace, root, quoted };
}

/** Inside `{{ ... }}` of a template field of an agent action. */
function templateContext(f: OpenFile, offset: number, after: number): CompletionContext | undefined {
  if (f.kind !== 'agent') return undefined;
  const hit = nodeAt(f.yaml, offset);
  if (!hit || hit.isKey || !isScalar(hit.node) || typeof hit.node.value !== 'string') return undefined;
  const field = hit.path[hit.path.length - 1];
  if (hit.path.length !== 3 || hit.path[0] !== 'actions' || typeof field !== 'string' || !TEMPLATE_FIELDS.has(field)) return undefined;
  const start = hit.node.range?.[0] ?? offset;
  const src = f.text.slice(start, offset);
  const open = src.lastIndexOf('{{');
  if (open < 0 || open < src.lastIndexOf('}}')) return undefined;
  const partial = /[.\w]*$/.exec(src)![0];
  const from = offset - partial.length;
  return { mode: 'template', actionPath: hit.path.slice(0, 2), partial, replace: f.lines.range(from, offset + after), root: f.yaml.value };
}
