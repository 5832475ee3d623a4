/**
 * What every Stellar Kit webview page (the Run panel, the Environment Matrix view) is allowed: nothing by default,
 * its script only with the page's nonce, styles with that nonce (and from the extension when the page links its
 * stylesheet), images and fonts from the webview's own origin, no form posts, no base URL.
 */

/** A nonce of 32 characters from [A-Za-z0-9], from a source of random bytes. */
export function makeNonce(randomBytes: (n: number) => Uint8Array): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from(randomBytes(32), (b) => chars[b % chars.length]).join('');
}

/** The content security policy of a page; `cspSource` is `webview.cspSource`. */
export function webviewCsp(p: { cspSource: string; nonce: string; extensionStyles?: boolean }): string {
  return [
    "default-src 'none'",
    `style-src ${p.extensionStyles ? `${p.cspSource} ` : ''}'nonce-${p.nonce}'`,
    `script-src 'nonce-${p.nonce}'`,
    `img-src ${p.cspSource}`,
    `font-src ${p.cspSource}`,
    "form-action 'none'",
    "base-uri 'none'",
  ].join('; ');
}
