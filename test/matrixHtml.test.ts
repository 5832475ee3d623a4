// The Environment Matrix webview's page (client/src/matrix/html.ts): a strict content security policy, nothing
// loaded from anywhere, theme colours only. The e2e scenario 7 drives the page itself.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { matrixHtml } from '../client/src/matrix/html';

describe('Environment Matrix page', () => {
  const html = matrixHtml('n0nce+/=', 'https://file+.vscode-resource.vscode-cdn.net');

  it("allows only its own nonce'd style and script", () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    assert.ok(csp, 'a CSP meta tag');
    assert.match(csp, /^default-src 'none'; style-src 'nonce-n0nce\+\/='; script-src 'nonce-n0nce\+\/=';/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*/);
    const tags = html.match(/<(script|style)\b[^>]*>/g) ?? [];
    assert.deepEqual(tags, ['<style nonce="n0nce+/=">', '<script nonce="n0nce+/=">']);
  });

  it('loads nothing and uses no inline handlers or style attributes', () => {
    assert.doesNotMatch(html, /\b(src|href)="(https?:)?\/\//);
    assert.doesNotMatch(html, /https?:\/\/(?!file\+)/, 'no remote URL');
    assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline event handler');
    assert.doesNotMatch(html, /\sstyle="/, 'no style attribute (the CSP would block it)');
  });

  it('takes every colour from the theme', () => {
    const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(html)![1];
    const colours = style.match(/(?:^|[\s;{])(color|background|border(?:-left)?|outline)\s*:[^;]+/g) ?? [];
    assert.ok(colours.length > 5);
    for (const c of colours) assert.match(c, /var\(--vscode-|transparent|inherit/, c.trim());
    assert.doesNotMatch(style, /#[0-9a-f]{3,8}\b|rgb\(/i, 'no fixed colour');
  });
});
