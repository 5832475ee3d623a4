// Scenario 4: Run Action in Environment from the command palette against the example's demo API, started by
// the test on a free port: the Run panel beside the source (a form from the parameters schema, the response with
// status, output variables and body), a confirmation before production, and a secret asked once, reused and
// never shown.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { RunPanel } from '../lib/runPanel';
import { scenario, type Session } from '../lib/session';
import { recordRunnerLoad, runnerLoads } from '../lib/timings';
import { until } from '../lib/until';
import { pointAtDemoApi, startDemoApi, type DemoApi } from '../lib/workspace';

let api: DemoApi;
const ACTION = 'billing-support/lookup_invoice';
const INVOICE = 'INV-204518';
/** What the production run sends as BILLING_API_TOKEN: the demo API accepts only the demo value. */
const token = () => api.secrets.BILLING_API_TOKEN;

/** Starts the command from the palette and picks the action: its Run panel opens beside the source. */
async function openPanel({ wb }: Session): Promise<RunPanel> {
  await wb.command('Stellar Kit: Run Action in Environment');
  await wb.waitQuickInput('Run which action?');
  await wb.pick((l) => l.startsWith(`${ACTION},`));
  const panel = new RunPanel(wb);
  await panel.waitForm(ACTION);
  return panel;
}

/** Chooses the environment, types the invoice number and presses Enter in the field (Enter sends). */
async function send(panel: RunPanel, environment: string): Promise<void> {
  await panel.environment(environment);
  const field = panel.field(/invoice_number/);
  await field.fill(INVOICE);
  await field.press('Enter');
}

/** Nothing on screen, in the result documents or in VS Code's logs (the output channel) holds the secret. */
async function assertSecretNeverShown({ wb, server }: Session, ...texts: string[]): Promise<void> {
  assert.ok(!(await wb.screenText()).includes(token()), 'the secret is on screen');
  for (const t of texts) assert.ok(!t.includes(token()), 'the secret is in the Run panel');
  const logs = path.join(server.userDataDir, 'logs');
  const files: string[] = [];
  (function walk(d: string) {
    for (const e of readdirSync(d)) {
      const f = path.join(d, e);
      if (statSync(f).isDirectory()) walk(f);
      else files.push(f);
    }
  })(logs);
  assert.ok(
    files.some((f) => /Stellar Kit/.test(f)),
    `the Stellar Kit output channel has a log file under ${logs}`,
  );
  for (const f of files) assert.ok(!readFileSync(f, 'utf8').includes(token()), `${path.relative(logs, f)} holds the secret`);
  assert.ok(!server.output().includes(token()), 'code-server printed the secret');
}

/** Answers the credential-origin modal with Send, after checking it names the secret, the environment and the origin. */
async function approveOrigin({ wb }: Session, environment: string): Promise<void> {
  // The production confirmation may still be closing: wait for the dialog that names the secret.
  const dialog = wb.dialog.filter({ hasText: `Send secret BILLING_API_TOKEN (${environment}) to ${api.origin}?` });
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Send$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

let panel: RunPanel;

scenario(
  '4',
  'Run Action in Environment against a local API',
  {
    prepare: async (dir) => {
      api = await startDemoApi();
      // Production of the Billing API points at the local API too: a run that skipped the confirmation would show
      // up in its log.
      pointAtDemoApi(dir, api.origin, { billingProduction: true });
    },
    cleanup: () => api?.close(),
  },
  (step) => {
    step('the Run panel: parameters in a form, the secret in a password box, then the response', async (s) => {
      await s.wb.waitProblems('the language server to be up', (ps) => ps.length === 2, 60_000);
      assert.deepEqual(runnerLoads(s.server.userDataDir), [], 'dist/runner.js was loaded before the first run');
      panel = await openPanel(s);
      // The form comes from the binding's schema: the required field, its description and its pattern.
      const form = await panel.text();
      assert.match(form, /invoice_number \*/);
      assert.match(form, /Invoice number as printed on the invoice, for example INV-204518/);
      await panel.field(/invoice_number/).fill('INV-1');
      await until('the pattern problem under the field', async () => /Must match \^INV-\[0-9\]\{6\}\$/.test(await panel.text()));
      await send(panel, 'development');
      // The secret was never sent to this origin in development: a modal asks first, naming secret, environment and origin.
      await approveOrigin(s, 'development');
      // The secret is missing: asked once, in a password box.
      assert.equal(await s.wb.answerInput('Secret BILLING_API_TOKEN (development)', token()), 'password');
      assert.match(await panel.waitResult(/200 OK/, 1), /development/);
      const text = await panel.text();
      assert.ok(text.includes(`GET ${api.origin}/invoices/lookup?invoice_number=${INVOICE}`), text);
      assert.match(text, /invoice_status\s+✓ found\s+"open"/);
      assert.match(text, /amount_due\s+✓ found\s+149/);
      assert.match(text, /"number": "INV-204518"/);
      assert.deepEqual(api.requests, ['GET /invoices/lookup → 200']);
      await assertSecretNeverShown(s, text);
      const loaded = await until('the runner load line in the output channel log', () => runnerLoads(s.server.userDataDir).at(0), 10_000, 250);
      recordRunnerLoad(loaded);
    });

    step('the stored secret is reused without asking', async (s) => {
      // The same action again: the open panel is revealed, with the values remembered.
      panel = await openPanel(s);
      assert.equal(await panel.field(/invoice_number/).inputValue(), INVOICE);
      await panel.send.click();
      // Had the flow asked for the secret again, it would wait on that box and no second result would come.
      await panel.waitResult(/200 OK/, 2);
      assert.deepEqual(api.requests, ['GET /invoices/lookup → 200', 'GET /invoices/lookup → 200']);
      await assertSecretNeverShown(s, await panel.text());
      assert.equal(runnerLoads(s.server.userDataDir).length, 1, 'dist/runner.js is loaded once');
    });

    step('production asks for confirmation, and declining sends nothing', async (s) => {
      await send(panel, 'production');
      await s.wb.dialog.waitFor({ state: 'visible' });
      const message = await s.wb.dialog.innerText();
      assert.match(
        message,
        new RegExp(
          `Send GET ${api.origin.replace(/[.]/g, '\\.')}/invoices/lookup\\?invoice_number=${INVOICE} \\(${ACTION.replace('/', '\\/')}\\) to PRODUCTION\\?`,
        ),
      );
      await s.wb.screenshot('4-3-production-confirmation');
      await s.wb.dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Cancel' }).click();
      await s.wb.dialog.waitFor({ state: 'hidden' });
      assert.equal(api.requests.length, 2, 'declining sent nothing');
      await until('the panel to say nothing was sent', async () => /Not sent/.test(await panel.text()));
      assert.match(await panel.text(), /PRODUCTION Requests go to the live system/);
    });

    step('confirming production sends, asking for the production secret', async (s) => {
      await panel.send.click();
      await s.wb.dialog.waitFor({ state: 'visible' });
      await s.wb.dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Send to production' }).click();
      // Origins are remembered per environment: production asks again.
      await approveOrigin(s, 'production');
      // Secrets are per environment: the development value is not used for production.
      assert.equal(await s.wb.answerInput('Secret BILLING_API_TOKEN (production)', token()), 'password');
      assert.match(await panel.waitResult(/200 OK/, 3), /production/);
      await until('the production request in the API log', () => api.requests.length === 3);
      await assertSecretNeverShown(s, await panel.text());
      assert.match(await s.wb.statusBarText(), /Stellar: production/);
    });
  },
);
