// The small pure pieces of the server layer: finding to diagnostic, exclusions, the request guard.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver-protocol';
import { toDiagnostic } from '../server/src/lsp/diagnostics';
import { Folder } from '../server/src/lsp/folders';
import { guardNotification, guardRequest } from '../server/src/lsp/guard';
import type { Session } from '../server/src/lsp/session';
import type { Finding } from '../server/src/service/types';

const finding: Finding = {
  uri: 'file:///w/agents/a.agent.yaml',
  range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } },
  severity: 'warning',
  code: 'SK013',
  message: 'shape changed',
  related: [{ uri: 'file:///w/x.action.yaml', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, message: 'here' }],
  data: { fullId: 'api/x' },
};

describe('finding to diagnostic', () => {
  it('keeps code, source, range, related locations and data, and links the rule', () => {
    assert.deepEqual(toDiagnostic(finding, { severity: {}, exclude: [], baseBranch: '' }), {
      range: finding.range,
      severity: 2,
      code: 'SK013',
      codeDescription: { href: 'https://stellar-kit.dev/docs/rules#sk013' },
      source: 'stellar-kit',
      message: 'shape changed',
      relatedInformation: [{ location: { uri: 'file:///w/x.action.yaml', range: finding.related[0].range }, message: 'here' }],
      data: { fullId: 'api/x' },
    });
  });

  it('applies the severity override, and drops a code turned off', () => {
    assert.equal(toDiagnostic(finding, { severity: { SK013: 'error' }, exclude: [], baseBranch: '' })?.severity, 1);
    assert.equal(toDiagnostic(finding, { severity: { SK013: 'hint' }, exclude: [], baseBranch: '' })?.severity, 4);
    assert.equal(toDiagnostic(finding, { severity: { SK013: 'off' }, exclude: [], baseBranch: '' }), undefined);
    const bare = toDiagnostic({ ...finding, related: [], data: undefined }, { severity: {}, exclude: [], baseBranch: '' })!;
    assert.equal('relatedInformation' in bare || 'data' in bare, false);
  });
});

describe('folder exclusions', () => {
  it('skips excluded folder names and relative paths, .git and node_modules, never the file name itself', () => {
    const f = new Folder('file:///w/', 'w');
    f.settings = { severity: {}, exclude: ['fixtures', 'legacy/agents'], baseBranch: '' };
    assert.equal(f.uri, 'file:///w');
    assert.equal(f.accepts('file:///w/agents/a.agent.yaml'), true);
    assert.equal(f.accepts('file:///w/test/fixtures/a.agent.yaml'), false);
    assert.equal(f.accepts('file:///w/legacy/agents/a.agent.yaml'), false);
    assert.equal(f.accepts('file:///w/legacy/a.agent.yaml'), true);
    assert.equal(f.accepts('file:///w/node_modules/p/a.agent.yaml'), false);
    assert.equal(f.accepts('file:///w/.git/a.agent.yaml'), false);
    assert.equal(f.accepts('file:///w/my%20agents/a.agent.yaml'), true);
    assert.equal(f.accepts('file:///other/a.agent.yaml'), false);
    assert.equal(f.accepts('file:///w/readme.yaml'), false);
  });
});

describe('request guard', () => {
  const logged: string[] = [];
  const session = { log: { info: () => {}, error: (m: string) => logged.push(m) }, whenLoaded: async () => {}, syncPending: () => {} } as unknown as Session;
  const live = new CancellationTokenSource().token;

  it('turns an exception into an InternalError response and a log line', async () => {
    const handler = guardRequest(session, 'hover', () => {
      throw new Error('boom');
    });
    const r = await handler({}, live);
    assert.ok(r instanceof ResponseError);
    assert.equal(r.code, -32603);
    assert.match(r.message, /hover failed: boom/);
    assert.match(logged.at(-1)!, /hover failed: Error: boom/);
  });

  it('answers RequestCancelled when the token fires before or during the work', async () => {
    const before = new CancellationTokenSource();
    before.cancel();
    let ran = false;
    const r1 = await guardRequest(session, 'hover', () => {
      ran = true;
      return 1;
    })({}, before.token);
    assert.equal((r1 as ResponseError<never>).code, -32800);
    assert.equal(ran, false, 'no work for a request cancelled before it started');
    const during = new CancellationTokenSource();
    const r2 = await guardRequest(session, 'hover', async () => {
      during.cancel();
      return 1;
    })({}, during.token);
    assert.equal((r2 as ResponseError<never>).code, -32800);
  });

  it('passes ResponseErrors through and answers normally otherwise', async () => {
    const r = await guardRequest(session, 'rename', () => {
      throw new ResponseError(-32803, 'taken');
    })({}, live);
    assert.equal((r as ResponseError<never>).code, -32803);
    assert.equal(await guardRequest(session, 'hover', (p: { n: number }) => p.n + 1)({ n: 1 }, live), 2);
    assert.deepEqual(await guardRequest(session, 'hover', (p: unknown) => p)(undefined as unknown as object, live), {}, 'missing params arrive as {}');
  });

  it('logs a failing notification instead of throwing', async () => {
    const before = logged.length;
    assert.doesNotThrow(() =>
      guardNotification(session, 'didOpen', () => {
        throw new Error('bad');
      })({}),
    );
    guardNotification(session, 'didClose', async () => {
      throw new Error('later');
    })({});
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(
      logged.slice(before).map((l) => l.split('\n')[0]),
      ['didOpen failed: Error: bad', 'didClose failed: Error: later'],
    );
  });
});
