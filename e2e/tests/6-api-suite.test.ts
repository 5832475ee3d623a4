// Scenario 6: the @vscode/test-electron suite (e2e/electron/suite/, the same scenarios written against the
// `vscode` API) run inside code-server's extension host: the workbench URL's payload names the extension
// (this repository, as in an Extension Development Host) and the suite, and VS Code reports the suite's exit
// code to the page through window.codeAutomationExit, as it does for @vscode/test-web.
import { strict as assert } from 'node:assert';
import { buildSuite } from '../electron/build';
import { REPO } from '../lib/paths';
import { scenario } from '../lib/session';
import { until } from '../lib/until';
import { pointAtDemoApi, startDemoApi, type DemoApi } from '../lib/workspace';

let api: DemoApi;
let suite: string;
let exitCode: number | undefined;
const consoleLines: string[] = [];

scenario(
  '6',
  "The API suite in code-server's extension host",
  {
    installVsix: false,
    prepare: async (dir) => {
      suite = await buildSuite();
      api = await startDemoApi();
      pointAtDemoApi(dir, api.origin, { billingProduction: true });
    },
    env: () => ({ STELLAR_E2E_API_ORIGIN: api.origin, STELLAR_E2E_TOKEN: api.secrets.BILLING_API_TOKEN }),
    url: (server, dir) => {
      const remote = (p: string) => `vscode-remote://127.0.0.1:${server.port}${p}`;
      const payload = [
        ['extensionDevelopmentPath', remote(REPO)],
        ['extensionTestsPath', remote(suite)],
      ];
      return `${server.folderUrl(dir)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    },
    beforeGoto: async (page) => {
      page.on('console', (m) => consoleLines.push(m.text()));
      await page.exposeFunction('codeAutomationExit', (code: number) => {
        exitCode = code;
      });
    },
    cleanup: () => api?.close(),
  },
  (step) => {
    step('every scenario of the API suite passes', async () => {
      await until('the API suite to finish (window.codeAutomationExit)', () => exitCode !== undefined, 150_000, 250);
      // Extension host output reaches the page console as `%c INFO color: #33f <text>`.
      const report = consoleLines
        .filter((l) => l.includes('stellar-e2e:'))
        .map((l) => l.replace(/^%c\s*\w+\s+color:\s*\S+\s*/, ''))
        .join('\n');
      console.log(report);
      assert.equal(exitCode, 0, `the suite failed:\n${report || consoleLines.slice(-40).join('\n')}`);
    });
  },
);
