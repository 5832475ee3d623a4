// The pull-request review: the pure comparison in the core, and `stellar-kit review` on a real git repository in a
// temp dir (JSON exactly, text, markdown, exit codes), never touching the work tree.
import { strict as assert } from 'node:assert';
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../server/src/cli/main';
import { MARKDOWN_LIMITS, mdCode, mdText, reviewMarkdown } from '../server/src/cli/reviewMarkdown';
import { treeAtRevision } from '../server/src/node/gitTree';
import { GitError } from '../server/src/node/git';
import { agentsLinking, changedFields, reviewWorkspace, WorkspaceIndex, type Review } from '../server/src/service';
import type { AgentSummary } from '../server/src/service/summary';
import { action, BASE, reviewRepo, write, type ReviewRepo } from './review/repo';

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-review-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

async function cli(args: string[], cwd?: string) {
  const o = { out: '', err: '' };
  const saved = process.cwd();
  if (cwd) process.chdir(cwd);
  try {
    const code = await main(args, { out: (s) => (o.out += s), err: (s) => (o.err += s), color: false });
    return { code, ...o };
  } finally {
    process.chdir(saved);
  }
}

describe('reviewWorkspace (core)', () => {
  const uri = (f: string) => `file:///ws/${f}`;
  function index(files: Record<string, string>): WorkspaceIndex {
    const ix = new WorkspaceIndex('file:///ws');
    for (const [f, t] of Object.entries(files)) ix.setFile(uri(f), t);
    return ix;
  }

  it('lists each changed field with its old and new value, secret references as references', () => {
    const base = index(BASE);
    const head = index({ ...BASE, 'api/lookup.action.yaml': action('api', 'lookup', 'method: POST\nheaders:\n  X-Api-Key: { secret: API_KEY }\n', 'ident') });
    const r = reviewWorkspace(base, head, 'main');
    assert.deepEqual(
      r.changedActions.map((a) => ({ action: a.action, agents: a.agents, changes: a.changes.map(({ field, old, new: now }) => ({ field, old, new: now })) })),
      [
        {
          action: 'api/lookup',
          agents: ['support', 'sales'],
          changes: [
            { field: 'method', old: 'GET', new: 'POST' },
            { field: 'headers.X-Api-Key', old: null, new: { secret: 'API_KEY' } },
            { field: 'outputVariables.id', old: { name: 'id', path: '$.id' }, new: { name: 'ident', path: '$.id' } },
          ],
        },
      ],
    );
    assert.deepEqual(changedFields(r.changedActions[0].changes), ['method', 'headers', 'outputVariables']);
    assert.deepEqual(r.inactiveAgents, ['sales']);
    assert.deepEqual([r.deletedActions, r.movedActions], [[], []]);
  });

  it('tells moved from deleted as SK012 does (same id or name under another integration), with the bindings each breaks', () => {
    const base = index(BASE);
    const { 'api/remove.action.yaml': _r, 'api/relocate.action.yaml': _m, ...rest } = BASE;
    // Support re-linked remove's binding away in the same change: it links neither now, but did at the base.
    const head = index({
      ...rest,
      'other/relocate.action.yaml': action('other', 'relocate'),
      'agents/support.agent.yaml': 'name: Support\nstatus: active\nactions:\n  - link: api/lookup\n  - link: api/relocate\n',
    });
    const r = reviewWorkspace(base, head, 'main');
    assert.deepEqual(
      r.deletedActions.map(({ action: a, agents, broken }) => ({ a, agents, broken })),
      [{ a: 'api/remove', agents: ['support'], broken: [] }],
    );
    assert.deepEqual(
      r.movedActions.map(({ action: a, to, agents, broken }) => ({ a, to, agents, broken })),
      [{ a: 'api/relocate', to: 'other/relocate', agents: ['support'], broken: ['support'] }],
    );
    // The moved file's bindings get SK012, not SK090 "deleted": the review knows where it went.
    assert.deepEqual(
      r.findings.new.map((f) => f.code),
      ['SK012'],
    );
  });

  it('names a finding by code, file and message: lines shifting is neither new nor fixed; a second equal one is new', () => {
    const base = index(BASE);
    const head = index({
      ...BASE,
      'agents/sales.agent.yaml':
        '# a comment above everything\nname: Sales\nstatus: inactive\nstates: [intro]\nactions:\n  - link: api/lookup\n    allowedStates: [billing]\n  - link: api/stable\n    allowedStates: [billing]\n',
    });
    const r = reviewWorkspace(base, head, 'main');
    assert.deepEqual(
      r.findings.new.map((f) => [f.code, f.range.start.line]),
      [
        ['SK014', 7],
        ['SK051', 8],
      ],
    );
    assert.deepEqual(r.findings.fixed, []);
  });

  it('orders agents active first, then by id, and counts agents linking at the base only', () => {
    const agent = (id: string, status: string, links: string[]) =>
      ({ id, status, actions: links.map((l) => ({ link: { target: l } })) }) as unknown as AgentSummary;
    const head = [agent('zed', 'active', ['a/x']), agent('amy', 'inactive', ['a/x']), agent('bob', 'active', ['a/x']), agent('cat', 'active', [])];
    const base = [agent('cat', 'active', ['a/x']), agent('dan', 'inactive', ['a/x'])];
    assert.deepEqual(agentsLinking('a/x', head, base), ['bob', 'cat', 'zed', 'amy', 'dan']);
  });

  it('finds nothing when nothing changed', () => {
    const r = reviewWorkspace(index(BASE), index(BASE), 'main');
    assert.deepEqual([r.changedActions, r.deletedActions, r.movedActions, r.findings.new, r.findings.fixed], [[], [], [], [], []]);
  });
});

describe('markdown escaping', () => {
  it('keeps table cells one cell and text inert', () => {
    assert.equal(mdText('a|b `c` <img> @team *x*\nnext'), 'a\\|b \\`c\\` &lt;img&gt; &#64;team \\*x\\* next');
    assert.equal(mdCode('api/a|b'), '`api/a\\|b`');
    assert.equal(mdCode('we`ird'), 'we\\`ird');
  });

  it('stays within a comment: rows, agents per row and the whole text are capped, saying so', () => {
    const agents = Array.from({ length: 30 }, (_, i) => `agent-${String(i).padStart(2, '0')}`);
    const changes = Array.from({ length: 12 }, (_, i) => ({ field: `headers.X-${i}`, old: null, new: 'v', text: `header 'X-${i}' added ${'x'.repeat(200)}` }));
    const review: Review = {
      changedActions: Array.from({ length: 80 }, (_, i) => ({ action: `api/a${i}`, uri: `file:///ws/a${i}.action.yaml`, changes, agents })),
      deletedActions: [],
      movedActions: [],
      findings: { new: [], fixed: [] },
      inactiveAgents: [],
    };
    const md = reviewMarkdown(review, { root: '/ws', rev: 'main', commit: '0123456789abcdef' });
    assert.ok(md.length <= MARKDOWN_LIMITS.chars, String(md.length));
    assert.match(md, /and 2 more \| 30: `agent-00`, .*`agent-19` and 10 more \|\n/);
    assert.match(md, /\n_The review is longer than a comment holds: run `stellar-kit review` to see all of it\._\n$/);
  });
});

describe('stellar-kit review (real git)', () => {
  let r: ReviewRepo;
  let status: string;
  before(() => {
    r = reviewRepo(path.join(scratch, 'repo'));
    status = r.git('status', '--porcelain');
  });
  after(() => assert.equal(r.git('status', '--porcelain'), status, 'the work tree is untouched'));

  it('prints the review as JSON, findings in the shape of check --format json', async () => {
    const res = await cli(['review', '--base', 'main', r.ws, '--format', 'json']);
    assert.equal(res.code, 1, res.err);
    const j = JSON.parse(res.out);
    assert.deepEqual(
      { ...j, findings: undefined },
      {
        base: 'main',
        changedActions: [
          {
            action: 'api/lookup',
            changes: [
              { field: 'method', old: 'GET', new: 'POST' },
              { field: 'headers.X-Api-Key', old: null, new: { secret: 'API_KEY' } },
              { field: 'outputVariables.id', old: { name: 'id', path: '$.id' }, new: { name: 'ident', path: '$.id' } },
            ],
            agents: ['support', 'sales'],
          },
        ],
        deletedActions: [{ action: 'api/remove', agents: ['support'] }],
        movedActions: [{ action: 'api/relocate', to: 'other/relocate', agents: ['support'] }],
        findings: undefined,
      },
    );
    const brief = (l: { code: string; file: string; range: { start: { line: number } } }[]) => l.map((f) => `${f.code} ${f.file}:${f.range.start.line + 1}`);
    assert.deepEqual(brief(j.findings.new), [
      'SK011 agents/sales.agent.yaml:7',
      'SK011 agents/support.agent.yaml:5',
      'SK090 agents/support.agent.yaml:5',
      'SK012 agents/support.agent.yaml:6',
    ]);
    assert.deepEqual(brief(j.findings.fixed), ['SK051 agents/sales.agent.yaml:6', 'SK014 agents/support.agent.yaml:5', 'SK014 agents/support.agent.yaml:6']);
    // The same objects `check --base main --format json` prints for these findings.
    const check = JSON.parse((await cli(['check', r.ws, '--base', 'main', '--format', 'json'])).out) as unknown[];
    for (const f of j.findings.new)
      assert.ok(
        check.some((c) => JSON.stringify(c) === JSON.stringify(f)),
        JSON.stringify(f),
      );
  });

  it('prints text: each changed action with its changes and agents, broken bindings, new and fixed findings', async () => {
    const res = await cli(['review', '--base', 'main'], r.ws);
    assert.equal(res.code, 1, res.err);
    const commit = r.git('rev-parse', 'main').slice(0, 8);
    assert.equal(res.out.split('\n')[0], `Review against main (${commit})`);
    for (const line of [
      'Changed shared actions (1):',
      '  api/lookup reaches 2 agents: support, sales (inactive)',
      "    - method changed from 'GET' to 'POST'",
      "    - header 'X-Api-Key' added",
      "    - output variable 'id' renamed to 'ident'",
      '  api/remove: breaks the bindings of support',
      '  api/relocate moved to other/relocate: breaks the bindings of support',
      'New findings (4):',
      'Fixed findings (3):',
      '1 changed, 1 deleted, 1 moved shared actions; 4 new findings, 3 fixed.',
    ])
      assert.ok(res.out.split('\n').includes(line), `${line}\n---\n${res.out}`);
    assert.match(res.out, /^ {2}agents\/sales\.agent\.yaml:7:11: error SK011 Binding 'api\/nope'/m);
  });

  it('prints markdown for a pull-request comment: the table, broken bindings, findings with file:line', async () => {
    const res = await cli(['review', '--base', 'main', r.ws, '--format', 'markdown']);
    assert.equal(res.code, 1, res.err);
    const md = res.out;
    assert.match(md, /^## Stellar review against `main` \([0-9a-f]{8}\)\n/);
    assert.ok(
      md.includes(
        '| Shared action | Changes | Agents |\n|---|---|---|\n' +
          "| `api/lookup` | method changed from 'GET' to 'POST'<br>header 'X-Api-Key' added<br>output variable 'id' renamed to 'ident' | 2: `support`, `sales` (inactive) |\n",
      ),
      md,
    );
    assert.ok(
      md.includes(
        '### Broken bindings\n\n| Shared action | What happened | Agents it breaks |\n|---|---|---|\n| `api/remove` | deleted | `support` |\n| `api/relocate` | moved to `other/relocate` | `support` |\n',
      ),
      md,
    );
    assert.ok(md.includes('### New findings (4)\n\n- **error** SK011 `agents/sales.agent.yaml:7`: Binding '), md);
    assert.ok(md.includes('### Fixed findings (3)\n\n- **error** SK051 `agents/sales.agent.yaml:6`: '), md);
  });

  it('exits by the new findings and --fail-on: none never fails, a new warning fails at warning only', async () => {
    assert.equal((await cli(['review', '--base', 'main', r.ws, '--fail-on', 'none'])).code, 0);
    assert.equal((await cli(['review', '--base', 'HEAD', r.ws])).code, 0, 'nothing changed since HEAD');
    // An uncommitted edit is part of "now": an unknown key (SK003, a warning).
    const stable = path.join(r.ws, 'api/stable.action.yaml');
    write(r.ws, { 'api/stable.action.yaml': action('api', 'stable') + 'descripton: typo\n' });
    try {
      assert.equal((await cli(['review', '--base', 'HEAD', r.ws])).code, 0);
      const w = await cli(['review', '--base', 'HEAD', r.ws, '--fail-on', 'warning', '--format', 'json']);
      assert.equal(w.code, 1);
      assert.deepEqual(
        JSON.parse(w.out).findings.new.map((f: { code: string }) => f.code),
        ['SK003'],
      );
    } finally {
      write(r.ws, { 'api/stable.action.yaml': action('api', 'stable') });
    }
    assert.ok(stable);
  });

  it('says what is wrong, exit 2: no --base, not a revision, not a git repository, no folder', async () => {
    const none = await cli(['review', r.ws]);
    assert.equal(none.code, 2);
    assert.match(none.err, /review needs --base <git-rev>/);
    const bad = await cli(['review', '--base', 'nope', r.ws]);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /^stellar-kit: --base: 'nope' is not a commit of the repository at /);
    const outside = mkdtempSync(path.join(scratch, 'plain-'));
    const plain = await cli(['review', '--base', 'main', outside]);
    assert.equal(plain.code, 2);
    assert.match(plain.err, /is not inside a git repository/);
    const missing = await cli(['review', '--base', 'main', path.join(scratch, 'nowhere')]);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /is not a folder/);
    assert.match((await cli(['review', '--base', '--format', r.ws])).err, /is not a git revision/);
  });

  it('reads the base from git within limits, and a folder new since the base compares with nothing', async () => {
    await assert.rejects(
      treeAtRevision(r.ws, 'main', [], { files: 3, bytes: 1 << 20 }),
      (e: unknown) => e instanceof GitError && e.kind === 'too-large' && /holds 9 Stellar files .*more than the 3 files/.test(e.message),
    );
    const t = await treeAtRevision(r.ws, 'main');
    assert.equal(t.index.uris().length, 9);
    assert.equal(t.commit, r.git('rev-parse', 'main'));
    const fresh = path.join(r.ws, 'fresh');
    write(fresh, { 'x.integration.yaml': BASE['api.integration.yaml'] });
    try {
      assert.equal((await treeAtRevision(fresh, 'main')).index.uris().length, 0);
    } finally {
      unlinkSync(path.join(fresh, 'x.integration.yaml'));
      rmSync(fresh, { recursive: true });
    }
  });

  it('skips symbolic links at the base, as loading the work tree does', async () => {
    const other = reviewRepo(path.join(scratch, 'links'));
    symlinkSync('stable.action.yaml', path.join(other.ws, 'api/alias.action.yaml'));
    other.git('add', '-A');
    other.git('commit', '-q', '-m', 'a link');
    const t = await treeAtRevision(other.ws, 'HEAD');
    assert.deepEqual(
      t.index
        .uris()
        .map((u) => path.basename(u))
        .sort(),
      [
        'api.integration.yaml',
        'lookup.action.yaml',
        'other.integration.yaml',
        'relocate.action.yaml',
        'sales.agent.yaml',
        'stable.action.yaml',
        'stellar.yaml',
        'support.agent.yaml',
      ],
    );
  });

  it('never prints a secret value', async () => {
    process.env.STELLAR_SECRET_API_KEY = 'sk-live-must-not-leak';
    try {
      for (const format of ['text', 'json', 'markdown']) {
        const res = await cli(['review', '--base', 'main', r.ws, '--format', format]);
        assert.ok(!res.out.includes('sk-live-must-not-leak') && !res.err.includes('sk-live-must-not-leak'));
      }
    } finally {
      delete process.env.STELLAR_SECRET_API_KEY;
    }
  });
});
