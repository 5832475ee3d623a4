import type { Position, Range } from 'vscode-languageserver-types';

/** Offsets and LSP positions (0-based, UTF-16) over one text; every input is clamped, nothing throws. */
export class LineIndex {
  readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  /** End of a line's content, before `\r\n` or `\n`. */
  lineEnd(line: number): number {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    let end = l + 1 < this.starts.length ? this.starts[l + 1] - 1 : this.text.length;
    if (end > this.starts[l] && this.text[end - 1] === '\r') end--;
    return end;
  }

  lineText(line: number): string {
    const l = Math.max(0, Math.min(line, this.starts.length - 1));
    return this.text.slice(this.starts[l], this.lineEnd(l));
  }

  offsetAt(p: Position): number {
    if (!p || !Number.isFinite(p.line) || p.line < 0) return 0;
    if (p.line >= this.starts.length) return this.text.length;
    const start = this.starts[p.line];
    const ch = Number.isFinite(p.character) ? Math.max(0, p.character) : 0;
    return Math.min(start + ch, this.lineEnd(p.line));
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(Number.isFinite(offset) ? offset : 0, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo] };
  }

  range(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  /** The whole text, for full-document replaces. */
  all(): Range {
    return this.range(0, this.text.length);
  }
}

/** The span of a scalar's text without its quotes (plain scalars are returned as they are). */
export function unquoted(lines: LineIndex, r: Range): Range {
  const s = lines.offsetAt(r.start);
  const e = lines.offsetAt(r.end);
  const first = lines.text[s];
  if ((first === '"' || first === "'") && e - s >= 2 && lines.text[e - 1] === first) return lines.range(s + 1, e - 1);
  return r;
}

/** Markdown inline code that survives backticks in the value. */
export function code(v: string): string {
  const ticks = v.includes('`') ? '``' : '`';
  const pad = v.startsWith('`') || v.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${v.replace(/\r?\n/g, ' ')}${pad}${ticks}`;
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
