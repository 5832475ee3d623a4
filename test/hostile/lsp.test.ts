// Hostile input at the protocol level, over the built server's real stdio with hand-written frames: the
// lifecycle errors (-32002, -32600), -32700 for a body that is not JSON, a non-zero exit for a frame the
// server cannot read past; out-of-range edits reported in the server log; and the client's side: the
// server's environment without secrets, and when a crashed server is restarted.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { CRASH_WINDOW_MS, CrashPolicy, MAX_CRASHES } from '../../client/src/crashes';
import { serverEnv } from '../../client/src/serverEnv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CancellationTokenSource } from 'vscode-languageserver/node';
import { cancellationStrategy } from '../../server/src/lsp/guard';
import { copyWorkspace, removeDir, TestClient } from '../lsp/client';
import { withExampleServer } from '../lsp/suite';
import { freshFindings, simplifyDiagnostic } from '../lsp/expected';
import { frame, initialize, initializeFrames, RawServer } from './raw';

const hover = (id: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'textDocument/hover',
  params: { textDocument: { uri: 'file:///nowhere/a.agent.yaml' }, position: { line: 0, character: 0 } },
});
const shutdown = (id: number) => ({ jsonrpc: '2.0', id, method: 'shutdown' });
const exit = { jsonrpc: '2.0', method: 'exit' };

/** Runs `body` against a fresh raw server and kills it if it is still alive afterwards. */
async function withServer(body: (s: RawServer) => Promise<void>): Promise<void> {
  const s = new RawServer();
  try {
    await body(s);
  } finally {
    s.kill();
  }
}

describe('hostile LSP: lifecycle', () => {
  it('answers a request before initialize with ServerNotInitialized (-32002), then initializes', () =>
    withServer(async (s) => {
      s.write(frame(hover(7)), frame(shutdown(8)));
      assert.equal((await s.response(7)).error?.code, -32002);
      assert.equal((await s.response(8)).error?.code, -32002, 'shutdown before initialize is refused too');
      s.write(frame(initialize(9)));
      const init = await s.response(9);
      assert.equal(init.error, undefined);
      assert.ok((init.result as { capabilities?: unknown }).capabilities);
    }));

  it('answers an initialize without capabilities with InvalidParams (-32602) and still accepts a proper one', () =>
    withServer(async (s) => {
      const bad = [null, 42, [], {}, { capabilities: null }, { capabilities: 'all' }];
      bad.forEach((params, i) => s.write(frame({ jsonrpc: '2.0', id: 10 + i, method: 'initialize', params })));
      for (let i = 0; i < bad.length; i++) assert.equal((await s.response(10 + i)).error?.code, -32602, JSON.stringify(bad[i]));
      s.write(frame(hover(20)));
      assert.equal((await s.response(20)).error?.code, -32002, 'still not initialized');
      s.write(
        frame({
          jsonrpc: '2.0',
          id: 21,
          method: 'initialize',
          params: {
            processId: 'x',
            rootUri: 5,
            workspaceFolders: [null, { uri: 3 }, 'x'],
            initializationOptions: 'bad',
            capabilities: { workspace: 7, textDocument: [] },
          },
        }),
      );
      s.write(frame({ jsonrpc: '2.0', method: 'initialized', params: {} }), frame(hover(22)));
      assert.ok((await s.response(21)).result, 'odd but well-shaped params initialize');
      assert.equal((await s.response(22)).error, undefined);
    }));

  it('answers a second initialize, and any request after shutdown, with InvalidRequest (-32600); exit then ends with 0', () =>
    withServer(async (s) => {
      s.write(frame(initialize(1)), frame({ jsonrpc: '2.0', method: 'initialized', params: {} }), frame(initialize(2)));
      assert.ok((await s.response(1)).result);
      assert.equal((await s.response(2)).error?.code, -32600);
      s.write(frame(shutdown(3)), frame(hover(4)), frame(shutdown(5)));
      assert.equal((await s.response(3)).result, null);
      const after = await s.response(4);
      assert.equal(after.error?.code, -32600);
      assert.match(after.error!.message, /shut down/);
      assert.equal((await s.response(5)).error?.code, -32600, 'a second shutdown');
      s.write(frame(exit));
      assert.equal(await s.exited(), 0);
    }));

  it('enforces the same lifecycle over node IPC, the transport of the VS Code client', async () => {
    const c = new TestClient(copyWorkspace(undefined, 'stellar-hostile-ipc-'), { transport: 'ipc' });
    try {
      const code = (p: Promise<unknown>) =>
        p.then(
          () => 'answered',
          (e: { code?: number }) => e.code,
        );
      assert.equal(await code(c.request('textDocument/hover', hover(0).params)), -32002);
      await c.initialize();
      await c.indexed();
      assert.equal(await code(c.request('textDocument/hover', hover(0).params)), 'answered');
      await c.request('shutdown', undefined);
      assert.equal(await code(c.request('textDocument/hover', hover(0).params)), -32600);
      const exited = new Promise<number | null>((resolve) => c.proc.once('exit', resolve));
      await c.conn.sendNotification('exit');
      assert.equal(await exited, 0);
    } finally {
      await c.stop();
      removeDir(c.root);
    }
  });

  it('exits with 1 on exit without shutdown, and when stdin closes without shutdown', async () => {
    await withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      s.write(frame(exit));
      assert.equal(await s.exited(), 1);
    });
    await withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      s.proc.stdin!.end();
      assert.equal(await s.exited(), 1);
    });
  });
});

describe('hostile LSP: framing', () => {
  it('answers a well-framed body that is not JSON with ParseError (-32700, id null) and keeps answering', () =>
    withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      s.write(frame('{"jsonrpc": "2.0", "id": 2, "method": "shutdown", '), frame(''), frame('\u0000\u00ff not json'));
      await s.next(() => s.received.filter((m) => m.error?.code === -32700).length === 3, 'three ParseErrors');
      for (const m of s.received.filter((r) => r.error?.code === -32700)) assert.equal(m.id, null);
      const warning = await s.next((m) => m.method === 'window/logMessage' && /not JSON/.test(m.params?.message ?? ''), 'the warning in the log');
      assert.equal(warning.params?.type, 2);
      s.write(frame(hover(3)));
      const answer = await s.response(3);
      assert.equal(answer.error, undefined, 'still answering after -32700');
    }));

  it('answers valid JSON that is no JSON-RPC message with InvalidRequest (-32600, id null)', () =>
    withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      s.write(frame('[1, 2]'), frame('42'), frame('null'), frame('{"hello": "world"}'));
      await s.next(() => s.received.filter((m) => m.error?.code === -32600 && m.id === null).length === 4, 'four InvalidRequests');
      s.write(frame(shutdown(2)));
      assert.equal((await s.response(2)).result, null);
    }));

  const badHeaders: [string, string][] = [
    ['no Content-Length', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n'],
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n\r\n'],
    ['a negative Content-Length', 'Content-Length: -5\r\n\r\n'],
    ['a Content-Length with trailing junk', 'Content-Length: 12abc\r\n\r\n'],
    ['a Content-Length over the limit', 'Content-Length: 999999999999\r\n\r\n'],
    ['a header line without a colon', 'Content-Length 40\r\n\r\n'],
  ];
  for (const [what, header] of badHeaders) {
    it(`exits with a non-zero code on a frame with ${what}, saying why without quoting the stream`, () =>
      withServer(async (s) => {
        s.write(initializeFrames(1));
        await s.response(1);
        s.write(header, '{"jsonrpc":"2.0","method":"x","params":{"token":"sk_live_SECRET123"}}');
        const code = await s.exited();
        assert.notEqual(code, 0);
        assert.equal(code, 1);
        assert.match(s.stderr, /message header|Content-Length/);
        assert.doesNotMatch(s.stderr, /SECRET123/);
      }));
  }

  it('exits with 1 when a header never ends', () =>
    withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      s.write('X'.repeat(10_000));
      assert.equal(await s.exited(), 1);
    }));

  it('reads frames split into 7-byte pieces, and several frames in one write', () =>
    withServer(async (s) => {
      const bytes = Buffer.concat([initializeFrames(1), frame(hover(2))]);
      for (let i = 0; i < bytes.length; i += 7) s.write(bytes.subarray(i, i + 7));
      await s.response(1);
      assert.equal((await s.response(2)).error, undefined);
    }));
});

describe('hostile LSP: out-of-range edits', () => {
  let c: TestClient;
  withExampleServer((client) => (c = client));

  it('logs an edit beyond the end or ending before it starts (uri, version, range), then applies it clamped as LSP says', async () => {
    const uri = c.uri('agents/billing-support.agent.yaml');
    const text = readFileSync(`${c.root}/agents/billing-support.agent.yaml`, 'utf8');
    const lines = text.split('\n').length;
    await c.open(uri, text, 1);
    await c.change(uri, 2, [{ range: { start: { line: 2, character: 0 }, end: { line: lines + 40, character: 3 } }, text: 'status: nope\n' }]);
    const beyond = await c.waitFor(() => c.logs.find((l) => l.includes(uri) && l.includes('version 2')), 'the out-of-range warning');
    assert.match(beyond, new RegExp(`range 2:0-${lines + 40}:3 lies outside the text`));
    await c.change(uri, 3, [{ range: { start: { line: 1, character: 4 }, end: { line: 0, character: 0 } }, text: '' }]);
    const reversed = await c.waitFor(() => c.logs.find((l) => l.includes(uri) && l.includes('version 3')), 'the reversed-range warning');
    assert.match(reversed, /range 1:4-0:0 starts after it ends/);
    await c.change(uri, 4, [{ range: { start: { line: 0, character: 1.5 }, end: { line: 0, character: 2 } }, text: 'x' }]);
    const malformed = await c.waitFor(() => c.logs.find((l) => l.includes(uri) && l.includes('version 4')), 'the malformed-change warning');
    assert.match(malformed, /malformed.*ignored/);
    // The text the server holds is what LSP's text document makes of the same edits: its findings are those of that text.
    let mirror = TextDocument.create(uri, 'stellar-yaml', 1, text);
    mirror = TextDocument.update(mirror, [{ range: { start: { line: 2, character: 0 }, end: { line: lines + 40, character: 3 } }, text: 'status: nope\n' }], 2);
    mirror = TextDocument.update(mirror, [{ range: { start: { line: 1, character: 4 }, end: { line: 0, character: 0 } }, text: '' }], 3);
    await c.request('textDocument/documentSymbol', { textDocument: { uri } });
    const published = await c.waitFor(() => (c.diagnostics.get(uri)?.version === 4 ? c.diagnostics.get(uri) : undefined), 'diagnostics of version 4');
    const expected = await freshFindings(c.root, new Map([[uri, mirror.getText()]]));
    assert.deepEqual(published.diagnostics.map(simplifyDiagnostic), expected.get(uri));
    assert.ok(
      published.diagnostics.some((d) => d.code === 'SK002'),
      'status: nope is checked',
    );
    await c.close(uri);
  });
});

describe('hostile LSP: cancellation', () => {
  it("cancels a request twice, or after it ended, without throwing (vscode-jsonrpc's own token source throws)", () => {
    const library = new CancellationTokenSource();
    library.cancel();
    assert.throws(() => library.cancel(), TypeError, "the reason for the server's own source");
    const ours = cancellationStrategy.receiver.createCancellationTokenSource('r-1');
    ours.cancel();
    ours.cancel();
    assert.equal(ours.token.isCancellationRequested, true);
    const ended = cancellationStrategy.receiver.createCancellationTokenSource('r-2');
    ended.dispose();
    ended.cancel();
  });

  it('survives $/cancelRequest floods, unknown ids and repeated cancels over stdio', () =>
    withServer(async (s) => {
      s.write(initializeFrames(1));
      await s.response(1);
      const cancel = (id: unknown) => frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id } });
      for (let i = 0; i < 5; i++) s.write(cancel('dup'), frame({ ...hover(0), id: 'dup' }), cancel('dup'), cancel('dup'), cancel(null), cancel({ x: 1 }));
      s.write(frame(hover(2)));
      assert.equal((await s.response(2)).error, undefined);
      assert.doesNotMatch(s.stderr, /Uncaught|TypeError/);
      assert.deepEqual(
        s.received.filter((m) => /Uncaught/.test(m.params?.message ?? '')).map((m) => m.params?.message),
        [],
      );
    }));
});

describe('hostile LSP: the client side', () => {
  it('spawns the server without STELLAR_SECRET_* variables (as vscode-languageclient merges the environment)', () => {
    const user = {
      ...process.env,
      STELLAR_SECRET_BILLING_TOKEN: 'tok-1',
      STELLAR_SECRET_BILLING_TOKEN_PRODUCTION: 'tok-2',
      stellar_secret_lower: 'tok-3',
      STELLAR_TELNYX_BASE_URL: 'http://127.0.0.1:9',
      KEEP_ME: 'yes',
    };
    const env = serverEnv(user);
    assert.equal(user.STELLAR_SECRET_BILLING_TOKEN, 'tok-1', 'the input is not changed');
    // vscode-languageclient's getEnvironment: process.env first, then the options' env laid over it.
    const merged = Object.assign(Object.create(null) as NodeJS.ProcessEnv, user, { ELECTRON_RUN_AS_NODE: '1' }, env);
    const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(JSON.stringify(process.env))'], { env: merged, encoding: 'utf8' });
    const seen = JSON.parse(child.stdout) as Record<string, string>;
    assert.deepEqual(
      Object.keys(seen).filter((k) => /^stellar_secret_/i.test(k)),
      [],
    );
    assert.doesNotMatch(child.stdout, /tok-[123]/);
    assert.equal(seen.KEEP_ME, 'yes');
    assert.equal(seen.STELLAR_TELNYX_BASE_URL, 'http://127.0.0.1:9');
    assert.equal(seen.PATH, process.env.PATH, 'PATH is kept (git runs in the server)');
  });

  it('restarts a crashed server until the fifth crash within three minutes, then stops and says how to go on', () => {
    let now = 1_000_000;
    const policy = new CrashPolicy(() => now);
    const verdicts = [];
    for (let i = 0; i < MAX_CRASHES; i++) {
      verdicts.push(policy.crashed());
      now += 10_000;
    }
    assert.deepEqual(
      verdicts.map((v) => [v.restart, v.count]),
      [
        [true, 1],
        [true, 2],
        [true, 3],
        [true, 4],
        [false, 5],
      ],
    );
    assert.match(verdicts[0].message, /stopped unexpectedly \(1 time in the last 3 minutes\) and was restarted/);
    assert.match(verdicts[4].message, /5 times in the last 3 minutes and will not be restarted.*restart the server/);
    policy.reset();
    assert.deepEqual([policy.crashed().count], [1], 'a restart by the user counts afresh');
    // Crashes further apart than the window never add up.
    const spread = new CrashPolicy(() => now);
    for (let i = 0; i < 10; i++) {
      assert.equal(spread.crashed().restart, true);
      now += CRASH_WINDOW_MS / 4 + 1;
    }
  });
});
