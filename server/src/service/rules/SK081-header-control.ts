import { defineRule } from './rule';

/** SK081: Invalid header name or control characters. */
export const SK081 = defineRule({
  code: 'SK081',
  severity: 'error',
  title: 'Invalid header name or control characters',
  doc: "A header name is not a valid HTTP token (letters, digits and ``!#$%&'*+.^_`|~-``; no spaces or colons),\nor a header name or value, a `path`, `url` or `baseUrl` contains CR, LF or NUL, which could inject\nheaders or split the request. Also SK081: a header value, `path`, `url`, `baseUrl` or `tokenUrl` holding another\ncontrol character (a tab, ESC, DEL, C1 controls such as U+0085 NEXT LINE), U+2028 or U+2029 (line and\nparagraph separators) or a character outside Latin-1 (U+0100 and above: they can hide text, split lines\nfor some parsers or pass for another character), reported on the character itself when the file writes it\nliterally; and a header the HTTP client owns written in YAML (`Host`, `Content-Length`, `Transfer-Encoding`,\n`Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-Connection`), which could smuggle a\nsecond request or send this one to another host (also as the header `name` of an `api-key` auth connector). Runs refuse the same, also when the character comes from\na secret ([format.md](format.md#runs-under-hostile-input-destinations-credentials-headers-what-is-shown)).",
  data: {},
});
