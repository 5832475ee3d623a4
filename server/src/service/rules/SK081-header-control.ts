import { defineRule } from './rule';

/** SK081: Invalid header name or control characters. */
export const SK081 = defineRule({
  code: 'SK081',
  severity: 'error',
  title: 'Invalid header name or control characters',
  doc: "A header name is not a valid HTTP token (letters, digits and ``!#$%&'*+.^_`|~-``; no spaces or colons),\nor a header name or value, a `path`, `url` or `baseUrl` contains CR, LF or NUL, which could inject\nheaders or split the request.",
  data: {},
});
