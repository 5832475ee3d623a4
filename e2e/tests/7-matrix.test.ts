// Scenario 7: the Environment Matrix view shows whether each agent of the example can run in each environment,
// read from the webview's own DOM; the arrow keys move between cells, Enter lists a cell's reasons, a reason's
// link opens its file, and the view follows a change on disk.
import { strict as assert } from 'node:assert';
import { readFileSync, writeFileSync } from 'node:fs';
import { scenario } from '../lib/session';
import { until } from '../lib/until';

// A dark theme, unlike the other scenarios: the screenshots show the view taking the theme's colours.
scenario('7', 'The Environment Matrix view', { settings: { 'workbench.colorTheme': 'Default Dark Modern' } }, (step) => {
  step('the view marks each agent and environment', async ({ wb }) => {
    await wb.openViewContainer('Stellar');
    await wb.expandPane('Environment Matrix');
    const page = wb.webview();
    const states = async () =>
      page
        .locator('[role=gridcell]')
        .evaluateAll((cells) => cells.map((c) => `${c.getAttribute('data-agent')} ${c.getAttribute('data-env')} ${c.getAttribute('data-state')}`));
    let seen: string[] = [];
    await until(
      'the matrix of the four agents',
      async () => {
        seen = await states();
        return seen.length === 12;
      },
      60_000,
    );
    // No secret is stored in a fresh profile: ready cells are "!" (a run from here lacks a secret), never blockers.
    assert.deepEqual(seen, [
      'billing-support development blocked', // SK012: refund_payment moved
      'billing-support staging blocked',
      'billing-support production blocked',
      'helpdesk-triage development warn',
      'helpdesk-triage staging blocked', // the CRM has no staging slot
      'helpdesk-triage production warn',
      'order-desk development warn',
      'order-desk staging warn',
      'order-desk production warn',
      'winback-offers development warn',
      'winback-offers staging blocked',
      'winback-offers production warn',
    ]);
    // The page loads nothing but its own nonce'd style and script, and takes its colours from the theme.
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.match(csp ?? '', /^default-src 'none'; style-src 'nonce-[^']+'; script-src 'nonce-[^']+';/);
    const colors = await page
      .locator('body')
      .evaluate((b) => ({ theme: getComputedStyle(b).getPropertyValue('--vscode-foreground').trim(), text: getComputedStyle(b).color }));
    assert.ok(colors.theme, 'the theme variables reach the webview');
    assert.match(colors.text, /^rgba?\((\d+), (\d+), (\d+)/);
    const [r, g, b] = colors.text.match(/\d+/g)!.map(Number);
    assert.ok(r + g + b > 3 * 128, `light text on the dark theme (${colors.text})`);
    const cell = page.locator('[role=gridcell][data-agent="helpdesk-triage"][data-env="staging"]');
    assert.equal(await cell.getAttribute('aria-label'), 'helpdesk-triage in staging: not ready, 3 reasons, 3 warnings');
    assert.equal((await cell.innerText()).trim(), '✗');
    await wb.screenshot('7-matrix');
  });

  step('arrow keys move between cells and Enter lists the reasons', async ({ wb }) => {
    const page = wb.webview();
    await page.locator('[role=gridcell][data-agent="billing-support"][data-env="development"]').click();
    for (const key of ['ArrowDown', 'ArrowRight']) await wb.page.keyboard.press(key);
    const focused = async () => page.locator(':focus').evaluate((e) => `${e.getAttribute('data-agent')} ${e.getAttribute('data-env')}`);
    await until('the focus on helpdesk-triage in staging', async () => (await focused()) === 'helpdesk-triage staging');
    await wb.page.keyboard.press('Enter');
    const details = page.locator('section.details');
    await details.waitFor();
    assert.equal(await page.locator('[role=gridcell][data-agent="helpdesk-triage"][data-env="staging"]').getAttribute('aria-expanded'), 'true');
    const text = await details.innerText();
    assert.match(text, /helpdesk-triage in staging: not ready/);
    assert.match(text, /lookup_customer: Integration 'crm-api' has no staging slot \(it has development, production\)/);
    assert.match(text, /integrations\/crm-api\/crm-api\.integration\.yaml:6:1/);
    await wb.screenshot('7-matrix-reasons');
  });

  step("a reason's link opens its file", async ({ wb }) => {
    await wb.webview().locator('section.details a').first().click();
    await wb.waitActiveTab('crm-api.integration.yaml');
    await wb.screenshot('7-matrix-open-file');
  });

  step('the view follows the files: a staging slot for the CRM clears the blocker', async ({ wb, file }) => {
    const crm = file('integrations/crm-api/crm-api.integration.yaml');
    const text = readFileSync(crm, 'utf8').replace(
      '  production:\n',
      '  staging:\n    baseUrl: https://crm.staging.acme.example/api\n    auth: crm-basic\n  production:\n',
    );
    writeFileSync(crm, text);
    // crm-basic has no staging credentials: the blocker is now SK023's, on the new slot.
    const cell = wb.webview().locator('[role=gridcell][data-agent="helpdesk-triage"][data-env="staging"]');
    await until(
      'the cell to show the new reason',
      async () => /has no credentials for staging/.test(await wb.webview().locator('section.details').innerText()),
      30_000,
    );
    assert.equal(await cell.getAttribute('data-state'), 'blocked');
    await wb.screenshot('7-matrix-after-edit');
  });
});
