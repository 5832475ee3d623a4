// Preview restore in the editor: the server's stellarKit/agentHistory and stellarKit/restorePreview requests
// over real LSP stdio on a real temporary git repository, and the vscode-free flow driving them with a fake Ui.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serverRequests } from '../client/src/requests';
import { agentFileOf, previewRestoreFlow, type RestoreServer } from '../client/src/restore/flow';
import { restoreChanges } from '../client/src/restore/restorePlan';
import { restorePreviewCommand } from '../server/src/cli/restorePreview';
import type { AgentHistoryResult, RestorePreviewResult } from '../server/src/lsp/restore';
import { agentHistory } from '../server/src/node/agentHistory';
import { GitError } from '../server/src/node/git';
import { action, agent, historyRepo, write } from './restore/history';
import { TestClient } from './lsp/client';
import { FakeUi } from './run/fakeUi';

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-restore-editor-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A server over real stdio, with `env` changes applied to the spawned process only. */
async function startServer(root: string, env: Record<string, string> = {}): Promise<TestClient> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  let c: TestClient;
  try {
    c = new TestClient(root);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  await c.initialize();
  await c.indexed();
  return c;
}

/** The extension's own request wiring, over the test client. */
function lspServer(c: TestClient): RestoreServer {
  return serverRequests((method, params) => c.request(method, params));
}

describe('preview restore in the editor (real git, real LSP)', () => {
  let repo: string;
  let ws: string;
  let agentFile: string;
  let first: string;
  let second: string;
  let c: TestClient;
  const git = (...a: string[]) => execFileSync('git', a, { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

  before(async () => {
    ({ repo, ws, agentFile, first, second } = await historyRepo(path.join(scratch, 'repo'), 'ws', {
      author: 'Ada Tester',
      messages: ['Support agent, locked', 'Drop remove and relocate from support'],
      // Since then: lookup's method changed, remove was deleted, relocate moved to the other integration.
      second: { 'agents/support.agent.yaml': agent(['api/lookup', 'api/stable']) },
    }));
    // A commit that does not touch the agent or its lock is no version of it.
    write(ws, { 'api/stable.action.yaml': action('api', 'stable') + '# touched\n' });
    git('add', '-A');
    git('commit', '-q', '-m', 'Unrelated');
    // Never committed.
    write(ws, { 'agents/draft.agent.yaml': agent(['api/stable']).replace('name: Support', 'name: Draft') });

    c = await startServer(ws);
  });
  after(async () => {
    await c?.stop();
  });

  it('agentHistory lists the commits of the agent and its lock, newest first, with date, author and subject', async () => {
    const h = await c.request<AgentHistoryResult>('stellarKit/agentHistory', { agentUri: c.uri('agents/support.agent.yaml') });
    assert.ok(h.ok, JSON.stringify(h));
    assert.equal(h.agent, 'ws/agents/support.agent.yaml');
    assert.deepEqual(
      h.commits.map((x) => [x.hash, x.subject, x.author]),
      [
        [second, 'Drop remove and relocate from support', 'Ada Tester'],
        [first, 'Support agent, locked', 'Ada Tester'],
      ],
    );
    assert.match(h.commits[0].date, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/);
  });

  it('restorePreview answers exactly what stellar-kit restore-preview prints: changed shape, deleted and moved actions', async () => {
    const p = await c.request<RestorePreviewResult>('stellarKit/restorePreview', { agentUri: c.uri('agents/support.agent.yaml'), rev: first });
    assert.ok(p.ok, JSON.stringify(p));
    assert.deepEqual(
      p.preview.changed.map((x) => [x.fullId, x.file, x.changes.map((ch) => ch.field)]),
      [['api/lookup', 'api/lookup.action.yaml', ['method']]],
    );
    assert.deepEqual(p.preview.deleted, [{ fullId: 'api/remove' }]);
    assert.deepEqual(p.preview.moved, [{ fullId: 'api/relocate', candidates: ['other/relocate'] }]);
    assert.equal(p.preview.unchanged, 1);
    assert.equal(p.preview.commit, first);
    assert.match(p.title, new RegExp(`support\\.agent\\.yaml @ ${first.slice(0, 8)}`));

    const out = { out: '', err: '' };
    const code = await restorePreviewCommand([agentFile, '--rev', first], {
      out: (s) => {
        out.out += s;
      },
      err: (s) => {
        out.err += s;
      },
    });
    assert.equal(code, 0, out.err);
    assert.equal(p.text, out.out, 'the editor and the CLI show the same preview');
    assert.match(p.text, /^changed +api\/lookup \(api\/lookup\.action\.yaml\)\n +- method changed from 'GET' to 'POST'$/m);
  });

  it('restorePreview carries the agent and its lock as they were at the revision; restoring writes those, never a shared action', async () => {
    const p = await c.request<RestorePreviewResult>('stellarKit/restorePreview', { agentUri: c.uri('agents/support.agent.yaml'), rev: first });
    assert.ok(p.ok, JSON.stringify(p));
    assert.equal(p.commit, first);
    assert.deepEqual(
      p.files.map((f) => [f.uri, f.rel]),
      [
        [c.uri('agents/support.agent.yaml'), 'ws/agents/support.agent.yaml'],
        [c.uri('agents/support.agent.lock.yaml'), 'ws/agents/support.agent.lock.yaml'],
      ],
    );
    assert.equal(p.files[0].text, git('show', `${first}:ws/agents/support.agent.yaml`) + '\n');
    assert.equal(p.files[1].text, git('show', `${first}:ws/agents/support.agent.lock.yaml`) + '\n');
    // The working copy (on disk) differs in the agent only: the lock was not touched since.
    const onDisk = (u: string) => readFileSync(fileURLToPath(u), 'utf8');
    const changes = restoreChanges(p.files, onDisk);
    assert.deepEqual(
      changes.map((x) => [x.rel, x.kind]),
      [['ws/agents/support.agent.yaml', 'write']],
    );

    // The flow hands the preview to the editor's diff view instead of showing the report.
    const ui = new FakeUi();
    ui.picks = [first.slice(0, 8)];
    let shown: string | undefined;
    const r = await previewRestoreFlow(
      { ui, server: lspServer(c), isTrusted: () => true, showRestore: async (agentUri, preview) => void (shown = `${agentUri} ${preview.files.length}`) },
      { agentUri: c.uri('agents/support.agent.yaml') },
    );
    assert.equal(r.kind, 'shown');
    assert.equal(shown, `${c.uri('agents/support.agent.yaml')} 2`);
    assert.deepEqual(ui.shown, []);
  });

  it('answers clear errors: never committed, unknown revision; refuses what is not an agent file of the folder', async () => {
    const never = await c.request<AgentHistoryResult>('stellarKit/agentHistory', { agentUri: c.uri('agents/draft.agent.yaml') });
    assert.deepEqual(never, { ok: false, error: "'ws/agents/draft.agent.yaml' has never been committed: commit it to have versions to restore." });
    const bad = await c.request<RestorePreviewResult>('stellarKit/restorePreview', { agentUri: c.uri('agents/support.agent.yaml'), rev: 'no-such-rev' });
    assert.ok(!bad.ok && /'no-such-rev' is not a commit of the repository/.test(bad.error), JSON.stringify(bad));
    const missing = await c.request<RestorePreviewResult>('stellarKit/restorePreview', { agentUri: c.uri('agents/draft.agent.yaml'), rev: first });
    assert.ok(!missing.ok && /'ws\/agents\/draft\.agent\.yaml' does not exist at /.test(missing.error), JSON.stringify(missing));
    await assert.rejects(c.request('stellarKit/agentHistory', { agentUri: c.uri('api.integration.yaml') }), /not an agent file of an open folder/);
    await assert.rejects(c.request('stellarKit/agentHistory', { agentUri: 'file:///elsewhere/x.agent.yaml' }), /not an agent file of an open folder/);
  });

  it("the flow: the active editor's agent (or its lock), a commit picked from the history, the preview in a document", async () => {
    const ui = new FakeUi();
    ui.picks = [first.slice(0, 8)];
    const lockUri = c.uri('agents/support.agent.lock.yaml');
    const r = await previewRestoreFlow({ ui, server: lspServer(c), isTrusted: () => true, activeUri: () => lockUri });
    assert.equal(r.kind, 'shown', JSON.stringify(r));
    assert.deepEqual(ui.asked, ['pick Restore which version of ws/agents/support.agent.yaml?']);
    const offered = ui.offered.get('Restore which version of ws/agents/support.agent.yaml?')!;
    assert.deepEqual(
      offered.map((i) => i.label),
      [`${second.slice(0, 8)}  Drop remove and relocate from support`, `${first.slice(0, 8)}  Support agent, locked`],
    );
    assert.match(offered[0].description!, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.equal(ui.shown.length, 1);
    assert.match(ui.shown[0].text, /1 changed, 1 deleted, 1 moved, 0 not locked, 1 unchanged\./);
    assert.deepEqual(ui.errors, []);
  });

  it('the flow without an agent editor asks which agent; errors are shown, not thrown; untrusted asks nothing', async () => {
    const ui = new FakeUi();
    ui.picks = ['Support'];
    const r = await previewRestoreFlow({ ui, server: lspServer(c), isTrusted: () => true, activeUri: () => c.uri('api.integration.yaml') });
    assert.equal(r.kind, 'cancelled', 'no commit picked');
    const agents = ui.offered.get('Preview restore of which agent?')!;
    assert.deepEqual(agents.map((a) => a.description).sort(), ['draft', 'support']);

    const ui2 = new FakeUi();
    const r2 = await previewRestoreFlow({ ui: ui2, server: lspServer(c), isTrusted: () => true }, { agentUri: c.uri('agents/draft.agent.yaml') });
    assert.equal(r2.kind, 'error');
    assert.match(ui2.errors[0], /has never been committed/);

    const ui3 = new FakeUi();
    let asked = 0;
    const counting: RestoreServer = {
      agents: async () => {
        asked++;
        return [];
      },
      history: async () => {
        asked++;
        return { ok: false, error: '' };
      },
      preview: async () => {
        asked++;
        return { ok: false, error: '' };
      },
    };
    assert.equal(
      (await previewRestoreFlow({ ui: ui3, server: counting, isTrusted: () => false }, { agentUri: c.uri('agents/support.agent.yaml') })).kind,
      'untrusted',
    );
    assert.equal(asked, 0);
    assert.match(ui3.errors[0], /trusted workspace/);
    assert.equal(agentFileOf('file:///x/a.agent.lock.yaml'), 'file:///x/a.agent.yaml');
    assert.equal(agentFileOf('file:///x/a.action.yaml'), undefined);
  });
});

describe('preview restore: no git repository, git not installed', () => {
  it('a folder outside any git repository: a clear message over LSP and in the flow', async () => {
    const plain = path.join(scratch, 'plain');
    write(plain, { 'stellar.yaml': 'secrets: {}\n', 'support.agent.yaml': agent([]) });
    const c = await startServer(plain);
    try {
      const ui = new FakeUi();
      const r = await previewRestoreFlow({ ui, server: lspServer(c), isTrusted: () => true }, { agentUri: c.uri('support.agent.yaml') });
      assert.equal(r.kind, 'error');
      assert.equal(ui.errors[0], "'support.agent.yaml' is not inside a git repository, so it has no versions to restore.");
    } finally {
      await c.stop();
    }
  });

  it('git not on the PATH: the server answers a clear message and keeps running; the CLI exits 2 with it', async () => {
    const repo = path.join(scratch, 'nogit');
    write(repo, { 'stellar.yaml': 'secrets: {}\n', 'support.agent.yaml': agent([]) });
    const emptyBin = path.join(scratch, 'empty-bin');
    mkdirSync(emptyBin, { recursive: true });
    const c = await startServer(repo, { PATH: emptyBin });
    try {
      const h = await c.request<AgentHistoryResult>('stellarKit/agentHistory', { agentUri: c.uri('support.agent.yaml') });
      assert.deepEqual(h, { ok: false, error: 'git is not installed (or not on the PATH): the versions of an agent are its git history, so git is needed.' });
      const trees = await c.request<unknown[]>('stellarKit/agentsTree', {});
      assert.equal(trees.length, 1, 'the server still answers');
    } finally {
      await c.stop();
    }

    const saved = process.env.PATH;
    process.env.PATH = emptyBin;
    try {
      await assert.rejects(agentHistory(path.join(repo, 'support.agent.yaml')), (e: unknown) => e instanceof GitError && e.kind === 'no-git');
      const o = { out: '', err: '' };
      const code = await restorePreviewCommand([path.join(repo, 'support.agent.yaml'), '--rev', 'HEAD'], {
        out: (s) => {
          o.out += s;
        },
        err: (s) => {
          o.err += s;
        },
      });
      assert.equal(code, 2);
      assert.match(o.err, /git is not installed \(or not on the PATH\)/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
