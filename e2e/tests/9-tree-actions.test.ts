// Scenario 9: trees you can act from. The Agents view's badge and inline buttons, Show Diff in the diff editor,
// Re-link from the view, the Secrets view (set or missing per environment, Set Secret inline) and a restore
// preview as a diff with its Restore button.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { BILLING_SUPPORT, ORDER_DESK } from '../lib/example';
import { scenario } from '../lib/session';
import { until } from '../lib/until';
import type { Workbench } from '../lib/workbench';

const SECRET_VALUE = 'e2e-billing-token-3141';
let v1 = '';
let v1Text = '';

/** The workspace as a git repository with two versions of order-desk: v1 as the example has it, v2 with one more line. */
function twoVersions(dir: string): void {
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=E2E', '-c', 'user.email=e2e@example.invalid', ...a], { cwd: dir, encoding: 'utf8' }).trim();
  git('init', '-q');
  git('add', '-A');
  git('commit', '-q', '-m', 'Order desk v1');
  v1 = git('rev-parse', 'HEAD');
  v1Text = readFileSync(`${dir}/${ORDER_DESK}`, 'utf8');
  appendFileSync(`${dir}/${ORDER_DESK}`, '# v2: reviewed by the support lead\n');
  git('commit', '-q', '-am', 'Order desk v2');
}

/** The inline buttons of a tree row (their labels), shown on hover. */
async function inlineButtons(wb: Workbench, view: string, label: string): Promise<string[]> {
  const row = wb.treeRow(view, label).first();
  await row.hover();
  return until(`inline buttons on '${label}'`, async () => {
    const labels = await row.locator('.actions .action-label').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    return labels.length ? labels : undefined;
  });
}

const badge = (wb: Workbench) =>
  wb.page
    .locator('.activitybar .action-item')
    .filter({ has: wb.page.locator('a.action-label[aria-label^="Stellar"]') })
    .locator('.badge-content')
    .innerText()
    .catch(() => '');

scenario('9', 'Trees you can act from', { prepare: twoVersions }, (step) => {
  step('the Agents view has a badge and inline buttons where they apply', async ({ wb }) => {
    await wb.openViewContainer('Stellar');
    await until('the badge counting two bindings', async () => (await badge(wb)) === '2', 60_000);
    const label = await wb.page.locator('.activitybar a.action-label[aria-label^="Stellar"]').getAttribute('aria-label');
    assert.match(label ?? '', /2 bindings need attention/);
    await wb.expandTreeRow('Agents', 'Order Desk');
    assert.deepEqual(await inlineButtons(wb, 'Agents', 'lookup_invoice'), ['Run Action in Environment', 'Show Diff', 'Accept Current Shape']);
    assert.deepEqual(await inlineButtons(wb, 'Agents', 'list_orders'), ['Run Action in Environment']);
    await wb.screenshot('9-inline-order-desk');
    await wb.collapseTreeRow('Agents', 'Order Desk');
    await wb.expandTreeRow('Agents', 'Billing Support');
    assert.deepEqual(await inlineButtons(wb, 'Agents', 'billing-api/refund_payment'), ['Re-link…']);
    await wb.screenshot('9-inline-billing-support');
    await wb.collapseTreeRow('Agents', 'Billing Support');
  });

  step('Show Diff opens the locked and the current shape in a diff editor', async ({ wb }) => {
    await wb.expandTreeRow('Agents', 'Order Desk');
    const row = wb.treeRow('Agents', 'lookup_invoice').first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Show Diff"]').click();
    await wb.waitActiveTab('lookup_invoice: locked ↔ current');
    const diff = wb.page.locator('.editor-instance .monaco-diff-editor').first();
    await diff.waitFor();
    const sides = async () => ({
      left: (await diff.locator('.editor.original .view-lines').innerText()).replace(/\u00a0/g, ' '),
      right: (await diff.locator('.editor.modified .view-lines').innerText()).replace(/\u00a0/g, ' '),
    });
    const s = await until('both sides of the diff', async () => {
      const x = await sides();
      // Each side fills on its own: wait for both (the left one can still be empty when the right has rendered).
      return x.right.includes('X-Api-Version') && x.left.includes('name:') ? x : undefined;
    });
    assert.doesNotMatch(s.left, /X-Api-Version/);
    assert.match(s.left, /name: amount\b/);
    assert.match(s.right, /name: amount_due/);
    await wb.collapseTreeRow('Agents', 'Order Desk');
  });

  step('Re-link from the view applies the quick fix it picks', async ({ wb }) => {
    await wb.expandTreeRow('Agents', 'Billing Support');
    const row = wb.treeRow('Agents', 'billing-api/refund_payment').first();
    await row.hover();
    await row.locator('.actions .action-label[aria-label="Re-link…"]').click();
    await wb.waitQuickInput('Re-link billing-api/refund_payment');
    await wb.pick("Re-link to 'payments-api/refund_payment'");
    await until('the binding ok in the view', async () => {
      const rows = await wb.treeRows('Agents');
      return rows.some((r) => r.label === 'refund_payment' && r.description === 'payments-api/refund_payment' && r.icon === 'codicon-pass');
    });
    await until('the badge counting one binding', async () => (await badge(wb)) === '1', 15_000);
    await wb.collapseTreeRow('Agents', 'Billing Support');
  });

  step('the Secrets view lists each declared secret per environment; Set Secret inline stores one', async ({ wb }) => {
    await wb.page.locator('.sidebar .pane-header[aria-label="Secrets Section"]').click();
    await until('the declared secrets', async () => (await wb.treeRows('Secrets')).some((r) => r.label === 'BILLING_API_TOKEN'), 15_000);
    await wb.expandTreeRow('Secrets', 'BILLING_API_TOKEN');
    const envRows = async () => (await wb.treeRows('Secrets')).filter((r) => r.level === 2).map((r) => `${r.label} | ${r.description}`);
    assert.deepEqual(await until('the environments', async () => ((await envRows()).length === 3 ? envRows() : undefined)), [
      'development | missing',
      'staging | missing',
      'production | missing',
    ]);
    assert.deepEqual(await inlineButtons(wb, 'Secrets', 'development'), ['Set Secret']);
    await wb.treeRow('Secrets', 'development').first().locator('.actions .action-label[aria-label="Set Secret"]').click();
    assert.equal(await wb.answerInput('Value of BILLING_API_TOKEN for development', SECRET_VALUE), 'password');
    await until('development set', async () => (await envRows())[0] === 'development | set');
    assert.deepEqual(await inlineButtons(wb, 'Secrets', 'development'), ['Set Secret', 'Clear Secret']);
    await wb.screenshot('9-secrets-view');
    assert.ok(!(await wb.screenText()).includes(SECRET_VALUE), 'the secret value is never on screen');
  });

  step('a restore preview opens as a diff with a Restore button that writes the old version', async ({ wb, file }) => {
    await wb.openFile(ORDER_DESK);
    await wb.command('Stellar Kit: Preview Restore of Agent…');
    await wb.waitQuickInput('Restore which version of');
    await wb.pick(v1.slice(0, 8));
    await wb.waitActiveTab(`order-desk.agent.yaml @ ${v1.slice(0, 8)} ↔ working copy`);
    const restore = wb.page.locator('.editor-actions .action-label[aria-label="Restore This Version"]').first();
    await restore.waitFor();
    await until(
      'the notification summing up',
      async () =>
        (await wb.screenText()).includes(`Restore order-desk.agent.yaml @ ${v1.slice(0, 8)}`) ||
        (await wb.screenText()).includes('Shared actions keep their current shapes'),
    );
    await wb.screenshot('9-restore-diff');
    assert.match(readFileSync(file(ORDER_DESK), 'utf8'), /# v2: reviewed/);
    await restore.click();
    await until('the agent restored on disk', () => readFileSync(file(ORDER_DESK), 'utf8') === v1Text, 15_000);
    // The other agent's unsaved re-link is not touched by restoring order-desk.
    assert.doesNotMatch(readFileSync(file(BILLING_SUPPORT), 'utf8'), /link: payments-api\/refund_payment/);
  });
});
