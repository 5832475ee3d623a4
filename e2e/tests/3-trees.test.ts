// Scenario 3: the Integrations and Agents views show the example's entities with their statuses; clicking a
// shared action opens its file.
import { strict as assert } from 'node:assert';
import { scenario } from '../lib/session';
import { until } from '../lib/until';
import type { Workbench } from '../lib/workbench';

type Row = { label: string; description: string; level: number; icon: string };
/** A tree row as `label | description | icon`, indented by depth. */
const show = (rows: Row[]) => rows.map((r) => `${'  '.repeat(r.level - 1)}${r.label} | ${r.description} | ${r.icon.replace('codicon-', '')}`);

/**
 * Expands `parent` in `view` and waits until the rows right below it are `children`: children load lazily
 * and a view re-renders when the server says the index changed, so a first look can be partial. Collapses
 * it again afterwards, so the next parent's children fit on screen (trees render only visible rows).
 */
async function expectChildren(wb: Workbench, view: string, parent: string, children: string[]): Promise<void> {
  await wb.expandTreeRow(view, parent);
  let seen: string[] = [];
  try {
    await until(
      `the children of '${parent}' in ${view}`,
      async () => {
        const rows = show(await wb.treeRows(view));
        const at = rows.findIndex((r) => r.startsWith(`${parent} |`));
        seen = rows.slice(at + 1, at + 1 + children.length);
        return at >= 0 && JSON.stringify(seen) === JSON.stringify(children);
      },
      15_000,
    );
  } catch {
    assert.deepEqual(seen, children, `the children of '${parent}' in ${view}`);
  }
  await wb.screenshot(`3-${view.toLowerCase()}-${parent.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  await wb.collapseTreeRow(view, parent);
}

async function expectTop(wb: Workbench, view: string, expected: string[]): Promise<void> {
  let seen: string[] = [];
  try {
    await until(
      `the top level of ${view}`,
      async () => {
        seen = show(await wb.treeRows(view)).filter((r) => !r.startsWith(' '));
        return JSON.stringify(seen) === JSON.stringify(expected);
      },
      60_000,
    );
  } catch {
    assert.deepEqual(seen, expected, `the top level of ${view}`);
  }
}

scenario('3', 'The Integrations and Agents views', {}, (step) => {
  step('the Integrations view lists integrations, slots and shared actions', async ({ wb }) => {
    await wb.openViewContainer('Stellar');
    await expectTop(wb, 'Integrations', [
      'Billing API | billing-api · custom-api | globe',
      'CRM | crm-api · custom-api | globe',
      'Helpdesk | helpdesk-mcp · mcp-server | server-process',
      'Payments API | payments-api · custom-api | globe',
      'Acme SMS | sms · messaging-channel | comment',
    ]);
    await expectChildren(wb, 'Integrations', 'CRM', [
      // A fresh profile has no secret stored: each slot says its secret is not set on this machine.
      '  development | http://127.0.0.1:4010/crm · auth crm-basic · 1 of 1 secrets not set | key',
      // The CRM has no staging slot (examples/acme-support/README.md).
      '  staging | no slot | circle-slash',
      '  production | https://crm.acme.example/api · auth crm-basic · 1 of 1 secrets not set | key',
      '  create_ticket | POST /tickets · linked by 1 | symbol-method',
      '  log_interaction | POST /interactions · linked by 1 | symbol-method',
      '  lookup_customer | GET /customers/lookup · linked by 2 | symbol-method',
      '  update_contact_preferences | PATCH /customers/preferences · linked by 1 | symbol-method',
    ]);
    // The MCP server shows the tools discovered into its tools lock.
    await expectChildren(wb, 'Integrations', 'Helpdesk', ['  search_articles |  | tools', '  get_ticket_status |  | tools', '  add_ticket_comment |  | tools']);
  });

  step('the Agents view shows agents and each binding status', async ({ wb }) => {
    await expectTop(wb, 'Agents', [
      'Billing Support | billing-support · active · 1 to review | hubot',
      'Helpdesk Triage | helpdesk-triage · active | hubot',
      'Order Desk | order-desk · active · 1 to review | hubot',
      'Win-back Offers | winback-offers · inactive | circle-outline',
    ]);
    // The two deliberate findings, as statuses: the moved action is broken, the changed shape needs review.
    await expectChildren(wb, 'Agents', 'Billing Support', [
      // Locked after lookup_invoice changed: ok here.
      '  lookup_invoice | billing-api/lookup_invoice | pass',
      '  list_orders | billing-api/list_orders | pass',
      '  update_address | billing-api/update_address | pass',
      '  cancel_subscription | billing-api/cancel_subscription | pass',
      '  billing-api/refund_payment | billing-api/refund_payment · broken | error',
      '  search_articles | helpdesk-mcp/search_articles · MCP tool | tools',
    ]);
    await expectChildren(wb, 'Agents', 'Order Desk', [
      '  lookup_invoice | billing-api/lookup_invoice · shape changed | warning',
      '  list_orders | billing-api/list_orders | pass',
      '  get_payment_status | payments-api/get_payment_status | pass',
      '  refund_payment | payments-api/refund_payment | pass',
      '  schedule_callback | api-call | globe',
    ]);
  });

  step('clicking a shared action opens its file', async ({ wb }) => {
    await wb.expandTreeRow('Integrations', 'Payments API');
    await wb.treeRow('Integrations', 'refund_payment').click();
    await wb.waitActiveTab('refund_payment.action.yaml');
    assert.match(await wb.visibleEditorText(), /integration: payments-api\nname: refund_payment/);
    assert.match(await wb.page.locator('.breadcrumbs-control').innerText(), /integrations.*payments-api.*actions.*refund_payment\.action\.yaml/s);
  });
});
