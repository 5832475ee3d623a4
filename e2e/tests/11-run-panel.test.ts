// Scenario 11: the Run panel as a new user meets it, with a screenshot of each state: the form (live validation,
// the production banner), a response (status, output variables, the foldable JSON body), a failure (401 with a
// wrong secret) and its way out (Update secret, then a run that works), and the history.
import { strict as assert } from 'node:assert';
import { RunPanel } from '../lib/runPanel';
import { scenario, type Session } from '../lib/session';
import { until } from '../lib/until';
import { pointAtDemoApi, startDemoApi, type DemoApi } from '../lib/workspace';

let api: DemoApi;
let panel: RunPanel;
const ACTION = 'billing-support/lookup_invoice';
const token = () => api.secrets.BILLING_API_TOKEN;

async function approveOrigin({ wb }: Session): Promise<void> {
  const dialog = wb.dialog.filter({ hasText: `Send secret BILLING_API_TOKEN (development) to ${api.origin}?` });
  await dialog.waitFor({ state: 'visible' });
  await dialog.locator('.dialog-buttons .monaco-button', { hasText: /^Send$/ }).click();
  await dialog.waitFor({ state: 'hidden' });
}

scenario(
  '11',
  'The Run panel: form, response, failure and history',
  {
    prepare: async (dir) => {
      api = await startDemoApi();
      pointAtDemoApi(dir, api.origin);
    },
    cleanup: () => api?.close(),
  },
  (step) => {
    step('the form: fields from the schema, checked as you type, production marked', async (s) => {
      await s.wb.waitProblems('the language server to be up', (ps) => ps.length === 2, 60_000);
      // The panel opens beside the source; the Problems panel is put away so the screenshots show the response.
      await s.wb.command('View: Hide Panel');
      await s.wb.openFile('agents/billing-support.agent.yaml');
      await s.wb.command('Stellar Kit: Run Action in Environment');
      await s.wb.waitQuickInput('Run which action?');
      await s.wb.pick((l) => l.startsWith(`${ACTION},`));
      panel = new RunPanel(s.wb);
      await panel.waitForm(ACTION);
      assert.deepEqual(await panel.frame.locator('#environment option').allInnerTexts(), ['development', 'staging', 'production (live)']);
      await panel.environment('production');
      await until('the production banner', () => panel.frame.locator('#production-banner').isVisible());
      assert.equal(await panel.send.innerText(), 'Send to production');
      await s.wb.screenshot('11-1-production-banner');
      await panel.environment('development');
      await until('the banner to go', async () => !(await panel.frame.locator('#production-banner').isVisible()));
      const field = panel.field(/invoice_number/);
      await field.fill('204518');
      await until('the field marked invalid', async () => (await field.getAttribute('aria-invalid')) === 'true');
      assert.match(await panel.text(), /Must match/);
    });

    step('a wrong secret: 401, and the panel offers to update it', async (s) => {
      await panel.field(/invoice_number/).fill('INV-204518');
      await until('the field valid', async () => (await panel.field(/invoice_number/).getAttribute('aria-invalid')) === null);
      await panel.send.click();
      await approveOrigin(s);
      assert.equal(await s.wb.answerInput('Secret BILLING_API_TOKEN (development)', 'not-the-token'), 'password');
      await panel.waitResult(/401/, 1);
      const update = panel.frame.getByRole('button', { name: 'Update secret BILLING_API_TOKEN (development)' });
      await update.waitFor({ state: 'visible' });
      assert.match(await panel.text(), /unauthorized/);
    });

    step('Update secret, then the response: status, output variables, foldable body', async (s) => {
      await panel.frame.getByRole('button', { name: 'Update secret BILLING_API_TOKEN (development)' }).click();
      assert.equal(await s.wb.answerInput('Value of BILLING_API_TOKEN for development', token()), 'password');
      await panel.send.click();
      await panel.waitResult(/200 OK/, 2);
      const text = await panel.text();
      assert.match(text, /invoice_status\s+✓ found\s+"open"/);
      assert.match(text, /"amount_due": 149/);
      assert.ok(!text.includes(token()), 'the secret is in the panel');
      assert.ok(!(await s.wb.screenText()).includes(token()), 'the secret is on screen');
      // Objects fold: the body's top level is open, and a summary closes it.
      const top = panel.frame.locator('.json-tree > details');
      assert.equal(await top.getAttribute('open'), '');
      await top.locator('> summary').click();
      await until('the body folded', async () => (await top.getAttribute('open')) === null);
      await top.locator('> summary').click();
      assert.deepEqual(api.requests, ['GET /invoices/lookup → 401', 'GET /invoices/lookup → 200']);
    });

    step('the history shows earlier runs again', async () => {
      const items = panel.frame.locator('#history li button');
      assert.equal(await items.count(), 2);
      assert.match(await items.nth(0).innerText(), /development · 200 OK · \d+ ms/);
      assert.match(await items.nth(1).innerText(), /development · 401 Unauthorized/);
      // By keyboard: the entries are buttons (a notification may cover the panel's corner for a while).
      await items.nth(1).focus();
      await items.nth(1).press('Enter');
      await until('the 401 shown again', async () => /401/.test(await panel.frame.locator('#result-title').innerText()));
      assert.match(await panel.text(), /From the history/);
    });

    step('the panel follows the colour theme', async (s) => {
      const background = () => panel.frame.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
      const light = await background();
      await s.wb.command('Preferences: Color Theme');
      await s.wb.pick('Dark Modern');
      const dark = await until('the panel to change colours', async () => {
        const now = await background();
        return now !== light && now;
      });
      // Dark: each channel of the background below the middle.
      const channels = dark.match(/\d+/g)!.slice(0, 3).map(Number);
      assert.ok(
        channels.every((c) => c < 128),
        `background ${dark} (was ${light})`,
      );
    });
  },
);
