// The Run panel's page script (client/src/run/panel/): builds the form and the results from the session's
// messages (client/src/run/panel/messages.ts) with DOM calls and textContent only: nothing from a message is
// ever parsed as HTML. Keyboard: Enter in a field sends (Ctrl+Enter in a text area), Escape cancels a running
// request; focus moves to the result (or the first invalid field) when it arrives.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const app = document.getElementById('app');
  let state = { fields: [], texts: {}, environment: '', environments: [], running: false, label: '', kind: 'http' };
  let els = {};

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === false || v === null) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) if (c !== undefined && c !== null && c !== false) el.append(c);
    return el;
  }
  const post = (m) => vscode.postMessage(m);
  const fieldDom = (id) => 'f-' + id.replace(/[^A-Za-z0-9_-]/g, (c) => '_' + c.charCodeAt(0).toString(16));
  const isProduction = (env) => env === 'production';

  function saveState() {
    vscode.setState({ texts: state.texts, environment: state.environment });
  }

  function readTexts() {
    const texts = {};
    for (const f of state.fields) {
      const el = document.getElementById(fieldDom(f.id));
      if (!el) continue;
      texts[f.id] = f.kind === 'checkbox' ? String(el.checked) : el.value;
    }
    state.texts = texts;
    saveState();
    return texts;
  }

  function fieldControl(f) {
    const id = fieldDom(f.id);
    const describedBy = [f.description ? id + '-help' : '', id + '-problem'].filter(Boolean).join(' ');
    const common = { id, name: f.id, 'aria-describedby': describedBy, 'aria-required': f.required ? 'true' : undefined };
    const text = state.texts[f.id] ?? '';
    if (f.kind === 'checkbox') {
      const el = h('input', { ...common, type: 'checkbox' });
      el.checked = text === 'true';
      return el;
    }
    if (f.kind === 'select') {
      const el = h('select', common);
      if (f.required && !f.options.some((o) => o.value === text)) el.append(h('option', { value: '', text: 'Choose…' }));
      for (const o of f.options) el.append(h('option', { value: o.value, text: o.label }));
      el.value = text;
      return el;
    }
    if (f.kind === 'json' || f.kind === 'textarea') {
      const el = h('textarea', { ...common, rows: f.kind === 'json' ? 4 : 3, placeholder: f.placeholder, spellcheck: 'false' });
      el.value = text;
      return el;
    }
    const el = h('input', { ...common, type: 'text', placeholder: f.placeholder, inputmode: f.kind === 'number' ? 'decimal' : undefined, spellcheck: 'false' });
    el.value = text;
    return el;
  }

  function field(f) {
    const id = fieldDom(f.id);
    const type =
      f.kind === 'select'
        ? 'one of ' + f.options.filter((o) => o.value !== '').length
        : f.kind === 'json'
          ? 'JSON ' + f.types.join(' | ')
          : f.types.join(' | ');
    const label = h(
      'label',
      { for: id },
      h('span', { class: 'name', text: f.name }),
      f.required ? h('span', { class: 'required', 'aria-hidden': 'true', text: ' *' }) : null,
      h('span', { class: 'type', text: ' ' + type }),
    );
    const control = fieldControl(f);
    return h(
      'div',
      { class: 'field field-' + f.kind },
      f.kind === 'checkbox' ? h('div', { class: 'check' }, control, label) : [label, control],
      f.description ? h('p', { class: 'help', id: id + '-help', text: f.description }) : null,
      h('p', { class: 'problem', id: id + '-problem', role: 'status' }),
    );
  }

  function showProblems(problems, focus) {
    let first;
    for (const f of state.fields) {
      const el = document.getElementById(fieldDom(f.id));
      const p = document.getElementById(fieldDom(f.id) + '-problem');
      if (!el || !p) continue;
      const msg = problems[f.id];
      p.textContent = msg || '';
      if (msg) {
        el.setAttribute('aria-invalid', 'true');
        first = first || el;
      } else el.removeAttribute('aria-invalid');
    }
    els.formProblem.textContent = problems._form ? 'The parameters do not match the schema: ' + problems._form : '';
    if (focus && first) first.focus();
    else if (focus && problems._form) els.formProblem.focus();
  }

  function renderBanner() {
    const prod = isProduction(state.environment);
    els.banner.hidden = !prod;
    document.body.classList.toggle('production', prod);
    els.send.textContent = prod ? 'Send to production' : 'Send';
  }

  function init(m) {
    const saved = vscode.getState();
    state = { ...state, ...m, texts: saved && saved.environment === m.environment && saved.texts ? saved.texts : m.texts, running: false };
    app.replaceChildren();
    const envSelect = h('select', { id: 'environment', 'aria-describedby': 'production-banner' });
    for (const e of m.environments) envSelect.append(h('option', { value: e.name, text: e.production ? e.name + ' (live)' : e.name }));
    envSelect.value = m.environment;
    envSelect.addEventListener('change', () => {
      state.environment = envSelect.value;
      // The remembered values of that environment arrive by message: what the user types meanwhile wins.
      state.typedSinceSwitch = false;
      renderBanner();
      post({ type: 'environment', environment: envSelect.value, texts: readTexts() });
    });
    els.banner = h(
      'div',
      { id: 'production-banner', class: 'production-banner', role: 'note' },
      h('strong', { text: 'PRODUCTION' }),
      ' Requests go to the live system with production credentials; Send asks for confirmation every time.',
    );
    els.send = h('button', { type: 'submit', class: 'primary', id: 'send' }, 'Send');
    els.cancel = h('button', { type: 'button', id: 'cancel', hidden: true, onclick: () => post({ type: 'cancel' }) }, 'Cancel');
    els.progress = h('span', { class: 'progress', id: 'progress', role: 'status', 'aria-live': 'polite' });
    els.formProblem = h('p', { class: 'problem form-problem', role: 'status', tabindex: '-1' });
    const fields = m.fields.length
      ? m.fields.map(field)
      : [h('p', { class: 'help', text: m.kind === 'tool' ? 'This tool takes no arguments.' : 'This action takes no parameters.' })];
    const form = h(
      'form',
      { id: 'form', novalidate: true, 'aria-label': (m.kind === 'tool' ? 'Arguments of ' : 'Parameters of ') + m.label },
      h(
        'div',
        { class: 'env-row' },
        h('label', { for: 'environment', text: 'Environment' }),
        envSelect,
        h('span', { class: 'env-badge', 'aria-hidden': 'true', text: '' }),
      ),
      els.banner,
      h('fieldset', {}, h('legend', { text: m.kind === 'tool' ? 'Arguments' : 'Parameters' }), fields),
      els.formProblem,
      h('div', { class: 'buttons' }, els.send, els.cancel, els.progress),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (state.running) return;
      post({ type: 'send', environment: state.environment, texts: readTexts() });
      els.pendingFocus = true;
    });
    form.addEventListener('input', (e) => {
      if (e.target !== envSelect) state.typedSinceSwitch = true;
      post({ type: 'input', environment: state.environment, texts: readTexts() });
    });
    form.addEventListener('change', () => post({ type: 'input', environment: state.environment, texts: readTexts() }));
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target.tagName === 'TEXTAREA') {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    els.result = h('section', { id: 'result', 'aria-label': 'Response' });
    els.history = h('section', { id: 'history', 'aria-label': 'Run history' });
    app.append(h('h1', { text: (m.kind === 'tool' ? 'Call ' : 'Run ') + m.label }), form, els.result, els.history);
    renderBanner();
    renderHistory(m.history);
    showProblems(m.problems, false);
    const first = form.querySelector('input, select, textarea');
    if (first) first.focus();
  }

  function setRunning(running, environment) {
    state.running = running;
    els.cancel.hidden = !running;
    els.send.disabled = running;
    els.progress.textContent = running ? 'Sending to ' + environment + '… (Escape cancels)' : '';
    els.progress.classList.toggle('busy', running);
    document.getElementById('form').setAttribute('aria-busy', running ? 'true' : 'false');
    if (running) els.cancel.focus();
  }

  function jsonNode(n, depth) {
    const key = n.key !== undefined ? [h('span', { class: 'json-key', text: JSON.stringify(n.key) }), ': '] : [];
    if (n.type === 'object' || n.type === 'array') {
      const [open, close] = n.type === 'object' ? ['{', '}'] : ['[', ']'];
      const count = n.size + (n.type === 'object' ? (n.size === 1 ? ' key' : ' keys') : n.size === 1 ? ' item' : ' items');
      if (n.size === 0) return h('div', { class: 'json-leaf' }, key, open + close);
      const d = h('details', { open: depth < 2 }, h('summary', {}, key, open, h('span', { class: 'json-count', text: ' ' + count + ' ' }), close));
      const children = h(
        'div',
        { class: 'json-children' },
        n.children.map((c) => jsonNode(c, depth + 1)),
      );
      if (n.more) children.append(h('div', { class: 'json-more', text: '… ' + n.more + ' more not shown' }));
      d.append(children);
      return d;
    }
    return h('div', { class: 'json-leaf' }, key, h('span', { class: 'json-' + n.type, text: n.text }));
  }

  function body(b, actions) {
    if (b.kind === 'empty') return h('p', { class: 'help', text: '(empty body)' });
    const capped = b.capped
      ? h(
          'p',
          { class: 'note' },
          'Only part of the body is shown, to keep the panel responsive. ',
          actions.raw ? h('button', { type: 'button', class: 'link', onclick: () => post({ type: 'showRaw' }) }, 'Show raw body') : null,
        )
      : null;
    if (b.kind === 'text') return h('div', {}, capped, h('pre', { class: 'body-text', tabindex: '0', text: b.text }));
    return h('div', {}, capped, h('div', { class: 'json-tree' }, jsonNode(b.root, 0)));
  }

  function table(caption, rows, cls) {
    return h(
      'table',
      { class: cls },
      h('caption', { text: caption }),
      h(
        'tbody',
        {},
        rows.map(([k, v]) => h('tr', {}, h('th', { scope: 'row', text: k }), h('td', { text: v }))),
      ),
    );
  }

  function actionButtons(actions, fromHistory) {
    const b = [];
    if (fromHistory) b.push(h('span', { class: 'note', text: 'From the history (body shortened).' }));
    if (actions.curl) b.push(h('button', { type: 'button', onclick: () => post({ type: 'copyCurl' }) }, 'Copy as curl'));
    if (actions.raw) b.push(h('button', { type: 'button', onclick: () => post({ type: 'showRaw' }) }, 'Show raw body'));
    if (actions.recordShape) b.push(h('button', { type: 'button', onclick: () => post({ type: 'recordShape' }) }, 'Record Response Shape'));
    for (const s of actions.updateSecrets)
      b.push(
        h(
          'button',
          { type: 'button', class: 'primary', onclick: () => post({ type: 'updateSecret', name: s.name, environment: s.environment }) },
          'Update secret ' + s.name + ' (' + s.environment + ')',
        ),
      );
    return b.length ? h('div', { class: 'buttons result-actions' }, b) : null;
  }

  function result(m) {
    const v = m.view;
    const title = h(
      'h2',
      { tabindex: '-1', id: 'result-title' },
      'Response ',
      h('span', { class: 'status status-' + v.statusClass, text: v.status }),
      h('span', { class: 'timing', text: ' ' + v.timingMs + ' ms' }),
      ' ',
      h('span', { class: 'env-tag' + (isProduction(v.environment) ? ' env-production' : ''), text: v.environment }),
    );
    const outputs = v.outputs.length
      ? h(
          'table',
          { class: 'outputs' },
          h('caption', { text: 'Output variables' }),
          h(
            'thead',
            {},
            h('tr', {}, h('th', { scope: 'col', text: 'Name' }), h('th', { scope: 'col', text: 'Found' }), h('th', { scope: 'col', text: 'Value or path' })),
          ),
          h(
            'tbody',
            {},
            v.outputs.map((o) =>
              h(
                'tr',
                { class: o.found ? 'found' : 'missing' },
                h('th', { scope: 'row', text: o.name }),
                h('td', { text: o.found ? '✓ found' : '✗ missing' }),
                h('td', {}, h('code', { text: o.text })),
              ),
            ),
          ),
        )
      : null;
    els.result.replaceChildren(
      title,
      h('p', { class: 'request' }, h('code', { text: v.request })),
      v.notes.map((n) => h('p', { class: 'note', text: n })),
      actionButtons(m.actions, m.fromHistory),
      outputs,
      v.headers.length
        ? h('details', {}, h('summary', { text: 'Response headers (' + v.headers.length + ')' }), table('Response headers', v.headers, 'headers'))
        : null,
      v.requestHeaders.length
        ? h('details', {}, h('summary', { text: 'Request headers (' + v.requestHeaders.length + ')' }), table('Request headers', v.requestHeaders, 'headers'))
        : null,
      h('h3', { text: 'Body' }),
      body(v.body, m.actions),
    );
  }

  function drift(m) {
    const when = [m.recordedAt, m.environment].filter(Boolean).join(', ');
    const heading = h('h3', { text: 'Response shape' + (when ? ' (recorded ' + when + ')' : '') });
    const section = m.lines.length
      ? h('section', { class: 'drift', 'aria-label': 'Drift from the recorded response shape' }, heading,
          h('p', { text: 'This response differs from the recorded shape: + added, - removed, ~ type changed.' }),
          h('ul', {}, m.lines.map((l) => h('li', {}, h('code', { text: l })))))
      : h('section', { class: 'drift' }, heading, h('p', { text: 'This response has the recorded shape.' }));
    const bodyTitle = [...els.result.querySelectorAll('h3')].find((e) => e.textContent === 'Body');
    els.result.insertBefore(section, bodyTitle || null);
  }

  function failure(m) {
    els.result.replaceChildren(
      h('h2', { tabindex: '-1', id: 'result-title' }, 'Failed ', h('span', { class: 'status status-failed', text: 'not sent or no response' })),
      h('p', { class: 'failure', role: 'alert', text: m.message }),
      actionButtons(m.actions, false),
    );
  }

  function renderHistory(items) {
    if (!items || items.length === 0) return els.history.replaceChildren();
    els.history.replaceChildren(
      h('h2', { text: 'History' }),
      h(
        'ol',
        {},
        items.map((it, i) =>
          h(
            'li',
            {},
            h(
              'button',
              { type: 'button', class: 'link history-item', onclick: () => post({ type: 'showHistory', index: i }) },
              new Date(it.time).toLocaleTimeString() + ' · ' + it.environment + ' · ',
              h('span', { class: 'status status-' + it.statusClass, text: it.status }),
              it.timingMs !== undefined ? ' · ' + it.timingMs + ' ms' : '',
            ),
          ),
        ),
      ),
    );
  }

  function focusResult() {
    const t = document.getElementById('result-title');
    if (t) t.focus();
  }

  window.addEventListener('message', (e) => {
    const m = e.data;
    switch (m && m.type) {
      case 'init':
        return init(m);
      case 'texts':
        if (state.typedSinceSwitch || m.environment !== state.environment) return;
        state.texts = m.texts;
        state.environment = m.environment;
        for (const f of state.fields) {
          const el = document.getElementById(fieldDom(f.id));
          if (!el) continue;
          if (f.kind === 'checkbox') el.checked = m.texts[f.id] === 'true';
          else el.value = m.texts[f.id] ?? '';
        }
        saveState();
        return showProblems(m.problems, false);
      case 'problems':
        showProblems(m.problems, els.pendingFocus);
        els.pendingFocus = false;
        return;
      case 'running':
        return setRunning(true, m.environment);
      case 'result':
        setRunning(false);
        result(m);
        renderHistory(m.history);
        return focusResult();
      case 'drift':
        return drift(m);
      case 'failure':
        setRunning(false);
        failure(m);
        renderHistory(m.history);
        return focusResult();
      case 'idle':
        setRunning(false);
        els.progress.textContent = m.message;
        return els.send.focus();
      case 'unavailable':
        return app.replaceChildren(h('p', { class: 'failure', role: 'alert', text: m.message }));
    }
  });
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && state.running) {
      e.preventDefault();
      post({ type: 'cancel' });
    }
  });
  post({ type: 'ready' });
})();
