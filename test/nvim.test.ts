// A second real LSP client: Neovim's built-in one, over stdio, against the built server.
// Never skipped: without nvim (scripts/install-test-deps.sh installs it) this test fails.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { copyWorkspace, removeDir, repo, serverJs } from './lsp/client';

describe('Neovim', () => {
  const root = copyWorkspace(undefined, 'stellar-nvim-');
  after(() => removeDir(root));

  it("shows the example's SK012 on the agent that links the moved action", () => {
    const which = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
    assert.equal(which.error, undefined, 'nvim is not installed: run `bash scripts/install-test-deps.sh` (as root) or install Neovim >= 0.7');
    const r = spawnSync('nvim', ['--headless', '-u', 'NONE', '-i', 'NONE', '-n', '-c', `luafile ${path.join(repo, 'test', 'lsp', 'nvim-check.lua')}`], {
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        ...process.env,
        STELLAR_NODE: process.execPath,
        STELLAR_SERVER: serverJs,
        STELLAR_ROOT: root,
        STELLAR_FILE: path.join(root, 'agents', 'billing-support.agent.yaml'),
        STELLAR_TIMEOUT_MS: '15000',
      },
    });
    const output = `${r.stdout}\n${r.stderr}`;
    assert.equal(r.status, 0, `nvim exited with ${r.status}${r.signal ? ` (${r.signal})` : ''}:\n${output}`);
    assert.match(r.stdout, /^DIAG 87:11 error SK012 Binding 'billing-api\/refund_payment': the shared action moved to 'payments-api\/refund_payment'/m);
    assert.equal(r.stdout.split('\n').filter((l) => l.startsWith('DIAG ')).length, 1, output);
  });
});
