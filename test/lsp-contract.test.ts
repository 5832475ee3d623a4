// The built language server over real stdio: the shape file Record Response Shape writes (stellarKit/responseShapeFile),
// and the "Promote to shared action" refactoring on an agent's api-call, its edit applied to the files and checked clean.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { main } from '../server/src/cli/main';
import { removeDir, TestClient } from './lsp/client';
import { PROMOTE_FILES } from './promote/files';
import { captured } from './run/helpers';

interface Position {
  line: number;
  character: number;
}
interface TextEdit {
  range: { start: Position; end: Position };
  newText: string;
}
type Change = { kind?: string; uri?: string; textDocument?: { uri: string }; edits?: TextEdit[] };
interface Action {
  title: string;
  kind: string;
  edit: { documentChanges: Change[] };
}

const AGENT = 'agents/support.agent.yaml';

function positionOf(text: string, needle: string): Position {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  const lines = text.slice(0, i).split('\n');
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

function offsetOf(text: string, p: Position): number {
  const lines = text.split('\n');
  return lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
}

/** Applies a workspace edit to the files on disk, as an editor would. */
function apply(edit: Action['edit']): void {
  for (const c of edit.documentChanges) {
    if (c.kind === 'create') {
      const file = URI.parse(c.uri!).fsPath;
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, '');
    } else if (c.textDocument && c.edits) {
      const file = URI.parse(c.textDocument.uri).fsPath;
      let text = readFileSync(file, 'utf8');
      for (const e of [...c.edits].sort((a, b) => offsetOf(text, b.range.start) - offsetOf(text, a.range.start)))
        text = text.slice(0, offsetOf(text, e.range.start)) + e.newText + text.slice(offsetOf(text, e.range.end));
      writeFileSync(file, text);
    }
  }
}

describe('language server: the response contract and promote', () => {
  let c: TestClient;
  let root: string;
  before(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'stellar-lsp-promote-'));
    for (const [f, text] of Object.entries(PROMOTE_FILES)) {
      mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
      writeFileSync(path.join(root, f), text);
    }
    c = new TestClient(root);
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(root);
  });

  const actionsAt = (needle: string, only?: string[]) => {
    const at = positionOf(PROMOTE_FILES[AGENT], needle);
    return c.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: c.uri(AGENT) },
      range: { start: at, end: at },
      context: { diagnostics: [], ...(only ? { only } : {}) },
    });
  };

  it('answers stellarKit/responseShapeFile with the shape file next to the agent (types, never a value), and refuses a non-2xx', async () => {
    const base = { fileUri: c.uri(AGENT), action: 'Current_Weather', environment: 'production' };
    const r = await c.request<{ ok: boolean; uri: string; text: string }>('stellarKit/responseShapeFile', {
      ...base,
      status: 200,
      body: '{"current":{"temp":21.5,"city":"Delft"}}',
    });
    assert.equal(r.ok, true);
    assert.equal(r.uri, c.uri('agents/support.Current_Weather.response.yaml'));
    assert.match(r.text, /^# Written by stellar-kit; do not edit\./);
    assert.match(r.text, /action: support\/Current_Weather\nenvironment: production\n/);
    assert.match(r.text, /temp:\n {10}type: number\n/);
    assert.ok(!r.text.includes('Delft') && !r.text.includes('21.5'), 'no value');
    const refused = await c.request<{ ok: boolean; error: string }>('stellarKit/responseShapeFile', { ...base, status: 500, body: '{}' });
    assert.deepEqual(refused, {
      ok: false,
      error: "The response shape of 'support/Current_Weather' was not recorded: the status is 500, and only a 2xx response is a contract.",
    });
    await assert.rejects(c.request('stellarKit/responseShapeFile', { ...base, status: '200', body: '{}' }), /status must be an integer/);

    // The editor opens the written file: the index knows it, and later responses are compared with it.
    await c.open(r.uri, r.text);
    const drift = await c.request<{ changes: { kind: string; path: string }[]; environment: string } | null>('stellarKit/responseDrift', {
      ...base,
      body: '{"current":{"temp":"21.5"},"alerts":[]}',
    });
    assert.equal(drift?.environment, 'production');
    assert.deepEqual(
      drift?.changes.map((ch) => `${ch.kind} ${ch.path}`),
      ['typeChanged $.current.temp', 'added $.alerts', 'removed $.current.city'],
    );
    assert.equal(await c.request('stellarKit/responseDrift', { ...base, body: 'not json' }), null);
    await c.close(r.uri);
  });

  it('offers it on the api-call only for the integration whose base URL prefixes the url, as refactor.rewrite', async () => {
    const actions = await actionsAt('name: Current_Weather');
    assert.deepEqual(
      actions.map((a) => [a.title, a.kind]),
      [["Promote to shared action of 'weather-api'", 'refactor.rewrite']],
    );
    assert.deepEqual(await actionsAt('name: Current_Weather', ['quickfix']), [], 'not when only quick fixes are asked for');
    assert.equal((await actionsAt('name: Current_Weather', ['refactor'])).length, 1);
    assert.deepEqual(await actionsAt('name: bye'), [], 'not on an end-call');
    assert.deepEqual(await actionsAt('link: weather-api/forecast'), [], 'not on a binding');
  });

  it('offers it from any key of the api-call item', async () => {
    const actions = await actionsAt('method: GET');
    assert.equal(actions.length, 1);
  });

  it('returns one edit that creates the action, rewrites the entry and writes the lock; applied, check is clean', async () => {
    const [promote] = await actionsAt('url: https://weather.example.com/v1/current');
    const changes = promote.edit.documentChanges;
    const actionUri = c.uri('integrations/weather-api/actions/current_weather.action.yaml');
    assert.deepEqual(changes[0], { kind: 'create', uri: actionUri, options: { overwrite: false, ignoreIfExists: false } });
    assert.match(changes[1].edits![0].newText, /^integration: weather-api\nname: Current_Weather\n[\s\S]*path: \/current\n/);
    const agentEdit = changes.find((d) => d.textDocument?.uri === c.uri(AGENT))!;
    assert.match(agentEdit.edits![0].newText, /^link: weather-api\/current_weather\n {4}parameters:/);
    assert.ok(changes.some((d) => d.textDocument?.uri === c.uri('agents/support.agent.lock.yaml')));

    apply(promote.edit);
    const check = await captured((a, io) => main(a, { ...io, color: false }), ['check', root, '--format', 'json'], {});
    // Only the first binding, never locked, has no lock entry yet (SK014): the promoted one is locked.
    assert.deepEqual(
      (JSON.parse(check.out) as { code: string; message: string }[]).map((f) => `${f.code} ${f.message.slice(0, 37)}`),
      ["SK014 Binding 'weather-api/forecast' has no"],
    );
  });
});
