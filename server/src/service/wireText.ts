/**
 * What may travel in a header name or value, a path or a URL: the one definition the checks (SK081) and
 * the runner's refusals share. Pure.
 */

/** CR, LF or NUL: they split a request or inject headers. */
export const CR_LF_NUL = /[\r\n\0]/;

/**
 * Every character refused on the wire: C0 controls (tab included) and DEL, C1 controls (U+0085 NEXT LINE
 * among them), U+2028 and U+2029 (line and paragraph separators) and anything outside Latin-1 (U+0100 on),
 * which HTTP/1.1 cannot carry in a header and which hides look-alike hosts and paths.
 */
export const WIRE_UNSAFE = /[\0-\x1f\x7f-\x9f]|[^\0-\xff]/u;

/**
 * Headers the HTTP client owns: they frame the request (length, chunking, the connection) or route it (Host).
 * Set from YAML they could smuggle a second request or send it to another virtual host.
 */
export const CLIENT_OWNED_HEADERS = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'keep-alive',
  'upgrade',
  'te',
  'trailer',
  'expect',
  'proxy-connection',
]);

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x09: 'a tab',
  0x0a: 'LF (line feed)',
  0x0d: 'CR (carriage return)',
  0x1b: 'ESC',
  0x7f: 'DEL',
  0x85: 'U+0085 (next line)',
  0x2028: 'U+2028 (line separator)',
  0x2029: 'U+2029 (paragraph separator)',
};

function hex(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The first refused character of `s`: where it is and its name ("a tab", "U+2028 (line separator)", "'→' (U+2192, outside Latin-1)"). */
export function unsafeAt(s: string): { index: number; length: number; name: string } | undefined {
  const m = WIRE_UNSAFE.exec(s);
  if (!m) return undefined;
  const cp = m[0].codePointAt(0)!;
  const name = NAMES[cp] ?? (cp < 0x20 || (cp >= 0x80 && cp <= 0x9f) ? `the control character ${hex(cp)}` : `'${m[0]}' (${hex(cp)}, outside Latin-1)`);
  return { index: m.index, length: m[0].length, name };
}

/** The name of the first refused character of `s`; undefined when clean. */
export function firstUnsafe(s: string): string | undefined {
  return unsafeAt(s)?.name;
}
