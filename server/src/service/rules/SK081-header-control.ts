import { defineRule } from './rule';

/** The messages of SK081, raised by the header, path and value checks of kinds/ (and the api-key header of an auth connector). */
export const messages = {
  controlInName: (name: string) => `Header name ${JSON.stringify(name)} contains CR, LF or NUL: it could inject headers. Remove those characters.`,
  badName: (name: string) => `'${name}' is not a valid HTTP header name (letters, digits and !#$%&'*+.^_\`|~- only, no spaces or colons). Rename it.`,
  clientOwned: (name: string) =>
    `Header '${name}' is set by the HTTP client itself: written in YAML it could smuggle a second request or send this one to another host. Remove it (runs refuse it).`,
  controlInValue: (name: string) => `Header '${name}' value contains CR, LF or NUL: it could inject headers. Remove those characters.`,
  controlIn: (label: string) => `${label} contains CR, LF or NUL: it could split the request. Remove those characters.`,
  unsafeCharacter: (label: string, character: string, fix: string) =>
    `${label} contains ${character}, which a request cannot carry safely (it can hide text, split lines for some parsers or pass for another character); runs refuse it. ${fix}`,
  apiKeyInClientHeader: (name: string) =>
    `Header '${name}' is set by the HTTP client itself: an api-key cannot travel in it. Name the header the API reads the key from.`,
};

/** SK081: Invalid header name or control characters. */
export const SK081 = defineRule({
  code: 'SK081',
  severity: 'error',
  title: 'Invalid header name or control characters',
  doc: "A header name is not a valid HTTP token (letters, digits and ``!#$%&'*+.^_`|~-``; no spaces or colons),\nor a header name or value, a `path`, `url` or `baseUrl` contains CR, LF or NUL, which could inject\nheaders or split the request. Also SK081: a header value, `path`, `url`, `baseUrl` or `tokenUrl` holding another\ncontrol character (a tab, ESC, DEL, C1 controls such as U+0085 NEXT LINE), U+2028 or U+2029 (line and\nparagraph separators) or a character outside Latin-1 (U+0100 and above: they can hide text, split lines\nfor some parsers or pass for another character), reported on the character itself when the file writes it\nliterally; and a header the HTTP client owns written in YAML (`Host`, `Content-Length`, `Transfer-Encoding`,\n`Connection`, `Keep-Alive`, `Upgrade`, `TE`, `Trailer`, `Expect`, `Proxy-Connection`), which could smuggle a\nsecond request or send this one to another host (also as the header `name` of an `api-key` auth connector). Runs refuse the same, also when the character comes from\na secret ([format.md](format.md#runs-under-hostile-input-destinations-credentials-headers-what-is-shown)).",
  data: {},
});
