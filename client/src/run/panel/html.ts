/**
 * The Run panel's page: a strict content security policy (nothing by default, the script only with this
 * page's nonce, styles from the extension), the extension's script and stylesheet, and the skeleton the
 * script fills. No data in it: the form and the results come by message from the session.
 */

import { webviewCsp } from '../../webviewPolicy';

export { makeNonce } from '../../webviewPolicy';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PageParts {
  /** webview.cspSource */
  cspSource: string;
  nonce: string;
  scriptUri: string;
  styleUri: string;
  title: string;
}

/** The panel's policy: the shared one, with the extension's stylesheet allowed. */
export function csp(p: Pick<PageParts, 'cspSource' | 'nonce'>): string {
  return webviewCsp({ ...p, extensionStyles: true });
}

export function panelHtml(p: PageParts): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp(p))}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${escapeHtml(p.styleUri)}">
<title>${escapeHtml(p.title)}</title>
</head>
<body>
<main id="app" aria-live="polite"><p>Loading ${escapeHtml(p.title)}…</p></main>
<script nonce="${p.nonce}" src="${escapeHtml(p.scriptUri)}"></script>
</body>
</html>`;
}
