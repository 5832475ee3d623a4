// Scenario 4: Run Action in Environment from the command palette against the example's demo API, started by
// the test on a free port: parameters in input boxes, the result view with status, body and output variables,
// a confirmation before production, and a secret asked once, reused and never shown.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { scenario, type Session } from '../lib/session';
import { recordRunnerLoad, runnerLoads } from '../lib/timings';
import { until } from '../lib/until';
import { pointAtDemoApi, startDemoApi, type DemoApi } from '../lib/workspace';

let api: DemoApi;
const ACTION = 'billing-support/lookup_invoice';
const INVOICE = 'INV-204518';
/** What the production run sends as BILLING_API_TOKEN: the demo API accepts only the demo value. */
const token = () => api.secrets.BILLING_API_TOKEN;

/** Starts the command from the palette and answers the action and environment pickers and the parameter box. */
async function startRun({ wb }: Session, environment: string): Promise<void> {
  await wb.command('Stellar Kit: Run Action in Environment');
  await wb.waitQuickInput('Run which action?');
  await wb.pick((l) => l.startsWith(`${ACTION},`));
  await wb.waitQuickInput('Run in which environment?');
  assert.deepEqual(await wb.quickPickRows(), ['development', 'staging', 'production']);
  await wb.pick(environment, { exact: true });
  assert.equal(await wb.answerInput('billing-support/lookup_invoice: invoice_number', INVOICE), 'text');
}

/** Nothing on screen, in the result documents or in VS Code's logs (the output channel) holds the secret. */
async function assertSecretNeverShown({ wb, server }: Session, ...texts: string[]): Promise<void> {
  assert.ok(!(await wb.screenText()).includes(token()), 'the secret is on screen');
  for (const t of texts) assert.ok(!t.includes(token()), 'the secret is in the result document');
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

async function resultDocument({ wb }: Session, n: number, environment: string): Promise<string> {
  await wb.waitActiveTab(`${n} billing-support-lookup_invoice (${environment}).txt`, 15_000);
  return wb.editorText();
}

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
    step('parameters and the secret in input boxes, then the result view', async (s) => {
      await s.wb.waitProblems('the language server to be up', (ps) => ps.length === 2, 60_000);
      assert.deepEqual(runnerLoads(s.server.userDataDir), [], 'dist/runner.js was loaded before the first run');
      await startRun(s, 'development');
      // The secret was never sent to this origin in development: a modal asks first, naming secret, environment and origin.
      await approveOrigin(s, 'development');
      // The secret is missing: asked once, in a password box.
      assert.equal(await s.wb.answerInput('Secret BILLING_API_TOKEN (development)', token()), 'password');
      const text = await resultDocument(s, 1, 'development');
      assert.match(text, /^billing-support\/lookup_invoice in development\n/);
      assert.match(text, new RegExp(`GET ${api.origin.replace(/[.]/g, '\\.')}/invoices/lookup\\?invoice_number=${INVOICE}\\n`));
      assert.match(text, /authorization: Bearer \[secret BILLING_API_TOKEN\]/);
      assert.match(text, /Status: 200 OK/);
      assert.match(text, /Output variables:\n {2}invoice_status = "open" .*\n {2}amount_due = 149 .*\n {2}currency = "EUR" .*\n {2}due_date = "2026-12-01" /);
      assert.match(text, /Body:\n\{\n {2}"invoice": \{\n {4}"number": "INV-204518"/);
      assert.deepEqual(api.requests, ['GET /invoices/lookup → 200']);
      await assertSecretNeverShown(s, text);
      const loaded = await until('the runner load line in the output channel log', () => runnerLoads(s.server.userDataDir).at(0), 10_000, 250);
      recordRunnerLoad(loaded);
    });

    step('the stored secret is reused without asking', async (s) => {
      await startRun(s, 'development');
      // Had the flow asked for the secret again, it would wait on that box and no second result would open.
      const text = await resultDocument(s, 2, 'development');
      assert.match(text, /Status: 200 OK/);
      assert.deepEqual(api.requests, ['GET /invoices/lookup → 200', 'GET /invoices/lookup → 200']);
      await assertSecretNeverShown(s, text);
      assert.equal(runnerLoads(s.server.userDataDir).length, 1, 'dist/runner.js is loaded once');
    });

    step('production asks for confirmation, and declining sends nothing', async (s) => {
      await startRun(s, 'production');
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
      assert.ok((await s.wb.activeTab()).startsWith('2 billing-support-lookup_invoice (development)'), 'no result view opened');
    });

    step('confirming production sends, asking for the production secret', async (s) => {
      await startRun(s, 'production');
      await s.wb.dialog.waitFor({ state: 'visible' });
      await s.wb.dialog.locator('.dialog-buttons .monaco-button', { hasText: 'Send to production' }).click();
      // Origins are remembered per environment: production asks again.
      await approveOrigin(s, 'production');
      // Secrets are per environment: the development value is not used for production.
      assert.equal(await s.wb.answerInput('Secret BILLING_API_TOKEN (production)', token()), 'password');
      const text = await resultDocument(s, 3, 'production');
      assert.match(text, /^billing-support\/lookup_invoice in production\n/);
      assert.match(text, /Status: 200 OK/);
      await until('the production request in the API log', () => api.requests.length === 3);
      await assertSecretNeverShown(s, text);
      assert.match(await s.wb.statusBarText(), /Stellar: production/);
    });
  },
);
