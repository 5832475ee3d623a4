// `npm run test:electron`: the API suite (electron/suite/) in a real VS Code desktop downloaded by
// @vscode/test-electron, on a fresh copy of the example workspace with the demo API running. Needs access to
// update.code.visualstudio.com (not available on the offline CI machines; there, e2e/tests/6-api-suite.test.ts
// runs the same suite in code-server's extension host). VSCODE_VERSION picks the version (default 1.100.3).
import { runTests } from '@vscode/test-electron';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { REPO } from '../lib/paths';
import { copyExample, pointAtDemoApi, startDemoApi } from '../lib/workspace';
import { buildSuite } from './build';

async function main(): Promise<number> {
  const suite = await buildSuite();
  const home = mkdtempSync(path.join(tmpdir(), 'stellar-electron-'));
  const api = await startDemoApi();
  try {
    const dir = copyExample(path.join(home, 'acme-support'));
    pointAtDemoApi(dir, api.origin, { billingProduction: true });
    return await runTests({
      version: process.env.VSCODE_VERSION ?? '1.100.3',
      extensionDevelopmentPath: REPO,
      extensionTestsPath: suite,
      extensionTestsEnv: { STELLAR_E2E_API_ORIGIN: api.origin, STELLAR_E2E_TOKEN: api.secrets.BILLING_API_TOKEN },
      launchArgs: [dir, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--user-data-dir', path.join(home, 'user-data')],
    });
  } finally {
    await api.close();
    rmSync(home, { recursive: true, force: true });
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    const offline = /ENOTFOUND|ECONNREFUSED|EAI_AGAIN|ETIMEDOUT/.test(String((e as Error).message));
    process.stderr.write(
      `test:electron: ${(e as Error).message}\n${offline ? 'test:electron: VS Code cannot be downloaded from here; `npm run test:e2e` runs the same suite in code-server (scenario 6).\n' : ''}`,
    );
    process.exitCode = 1;
  },
);
