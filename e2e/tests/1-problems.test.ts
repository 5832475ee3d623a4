// Scenario 1: opening the example workspace activates the extension, and the Problems panel lists exactly the
// example's two deliberate findings (examples/acme-support/README.md). It also measures the start-up figures
// (e2e/lib/timings.ts): printed and written to e2e/screenshots/timings.json, never asserted.
import { strict as assert } from 'node:assert';
import { EXAMPLE_FINDINGS } from '../lib/example';
import { extensionTimings, recordTimings, runnerLoads } from '../lib/timings';
import { until } from '../lib/until';
import { problemKey } from '../lib/workbench';
import { scenario } from '../lib/session';

const ONE_ERROR_ONE_WARNING = /\b1\b[^\d]+\b1\b/;

scenario('1', 'Opening the example workspace', {}, (step) => {
  step('the Problems panel lists exactly SK012 and SK013', async ({ wb, server }) => {
    // Timed on the status bar, which counts the findings without the Problems panel having to open first.
    await until("the status bar to count the example's findings", async () => ONE_ERROR_ONE_WARNING.test(await wb.statusBarText()), 60_000, 50);
    const firstDiagnosticsMs = Date.now() - wb.gotoAt;
    // The findings come from the extension's language server: seeing them proves it activated and indexed.
    await wb.waitProblems('the first findings', (ps) => ps.length >= 2, 60_000);
    const problems = await wb.settledProblems();
    assert.deepEqual(problems.map(problemKey).sort(), EXAMPLE_FINDINGS);
    const sk012 = problems.find((p) => p.code === 'SK012')!;
    assert.match(sk012.message, /Binding 'billing-api\/refund_payment': the shared action moved to 'payments-api\/refund_payment'/);
    const sk013 = problems.find((p) => p.code === 'SK013')!;
    assert.match(sk013.message, /output variable 'amount' renamed to 'amount_due'/);
    assert.match(await wb.statusBarText(), ONE_ERROR_ONE_WARNING, 'the status bar counts 1 error and 1 warning');
    recordTimings({ ...(await extensionTimings(server.userDataDir)), firstDiagnosticsMs });
    // Activation loads dist/client.js only: the runner waits for the first run (scenario 4).
    assert.deepEqual(runnerLoads(server.userDataDir), [], 'activation loaded dist/runner.js');
  });
});
