/** Server-sent events read incrementally (the WHATWG event stream format): lines in, events out. */

export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

export class SseParser {
  private buffer = '';
  private data: string[] = [];
  private event = '';
  private id: string | undefined;

  /** Feeds decoded text; returns the events it completed. */
  feed(text: string): SseEvent[] {
    this.buffer += text;
    const out: SseEvent[] = [];
    for (;;) {
      const m = /[\r\n]/.exec(this.buffer);
      if (!m) break;
      const i = m.index;
      // A CR at the very end may be the first half of CRLF: wait for the next chunk.
      if (this.buffer[i] === '\r' && i === this.buffer.length - 1) break;
      const skip = this.buffer[i] === '\r' && this.buffer[i + 1] === '\n' ? 2 : 1;
      const line = this.buffer.slice(0, i);
      this.buffer = this.buffer.slice(i + skip);
      const e = this.line(line);
      if (e) out.push(e);
    }
    return out;
  }

  private line(line: string): SseEvent | undefined {
    if (line === '') {
      const e = this.data.length
        ? { event: this.event || 'message', data: this.data.join('\n'), ...(this.id !== undefined ? { id: this.id } : {}) }
        : undefined;
      this.data = [];
      this.event = '';
      return e;
    }
    if (line.startsWith(':')) return undefined; // a comment (keep-alive)
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') this.data.push(value);
    else if (field === 'event') this.event = value;
    else if (field === 'id' && !value.includes('\0')) this.id = value;
    return undefined;
  }
}
