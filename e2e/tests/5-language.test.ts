// Scenario 5: completion offers `link:` targets, hover shows the shared action's shape, go to definition opens
// the action file.
import { strict as assert } from 'node:assert';
import { BILLING_SUPPORT, EXAMPLE_FINDINGS, ORDER_DESK } from '../lib/example';
import { scenario } from '../lib/session';
import { until } from '../lib/until';
import { problemKey } from '../lib/workbench';
import { lineOf } from '../lib/workspace';

scenario('5', 'Completion, hover and go to definition on a link', {}, (step) => {
  step('completion offers the link targets', async ({ wb, openAt }) => {
    await wb.waitProblems('the initial findings', (ps) => ps.length === 2, 60_000);
    await openAt(ORDER_DESK, 'link: payments-api/refund_payment', 11);
    await wb.page.keyboard.press('Shift+End');
    await wb.page.keyboard.press('Delete');
    const all = await wb.suggestions((l) => l.length >= 10);
    // Shared actions of every custom-api integration and the MCP server's discovered tools; never the moved
    // billing-api/refund_payment. (The widget renders the first dozen; the rest are further down.)
    for (const target of ['billing-api/cancel_subscription', 'crm-api/lookup_customer', 'helpdesk-mcp/search_articles', 'payments-api/refund_payment']) {
      assert.ok(all.includes(target), `completion offers ${target}: ${JSON.stringify(all)}`);
    }
    assert.ok(!all.includes('billing-api/refund_payment'), 'the moved action is not offered');
    await wb.page.keyboard.type('payments');
    const filtered = await until('the suggestions filtered to payments-api', async () => {
      const labels = await wb.suggestWidget.locator('.monaco-list-row .label-name').allInnerTexts();
      return labels.length > 0 && labels.every((l) => l.startsWith('payments-api/')) && labels;
    });
    assert.deepEqual([...filtered].sort(), ['payments-api/get_payment_status', 'payments-api/refund_payment']);
    await until(
      'payments-api/refund_payment focused',
      async () => {
        const focused = (
          await wb.suggestWidget
            .locator('.monaco-list-row.focused .label-name')
            .innerText()
            .catch(() => '')
        ).trim();
        if (focused === 'payments-api/refund_payment') return true;
        await wb.page.keyboard.press('ArrowDown');
        return false;
      },
      5000,
      50,
    );
    await wb.page.keyboard.press('Enter');
    await wb.suggestWidget.waitFor({ state: 'hidden' });
    assert.match(await wb.visibleEditorText(), /- link: payments-api\/refund_payment\n/);
    const ps = await wb.settledProblems(1000);
    assert.deepEqual(ps.map(problemKey).sort(), EXAMPLE_FINDINGS, 'the completed link is valid');
  });

  step('hover shows the shared action shape', async ({ wb, openAt }) => {
    // billing-support links lookup_invoice with an up-to-date lock: the hover is the shape alone.
    await openAt(BILLING_SUPPORT, 'link: billing-api/lookup_invoice', 15);
    const text = await wb.hoverAtCursor((t) => t.includes('Output variables'));
    assert.match(text, /Shared action billing-api\/lookup_invoice/);
    assert.match(text, /Look up an invoice by its number/);
    assert.match(text, /GET \/invoices\/lookup/);
    assert.match(text, /X-Api-Version: 2026-09-01/);
    assert.match(text, /invoice_status ← \$\.invoice\.status/);
    assert.match(text, /amount_due ← \$\.invoice\.amount_due/);
    assert.doesNotMatch(text, /Changed since the lock/);
  });

  step('go to definition opens the action file', async ({ wb, file }) => {
    await wb.page.keyboard.press('Escape');
    await wb.goTo(lineOf(file(BILLING_SUPPORT), 'link: billing-api/lookup_invoice'), 15);
    await wb.command('Go to Definition');
    await wb.waitActiveTab('lookup_invoice.action.yaml');
    assert.match(await wb.visibleEditorText(), /integration: billing-api\nname: lookup_invoice\n/);
    assert.match(await wb.page.locator('.breadcrumbs-control').innerText(), /integrations.*billing-api.*actions.*lookup_invoice\.action\.yaml/s);
  });
});
