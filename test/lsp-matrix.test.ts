// The Environment Matrix request (stellarKit/environmentMatrix) over real stdio: the core's matrix per folder,
// secrets the client says are stored, and a fresh answer after an edit.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { copyWorkspace, removeDir, TestClient } from './lsp/client';

interface Cell {
  ready: boolean;
  reasons: { action: string; message: string; file: string; uri: string }[];
  warnings: { action: string; message: string }[];
}
interface Answer {
  folder: string;
  items: { agents: { agent: string; status: string; environments: Record<string, Cell> }[] };
}

describe('language server: environment matrix request', () => {
  let c: TestClient;
  before(async () => {
    c = new TestClient(copyWorkspace(path.join(__dirname, 'fixtures', 'matrix', 'ready'), 'stellar-matrix-'));
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  const desk = async (params: object) => {
    const r = await c.request<Answer[]>('stellarKit/environmentMatrix', params);
    assert.equal(r.length, 1);
    return r[0].items.agents.find((a) => a.agent === 'desk')!;
  };

  it('answers per folder with the reasons, their files as uris too', async () => {
    const r = await c.request<Answer[]>('stellarKit/environmentMatrix', {});
    assert.equal(r[0].folder, c.uri('').replace(/\/$/, ''));
    assert.deepEqual(
      r[0].items.agents.map((a) => `${a.agent} ${a.status}`),
      ['desk active', 'old inactive'],
    );
    const staging = r[0].items.agents[0].environments.staging;
    assert.equal(staging.ready, false);
    assert.equal(staging.reasons[0].file, 'api.integration.yaml');
    assert.equal(staging.reasons[0].uri, c.uri('api.integration.yaml'));
  });

  it('warns about the secrets the client has not stored, and only those', async () => {
    // Nothing said about secrets: nothing is reported missing.
    assert.deepEqual((await desk({})).environments.development.warnings, []);
    const some = await desk({ secretsSet: [{ env: 'development', name: 'TOKEN' }] });
    assert.deepEqual(some.environments.development.warnings, []);
    assert.equal(some.environments.production.warnings.length, 1);
    assert.match(some.environments.production.warnings[0].message, /^Secret 'TOKEN' .* no production value on this machine, .*Set Secret/);
    await assert.rejects(c.request('stellarKit/environmentMatrix', { secretsSet: 'TOKEN' }), /secretsSet must be a list/);
  });

  it('follows edits: a staging slot makes the agent ready there', async () => {
    const uri = c.uri('api.integration.yaml');
    const text =
      'kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:4010", auth: token }\n  staging: { baseUrl: "https://staging.example.com" }\n  production: { baseUrl: "https://api.example.com", auth: token }\n';
    await c.open(uri, text);
    assert.equal((await desk({})).environments.staging.ready, true);
  });
});
