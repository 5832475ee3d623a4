import { after, before } from 'node:test';
import { copyWorkspace, removeDir, TestClient } from './client';

/**
 * For a describe block: a server on a fresh copy of the example, initialized and indexed before its tests,
 * stopped (and the copy removed) after them. `use` receives the client.
 */
export function withExampleServer(use: (client: TestClient) => void): void {
  let c: TestClient | undefined;
  before(async () => {
    c = new TestClient(copyWorkspace());
    use(c);
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    if (!c) return;
    await c.stop();
    removeDir(c.root);
  });
}
