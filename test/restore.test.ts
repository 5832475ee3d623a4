import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { restorePreviewCommand } from '../server/src/cli/restorePreview';
import { restorePreview } from '../server/src/service/restore';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { action, agent, historyRepo, integration } from './restore/history';

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-restore-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function capture() {
  const o = { out: '', err: '' };
  return {
    o,
    io: {
      out: (s: string) => {
        o.out += s;
      },
      err: (s: string) => {
        o.err += s;
      },
    },
  };
}

describe('restorePreview (core)', () => {
  const root = '/ws';
  const uri = (f: string) => `file://${root}/${f}`;
  function index(files: Record<string, string>): WorkspaceIndex {
    const ix = new WorkspaceIndex(`file://${root}`);
    for (const [f, t] of Object.entries(files)) ix.setFile(uri(f), t);
    return ix;
  }
  const lockOf = (entries: Record<string, string>) =>
    'agent: support\nactions:\n' +
    Object.entries(entries)
      .map(
        ([id, method]) =>
          `  ${id}:\n    name: ${id.split('/')[1]}\n    description: ${id.split('/')[1]} things\n    method: ${method}\n    path: /${id.split('/')[1]}\n    outputVariables:\n      - { name: id, path: $.id }\n`,
      )
      .join('');

  it('compares the old lock with the current shapes and finds deleted and moved actions', () => {
    const ix = index({
      'api.integration.yaml': integration('API'),
      'other.integration.yaml': integration('Other'),
      'api/lookup.action.yaml': action('api', 'lookup', 'POST'),
      'other/relocate.action.yaml': action('other', 'relocate'),
      'api/stable.action.yaml': action('api', 'stable'),
      'api/fresh.action.yaml': action('api', 'fresh'),
    });
    const oldAgent = agent(['api/lookup', 'api/remove', 'api/relocate', 'api/stable', 'api/fresh', 'api/lookup']);
    const oldLock = lockOf({ 'api/lookup': 'GET', 'api/remove': 'GET', 'api/relocate': 'GET', 'api/stable': 'GET', 'api/unlinked': 'GET' });
    const p = restorePreview(ix, uri('agents/support.agent.yaml'), oldLock, oldAgent);
    assert.deepEqual(
      p.changed.map((c) => [c.fullId, c.actionUri, c.changes.map((x) => x.field)]),
      [['api/lookup', uri('api/lookup.action.yaml'), ['method']]],
    );
    assert.match(p.changed[0].changes[0].text, /method changed from 'GET' to 'POST'/);
    assert.deepEqual(p.deleted, [{ fullId: 'api/remove' }]);
    assert.deepEqual(p.moved, [{ fullId: 'api/relocate', candidates: ['other/relocate'] }]);
    assert.deepEqual(p.unlocked, ['api/fresh']);
    assert.equal(p.unchanged, 1);
  });

  it('without an old lock every existing action is unlocked; without an old agent the lock entries are the links', () => {
    const ix = index({ 'api.integration.yaml': integration('API'), 'api/stable.action.yaml': action('api', 'stable') });
    const noLock = restorePreview(ix, uri('support.agent.yaml'), undefined, agent(['api/stable', 'api/gone']));
    assert.deepEqual(noLock, { changed: [], deleted: [{ fullId: 'api/gone' }], moved: [], unlocked: ['api/stable'], unchanged: 0 });
    const noAgent = restorePreview(ix, uri('support.agent.yaml'), lockOf({ 'api/stable': 'DELETE' }), undefined);
    assert.deepEqual(
      noAgent.changed.map((c) => c.fullId),
      ['api/stable'],
    );
  });
});

describe('stellar-kit restore-preview', () => {
  let ws: string;
  let agentFile: string;
  let first: string;

  before(async () => {
    const h = await historyRepo(path.join(scratch, 'repo'), 'workspace', { second: { 'agents/new.agent.yaml': agent(['api/stable']) } });
    ({ ws, agentFile, first } = h);
    assert.deepEqual(h.locked.sort(), ['api/lookup', 'api/relocate', 'api/remove', 'api/stable']);
  });

  it('lists exactly the changed, deleted and moved actions at the first commit (text)', async () => {
    const { o, io } = capture();
    const code = await restorePreviewCommand([agentFile, '--rev', first], io);
    assert.equal(code, 0, o.err);
    assert.equal(o.err, '');
    assert.match(o.out, /^Restore preview: workspace\/agents\/support\.agent\.yaml at [0-9a-f]{40}$/m);
    assert.match(o.out, /^changed +api\/lookup \(api\/lookup\.action\.yaml\)\n +- method changed from 'GET' to 'POST'$/m);
    assert.match(o.out, /^deleted +api\/remove: /m);
    assert.match(o.out, /^moved +api\/relocate → other\/relocate: /m);
    assert.doesNotMatch(o.out, /api\/stable/);
    assert.match(o.out, /1 changed, 1 deleted, 1 moved, 0 not locked, 1 unchanged\./);
  });

  it('prints json with --format json (HEAD~1 works as a revision)', async () => {
    const { o, io } = capture();
    const code = await restorePreviewCommand([agentFile, '--rev=HEAD~1', '--format', 'json'], io);
    assert.equal(code, 0, o.err);
    const j = JSON.parse(o.out);
    assert.equal(j.agent, 'workspace/agents/support.agent.yaml');
    assert.equal(j.commit, first);
    assert.equal(j.lockFound, true);
    assert.deepEqual(
      j.changed.map((c: { fullId: string; file: string; changes: { field: string }[] }) => [c.fullId, c.file, c.changes.map((x) => x.field)]),
      [['api/lookup', 'api/lookup.action.yaml', ['method']]],
    );
    assert.deepEqual(j.deleted, [{ fullId: 'api/remove' }]);
    assert.deepEqual(j.moved, [{ fullId: 'api/relocate', candidates: ['other/relocate'] }]);
    assert.deepEqual(j.unlocked, []);
    assert.equal(j.unchanged, 1);
  });

  it('at HEAD (lock stale against the moved/deleted files) still reports them; a relative path works from the repo', async () => {
    const { o, io } = capture();
    const cwd = process.cwd();
    process.chdir(ws);
    try {
      const code = await restorePreviewCommand(['agents/support.agent.yaml', '--rev', 'HEAD', '--format', 'json'], io);
      assert.equal(code, 0, o.err);
    } finally {
      process.chdir(cwd);
    }
    const j = JSON.parse(o.out);
    assert.deepEqual([j.changed.length, j.deleted.length, j.moved.length], [1, 1, 1]);
  });

  it('exits 2 with a clear message for an unknown revision', async () => {
    const { o, io } = capture();
    assert.equal(await restorePreviewCommand([agentFile, '--rev', 'no-such-rev'], io), 2);
    assert.match(o.err, /--rev: 'no-such-rev' is not a commit/);
    assert.equal(o.out, '');
  });

  it('exits 2 when the agent file did not exist at the revision', async () => {
    const { o, io } = capture();
    assert.equal(await restorePreviewCommand([path.join(ws, 'agents/new.agent.yaml'), '--rev', first], io), 2);
    assert.match(o.err, /'workspace\/agents\/new\.agent\.yaml' does not exist at [0-9a-f]{40}/);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      [agentFile],
      [agentFile, '--rev', first, '--format', 'sarif'],
      ['x.yaml', '--rev', first],
      [agentFile, '--rev', first, '--bogus', '1'],
      [],
    ]) {
      const { o, io } = capture();
      assert.equal(await restorePreviewCommand(args, io), 2, args.join(' '));
      assert.match(o.err, /Usage:/);
    }
  });
});
