/**
 * Go text/template, as far as Stellar Kit needs it: parse errors with offsets, the fields a template
 * reads. Rendering, with real or sample values, is in run/render.ts.
 */

export interface TemplateError {
  message: string;
  start: number;
  end: number;
}
export interface FieldRef {
  /** `.parameters.invoice_number` → ['parameters', 'invoice_number'] */
  path: string[];
  start: number;
  end: number;
}

type Token = { kind: 'field' | 'var' | 'string' | 'number' | 'ident' | 'punct'; text: string; start: number; end: number };

interface TextNode {
  type: 'text';
  text: string;
}
interface OutputNode {
  type: 'output';
  tokens: Token[];
}
interface BlockNode {
  type: 'if' | 'range' | 'with';
  tokens: Token[];
  body: Node[];
  elseBody: Node[];
}
type Node = TextNode | OutputNode | BlockNode;

export interface ParsedTemplate {
  nodes: Node[];
  errors: TemplateError[];
  fields: FieldRef[];
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

export function hasTemplate(text: string): boolean {
  return text.includes('{{');
}

export function parseTemplate(src: string): ParsedTemplate {
  const errors: TemplateError[] = [];
  const fields: FieldRef[] = [];
  const root: Node[] = [];
  // Open blocks: each with the node list currently receiving children.
  const stack: { node: BlockNode; inElse: boolean; start: number; end: number; dotChanged: boolean }[] = [];
  const target = () => (stack.length ? (stack[stack.length - 1].inElse ? stack[stack.length - 1].node.elseBody : stack[stack.length - 1].node.body) : root);
  const dotChanged = () => stack.some((s) => s.dotChanged);

  let pos = 0;
  let trimNextText = false;
  while (pos <= src.length) {
    const open = src.indexOf('{{', pos);
    let text = src.slice(pos, open < 0 ? src.length : open);
    if (trimNextText) text = text.replace(/^\s+/, '');
    trimNextText = false;
    if (open < 0) {
      if (text) target().push({ type: 'text', text });
      break;
    }

    let innerStart = open + 2;
    if (src[innerStart] === '-' && /\s/.test(src[innerStart + 1] ?? '')) {
      text = text.replace(/\s+$/, '');
      innerStart += 1;
    }
    if (text) target().push({ type: 'text', text });

    const close = findClose(src, innerStart);
    if (close.error) {
      errors.push({ message: close.error, start: open, end: Math.min(src.length, close.at + 1) });
      break;
    }
    let innerEnd = close.at;
    if (src[innerEnd - 1] === '-' && /\s/.test(src[innerEnd - 2] ?? '')) {
      innerEnd -= 1;
      trimNextText = true;
    }
    pos = close.at + 2;
    const actionEnd = pos;

    const inner = src.slice(innerStart, innerEnd);
    if (/^\s*\/\*[\s\S]*\*\/\s*$/.test(inner)) continue; // a comment
    const lexed = lex(src, innerStart, innerEnd);
    if (lexed.error) {
      errors.push(lexed.error);
      continue;
    }
    const tokens = lexed.tokens;
    if (tokens.length === 0) {
      errors.push({ message: 'empty action {{ }}', start: open, end: actionEnd });
      continue;
    }

    const head = tokens[0];
    const keyword = head.kind === 'ident' && KEYWORDS.has(head.text) ? head.text : undefined;
    const rest = keyword ? tokens.slice(1) : tokens;
    for (const t of rest) if (t.kind === 'field' || t.kind === 'var') collectField(t, fields, dotChanged());

    switch (keyword) {
      case undefined:
        target().push({ type: 'output', tokens });
        break;
      case 'if':
      case 'range':
      case 'with': {
        if (rest.length === 0) {
          errors.push({ message: `missing value for {{${keyword}}}`, start: open, end: actionEnd });
        }
        const node: BlockNode = { type: keyword, tokens: rest, body: [], elseBody: [] };
        target().push(node);
        stack.push({ node, inElse: false, start: open, end: actionEnd, dotChanged: keyword !== 'if' });
        break;
      }
      case 'else': {
        const top = stack[stack.length - 1];
        if (!top || top.inElse) {
          errors.push({ message: 'unexpected {{else}}', start: open, end: actionEnd });
          break;
        }
        top.inElse = true;
        if (rest.length > 0 && rest[0].kind === 'ident' && (rest[0].text === 'if' || rest[0].text === 'with')) {
          // `else if x` opens a nested block closed by the same `end`.
          const kind = rest[0].text as 'if' | 'with';
          const node: BlockNode = { type: kind, tokens: rest.slice(1), body: [], elseBody: [] };
          top.node.elseBody.push(node);
          stack.push({ node, inElse: false, start: open, end: actionEnd, dotChanged: kind === 'with' });
          (stack[stack.length - 1] as { chained?: boolean } & typeof top).chained = true;
        }
        break;
      }
      case 'end': {
        if (stack.length === 0) {
          errors.push({ message: 'unexpected {{end}}: no {{if}}, {{range}} or {{with}} is open', start: open, end: actionEnd });
          break;
        }
        // Close chained `else if` blocks along with their parent.
        while (stack.length && (stack[stack.length - 1] as { chained?: boolean }).chained) stack.pop();
        stack.pop();
        break;
      }
      case 'break':
      case 'continue':
        if (!stack.some((s) => s.node.type === 'range')) errors.push({ message: `{{${keyword}}} outside {{range}}`, start: open, end: actionEnd });
        break;
      default:
        // define / template / block: accepted, rendered as nothing.
        break;
    }
  }
  for (const open of stack.filter((s) => !(s as { chained?: boolean }).chained)) {
    errors.push({ message: `{{${open.node.type}}} is never closed: add {{end}}`, start: open.start, end: open.end });
  }
  return { nodes: root, errors, fields };
}

function collectField(t: Token, fields: FieldRef[], dotChanged: boolean): void {
  let text = t.text;
  let offset = 0;
  if (t.kind === 'var') {
    if (!text.startsWith('$.')) return; // $x: a template variable; `$` alone is the root
    text = text.slice(1);
    offset = 1;
  } else if (dotChanged) {
    return; // inside range/with `.` is not the root
  }
  const path = text.split('.').slice(1);
  if (path.length === 0 || path[0] === '') return;
  fields.push({ path, start: t.start + offset, end: t.end });
}

function findClose(src: string, from: number): { at: number; error?: string } {
  let i = from;
  while (i < src.length) {
    const c = src[i];
    if (c === '}' && src[i + 1] === '}') return { at: i };
    if (c === '"' || c === '`' || c === "'") {
      const end = skipQuoted(src, i);
      if (end < 0) return { at: src.length, error: 'unterminated string in action' };
      i = end;
      continue;
    }
    if (c === '/' && src[i + 1] === '*') {
      const end = src.indexOf('*/', i + 2);
      if (end < 0) return { at: src.length, error: 'unclosed comment' };
      i = end + 2;
      continue;
    }
    if (c === '\n' && src.slice(from, i).trim() !== '' && !/^\s*\/\*/.test(src.slice(from, i))) {
      // Go allows newlines inside actions since 1.16; keep going.
    }
    i++;
  }
  return { at: src.length, error: 'unclosed action: `{{` without `}}`' };
}

/** Index just past the closing quote, or -1. */
function skipQuoted(src: string, at: number): number {
  const q = src[at];
  let i = at + 1;
  while (i < src.length) {
    if (q !== '`' && src[i] === '\\') {
      i += 2;
      continue;
    }
    if (src[i] === q) return i + 1;
    if (q !== '`' && src[i] === '\n') return -1;
    i++;
  }
  return -1;
}

function lex(src: string, start: number, end: number): { tokens: Token[]; error?: TemplateError } {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const begin = i;
    if (c === '"' || c === '`' || c === "'") {
      const e = skipQuoted(src, i);
      if (e < 0 || e > end) return { tokens, error: { message: 'unterminated string', start: i, end } };
      tokens.push({ kind: 'string', text: src.slice(i, e), start: i, end: e });
      i = e;
      continue;
    }
    if (c === ':' && src[i + 1] === '=') {
      tokens.push({ kind: 'punct', text: ':=', start: i, end: i + 2 });
      i += 2;
      continue;
    }
    if ('|(),='.includes(c)) {
      tokens.push({ kind: 'punct', text: c, start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === '.' || c === '$') {
      i++;
      while (i < end && /[A-Za-z0-9_.]/.test(src[i])) i++;
      tokens.push({ kind: c === '.' ? 'field' : 'var', text: src.slice(begin, i), start: begin, end: i });
      continue;
    }
    if (/[0-9+-]/.test(c)) {
      i++;
      while (i < end && /[0-9a-fA-FxX._+-]/.test(src[i])) i++;
      tokens.push({ kind: 'number', text: src.slice(begin, i), start: begin, end: i });
      continue;
    }
    if (/[A-Za-z_]/.test(c)) {
      i++;
      while (i < end && /[A-Za-z0-9_]/.test(src[i])) i++;
      // `.field` chained on an identifier result, e.g. (index .a 0).b is rare; accept trailing fields.
      while (i < end && src[i] === '.' && /[A-Za-z_]/.test(src[i + 1] ?? '')) {
        i++;
        while (i < end && /[A-Za-z0-9_]/.test(src[i])) i++;
      }
      tokens.push({ kind: 'ident', text: src.slice(begin, i), start: begin, end: i });
      continue;
    }
    return { tokens, error: { message: `unexpected character '${c}' in action`, start: i, end: i + 1 } };
  }
  return { tokens };
}
