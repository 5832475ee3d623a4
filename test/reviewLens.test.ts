// The review code lens of shared action files: how the shape differs from the base branch and how many agents that
// reaches, over real LSP stdio on a real temporary git repository; the base branch's default and setting.
import { strict as assert } from 'node:assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeLens } from 'vscode-languageserver-types';
import { defaultBaseBranch } from '../server/src/node/gitTree';
import { reviewLens, WorkspaceIndex } from '../server/src/service';
import { TestClient } from './lsp/client';
import { action, BASE, reviewRepo, type ReviewRepo } from './review/repo';

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-review-lens-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function startServer(root: string, settings: Record<string, unknown> = {}, initializationOptions?: unknown): Promise<TestClient> {
  const c = new TestClient(root, { settings, initializationOptions });
  await c.initialize();
  await c.indexed();
  return c;
}

async function titles(c: TestClient, rel: string): Promise<string[]> {
  const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: c.uri(rel) } });
  return lenses.map((l) => l.command!.title);
}

describe('reviewLens (core)', () => {
  const index = (files: Record<string, string>) => {
    const ix = new WorkspaceIndex('file:///ws');
    for (const [f, t] of Object.entries(files)) ix.setFile(`file:///ws/${f}`, t);
    return ix;
  };
  it('names the changed fields and the agents reached, or says the shape is the same, or new', () => {
    const base = { index: index(BASE), label: 'main' };
    const head = index({ ...BASE, 'api/lookup.action.yaml': action('api', 'lookup').replace('lookup things', 'finds things') });
    assert.equal(reviewLens(head, 'file:///ws/api/lookup.action.yaml', base)?.command?.title, 'vs main: description changed · reaches 2 agents');
    assert.equal(reviewLens(head, 'file:///ws/api/stable.action.yaml', base)?.command?.title, 'same as main');
    const fresh = index({ ...BASE, 'api/fresh.action.yaml': action('api', 'fresh') });
    assert.equal(reviewLens(fresh, 'file:///ws/api/fresh.action.yaml', base)?.command?.title, 'new since main');
    assert.equal(reviewLens(head, 'file:///ws/agents/support.agent.yaml', base), undefined);
  });
});

describe('the review lens over LSP (real git)', () => {
  let r: ReviewRepo;
  let c: TestClient;
  before(async () => {
    r = reviewRepo(path.join(scratch, 'repo'));
    c = await startServer(r.ws);
  });
  after(async () => {
    await c?.stop();
  });

  it('compares a shared action with main (the default without an upstream) and counts the agents it reaches', async () => {
    assert.deepEqual(await titles(c, 'api/lookup.action.yaml'), ['vs main: method, headers, outputVariables changed · reaches 2 agents', 'linked by 2 agents']);
    assert.deepEqual(await titles(c, 'api/stable.action.yaml'), ['same as main', 'linked by 1 agent']);
    assert.deepEqual(await titles(c, 'other/relocate.action.yaml'), ['moved from api/relocate since main', 'not linked by any agent']);
    // Agent files keep their own lenses only.
    assert.ok(!(await titles(c, 'agents/support.agent.yaml')).some((t) => t.includes('main')));
  });

  it('follows the text being edited, against the same base', async () => {
    const uri = c.uri('api/stable.action.yaml');
    const text = readFileSync(path.join(r.ws, 'api/stable.action.yaml'), 'utf8');
    const published = c.nextDiagnostics(uri);
    await c.open(uri, text.replace('path: /stable', 'path: /steady'));
    await published;
    assert.deepEqual(await titles(c, 'api/stable.action.yaml'), ['vs main: path changed · reaches 1 agent', 'linked by 1 agent']);
    await c.close(uri);
  });

  it('compares with the branch stellarKit.review.baseBranch names', async () => {
    const other = await startServer(r.ws, { review: { baseBranch: 'pr' } });
    try {
      assert.deepEqual(await titles(other, 'api/lookup.action.yaml'), ['same as pr', 'linked by 2 agents']);
    } finally {
      await other.stop();
    }
  });

  it('runs no git in a workspace the client says is untrusted, until it says it is trusted', async () => {
    const other = await startServer(r.ws, {}, { settings: {}, workspaceTrusted: false });
    try {
      assert.deepEqual(await titles(other, 'api/lookup.action.yaml'), ['linked by 2 agents']);
      await other.conn.sendNotification('stellarKit/workspaceTrusted', {});
      assert.deepEqual(await titles(other, 'api/lookup.action.yaml'), [
        'vs main: method, headers, outputVariables changed · reaches 2 agents',
        'linked by 2 agents',
      ]);
    } finally {
      await other.stop();
    }
  });

  it('shows no review lens, and no error, outside a git repository', async () => {
    const plain = mkdtempSync(path.join(scratch, 'plain-'));
    cpSync(r.ws, plain, { recursive: true });
    const other = await startServer(plain);
    try {
      assert.deepEqual(await titles(other, 'api/lookup.action.yaml'), ['linked by 2 agents']);
      assert.ok(!other.logs.some((l) => /Review lens|error/i.test(l)), other.logs.join('\n'));
    } finally {
      await other.stop();
    }
  });
});

describe('the default base branch', () => {
  it("is the upstream's default branch (origin/HEAD), else main, else master", async () => {
    const r = reviewRepo(path.join(scratch, 'defaults'));
    assert.equal(await defaultBaseBranch(r.repo), 'main');
    r.git('branch', '-m', 'main', 'master');
    assert.equal(await defaultBaseBranch(r.repo), 'master');
    r.git('branch', '-m', 'master', 'trunk');
    assert.equal(await defaultBaseBranch(r.repo), undefined);
    r.git('update-ref', 'refs/remotes/origin/develop', 'trunk');
    r.git('symbolic-ref', 'refs/remotes/origin/HEAD', 'refs/remotes/origin/develop');
    assert.equal(await defaultBaseBranch(r.repo), 'origin/develop');
  });
});
