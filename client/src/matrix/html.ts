/**
 * The Environment Matrix webview's page: a strict content security policy (nothing but the nonce's style and
 * script), theme colours only, and a script that renders what the extension posts (the server's matrix) as a
 * grid navigable with the arrow keys, where a cell with reasons expands to list them with links to the files.
 */

import { webviewCsp } from '../webviewPolicy';

/** The page; `nonce` is fresh per page, `cspSource` the webview's own origin (no resource is loaded from it). */
export function matrixHtml(nonce: string, cspSource: string): string {
  const csp = webviewCsp({ cspSource, nonce });
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Environment Matrix</title>
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<div id="root"><p class="note">Loading the environment matrix…</p></div>
<script nonce="${nonce}">${SCRIPT}</script>
</body>
</html>`;
}

const STYLE = `
body { color: var(--vscode-foreground); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); padding: 0 8px 8px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
caption { text-align: left; font-weight: 600; padding: 4px 0; }
th, td { border: 1px solid var(--vscode-panel-border, var(--vscode-widget-border, transparent)); padding: 3px 4px; }
th.env { text-align: center; }
th { font-weight: normal; color: var(--vscode-descriptionForeground); text-align: left; }
th.agent { color: var(--vscode-foreground); }
.status { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
td { text-align: center; cursor: default; }
td.has-notes { cursor: pointer; }
td[aria-expanded="true"] { background: var(--vscode-list-activeSelectionBackground); color: var(--vscode-list-activeSelectionForeground); }
td:focus { outline: 1px solid var(--vscode-focusBorder); outline-offset: -1px; }
.mark { font-weight: 600; }
.ready .mark { color: var(--vscode-testing-iconPassed, var(--vscode-foreground)); }
.warn .mark { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.blocked .mark { color: var(--vscode-errorForeground, var(--vscode-foreground)); }
td[aria-expanded="true"] .mark { color: inherit; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.details { border-left: 2px solid var(--vscode-focusBorder); padding: 2px 0 2px 8px; margin: 4px 0 12px; }
.details h3 { font-size: 1em; margin: 4px 0; }
.details ul { list-style: none; padding: 0; margin: 0; }
.details li { margin: 6px 0; line-height: 1.4; }
.details li.warning .mark { color: var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.details li.reason .mark { color: var(--vscode-errorForeground, var(--vscode-foreground)); }
a { color: var(--vscode-textLink-foreground); }
a:hover, a:active { color: var(--vscode-textLink-activeForeground); }
a:focus { outline: 1px solid var(--vscode-focusBorder); }
.note, .legend { color: var(--vscode-descriptionForeground); }
.error { color: var(--vscode-errorForeground); }
`;

// Plain JavaScript (the page runs it as is): no template literals, so it can live in this template string.
const SCRIPT = `
(function () {
  var vscode = acquireVsCodeApi();
  var root = document.getElementById('root');
  var ENVS = ['development', 'staging', 'production'];
  var MARKS = { ready: '\\u2713', warn: '!', blocked: '\\u2717' };
  var SHORT = { development: 'dev', staging: 'staging', production: 'prod' };
  var SAY = { ready: 'ready', warn: 'ready, a secret has no value on this machine', blocked: 'not ready' };
  var folders = [];
  var expanded = null;
  var focused = null;

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) { e.append(c); });
    return e;
  }
  function stateOf(c) { return !c.ready ? 'blocked' : c.warnings.length ? 'warn' : 'ready'; }
  function keyOf(fi, agent, env) { return fi + '|' + agent + '|' + env; }
  function where(r) { return r.file + ':' + (r.range.start.line + 1) + ':' + (r.range.start.character + 1); }

  function note(r, kind) {
    var link = el('a', { href: '#', 'data-uri': r.uri, title: 'Open ' + where(r) }, [where(r)]);
    link.addEventListener('click', function (ev) {
      ev.preventDefault();
      vscode.postMessage({ type: 'open', uri: r.uri, range: r.range });
    });
    return el('li', { class: kind }, [
      el('span', { class: 'mark', 'aria-hidden': 'true' }, [kind === 'reason' ? MARKS.blocked : MARKS.warn]),
      el('span', { class: 'sr' }, [kind === 'reason' ? 'Reason: ' : 'Warning: ']),
      ' ', el('strong', {}, [r.action]), ': ' + r.message + ' ', link,
    ]);
  }

  function details(fi, a, env) {
    var c = a.environments[env];
    var id = 'details-' + fi;
    var list = el('ul', {}, c.reasons.map(function (r) { return note(r, 'reason'); }).concat(c.warnings.map(function (w) { return note(w, 'warning'); })));
    var box = el('section', { id: id, class: 'details', role: 'region', 'aria-label': a.agent + ' in ' + env }, [
      el('h3', {}, [a.agent + ' in ' + env + ': ' + SAY[stateOf(c)]]), list,
    ]);
    box.addEventListener('keydown', function (ev) {
      if (ev.key === 'Escape') { toggle(keyOf(fi, a.agent, env)); }
    });
    return box;
  }

  function render() {
    var hadFocus = document.activeElement && document.activeElement.getAttribute('role') === 'gridcell';
    root.textContent = '';
    if (!folders.length) { root.append(el('p', { class: 'note' }, ['No workspace folder with Stellar files is open.'])); return; }
    folders.forEach(function (f, fi) {
      var agents = f.items.agents;
      if (!agents.length) { root.append(el('p', { class: 'note' }, ['No agents in ' + f.name + '.'])); return; }
      // The side bar is narrow: short headers, the full names for screen readers and as tooltips.
      var head = el('tr', { role: 'row' }, [el('th', { role: 'columnheader', scope: 'col' }, ['Agent'])].concat(ENVS.map(function (e) {
        return el('th', { role: 'columnheader', scope: 'col', title: e, 'aria-label': e, class: 'env' }, [SHORT[e]]);
      })));
      var rows = agents.map(function (a, ri) {
        var cells = ENVS.map(function (env, ci) {
          var c = a.environments[env];
          var s = stateOf(c);
          var k = keyOf(fi, a.agent, env);
          var n = c.reasons.length + c.warnings.length;
          var attrs = { role: 'gridcell', tabindex: '-1', class: s + (n ? ' has-notes' : ''), 'data-key': k, 'data-row': String(ri), 'data-col': String(ci),
            'data-agent': a.agent, 'data-env': env, 'data-state': s,
            'aria-label': a.agent + ' in ' + env + ': ' + SAY[s] + (c.reasons.length ? ', ' + c.reasons.length + ' reason' + (c.reasons.length > 1 ? 's' : '') : '') +
              (c.warnings.length ? ', ' + c.warnings.length + ' warning' + (c.warnings.length > 1 ? 's' : '') : '') };
          if (n) { attrs['aria-expanded'] = String(expanded === k); attrs['aria-controls'] = 'details-' + fi; }
          var td = el('td', attrs, [el('span', { class: 'mark', 'aria-hidden': 'true' }, [MARKS[s]])]);
          td.addEventListener('click', function () { focused = k; if (n) toggle(k); else render(); });
          return td;
        });
        var name = el('th', { role: 'rowheader', scope: 'row', class: 'agent', title: a.agent }, [a.agent]);
        if (a.status !== 'active') name.append(' ', el('span', { class: 'status' }, ['(' + a.status + ')']));
        return el('tr', { role: 'row' }, [name].concat(cells));
      });
      var table = el('table', { role: 'grid', 'aria-label': 'Environment matrix' + (folders.length > 1 ? ' of ' + f.name : '') }, [
        el('thead', {}, [head]), el('tbody', {}, rows),
      ]);
      if (folders.length > 1) table.prepend(el('caption', {}, [f.name]));
      table.addEventListener('keydown', onKey);
      root.append(table);
      var open = expanded && agents.filter(function (a) { return ENVS.some(function (e) { return keyOf(fi, a.agent, e) === expanded; }); })[0];
      if (open) root.append(details(fi, open, expanded.split('|')[2]));
    });
    root.append(el('p', { class: 'legend' }, [MARKS.ready + ' ready, ! ready but a secret has no value on this machine, ' + MARKS.blocked + ' not ready. Enter shows why.']));
    var cells = root.querySelectorAll('[role=gridcell]');
    var target = (focused && root.querySelector('[data-key="' + CSS.escape(focused) + '"]')) || cells[0];
    if (target) { target.setAttribute('tabindex', '0'); if (hadFocus) target.focus(); }
  }

  function toggle(k) {
    expanded = expanded === k ? null : k;
    focused = k;
    render();
    var cell = root.querySelector('[data-key="' + CSS.escape(k) + '"]');
    if (cell) cell.focus();
  }

  function onKey(ev) {
    var cell = ev.target;
    if (!cell || cell.getAttribute('role') !== 'gridcell') return;
    var table = cell.closest('table');
    var r = Number(cell.getAttribute('data-row'));
    var c = Number(cell.getAttribute('data-col'));
    var last = table.querySelectorAll('tbody tr').length - 1;
    if (ev.key === 'ArrowRight') c = Math.min(c + 1, ENVS.length - 1);
    else if (ev.key === 'ArrowLeft') c = Math.max(c - 1, 0);
    else if (ev.key === 'ArrowDown') r = Math.min(r + 1, last);
    else if (ev.key === 'ArrowUp') r = Math.max(r - 1, 0);
    else if (ev.key === 'Home') c = 0;
    else if (ev.key === 'End') c = ENVS.length - 1;
    else if (ev.key === 'Enter' || ev.key === ' ') {
      ev.preventDefault();
      if (cell.hasAttribute('aria-expanded')) toggle(cell.getAttribute('data-key'));
      return;
    } else return;
    ev.preventDefault();
    var next = table.querySelector('[data-row="' + r + '"][data-col="' + c + '"]');
    if (!next) return;
    cell.setAttribute('tabindex', '-1');
    next.setAttribute('tabindex', '0');
    focused = next.getAttribute('data-key');
    next.focus();
  }

  window.addEventListener('message', function (ev) {
    var m = ev.data;
    if (m && m.type === 'matrix') { folders = m.folders; render(); }
    else if (m && m.type === 'error') { root.textContent = ''; root.append(el('p', { class: 'error' }, [m.message])); }
  });
  vscode.postMessage({ type: 'ready' });
})();
`;
