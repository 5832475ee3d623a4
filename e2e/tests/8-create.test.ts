// Scenario 8: creating and learning. New Shared Action from the palette writes a valid file and opens it; an
// empty folder shows the views' welcome content, Get Started opens the walkthrough, and Open the Example fills
// the folder (and the views).
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_FINDINGS } from '../lib/example';
import { scenario } from '../lib/session';
import { until } from '../lib/until';
import { problemKey, type Workbench } from '../lib/workbench';

const NEW_ACTION = 'integrations/billing-api/actions/list_refunds.action.yaml';
const WINBACK = 'agents/winback-offers.agent.yaml';

scenario('8', 'New Shared Action', {}, (step) => {
  step('New Shared Action from the palette asks its questions and opens a valid file', async ({ wb, file }) => {
    await wb.waitProblems('the initial findings', (ps) => ps.length === 2, 60_000);
    await wb.command('Stellar Kit: New Shared Action…');
    await wb.waitQuickInput('New Shared Action: integration');
    assert.deepEqual(await wb.quickPickRows(), ['billing-api, Billing API', 'crm-api, CRM', 'payments-api, Payments API']);
    await wb.pick('billing-api');
    // A taken id is refused while it is typed.
    await wb.waitQuickInput('New Shared Action: id');
    await wb.typeInQuickInput('lookup_invoice');
    await until('the taken id refused', async () => /is taken/.test(await wb.quickInput.innerText()));
    await wb.screenshot('8-1-id-taken');
    await wb.answerInput('New Shared Action: id', 'list_refunds');
    await wb.waitQuickInput('New Shared Action: method');
    await wb.pick('GET', { exact: true });
    await wb.answerInput('New Shared Action: path', '/refunds');
    await wb.waitActiveTab('list_refunds.action.yaml');
    assert.match(await wb.visibleEditorText(), /integration: billing-api\nname: list_refunds\ndescription: .*\nmethod: GET\npath: \/refunds/);
    // Saved at once, with no finding of its own.
    await until('the file on disk', async () => existsSync(file(NEW_ACTION)) && readFileSync(file(NEW_ACTION), 'utf8').includes('path: /refunds'));
    const ps = await wb.settledProblems(1500);
    assert.deepEqual(ps.map(problemKey).sort(), EXAMPLE_FINDINGS);
  });

  step('the language status item counts the files and findings, and opens the Problems panel', async ({ wb }) => {
    // The `{}` next to the language mode of a Stellar file; its hover lists the items.
    const indicator = wb.page.locator('.statusbar-item[id="status.languageStatus"]');
    await indicator.waitFor();
    await indicator.click();
    const hover = wb.page.locator('.hover-language-status');
    const text = await until(
      'the Stellar language status',
      async () => {
        const t = (await hover.allInnerTexts().catch(() => [] as string[])).join('\n');
        return /Stellar: \d+ files/.test(t) && t;
      },
      15_000,
    );
    // The example's 32 files and the new one; SK012 and SK013.
    assert.match(text, /Stellar: 33 files · 1 error · 1 warning/);
    await wb.screenshot('8-2-language-status');
    await hover.locator('a', { hasText: 'Problems' }).first().click();
    await wb.page.locator('.panel .pane-header, .panel .composite-bar').first().waitFor();
    await wb.page.keyboard.press('Escape');
  });

  step('completion on a new action item offers the kinds of action and inserts the one chosen', async ({ wb, file }) => {
    await wb.openFile(WINBACK);
    // A new item at the end of the actions list (the file's last line is empty).
    await wb.goTo(readFileSync(file(WINBACK), 'utf8').split('\n').length, 1);
    await wb.page.keyboard.type('  - ');
    // The server's kinds, and the contributed snippets (`- api-call`...), which replace the dash with a whole item.
    const kinds = await wb.suggestions((l) => l.includes('type: static-response') && l.includes('- static-response'));
    assert.deepEqual(kinds.filter((l) => !l.startsWith('- ')).slice(0, 3), ['link:', 'type: api-call', 'type: static-response']);
    await wb.screenshot('8-3-action-kinds');
    await wb.page.keyboard.type('static');
    await until(
      'type: static-response focused',
      async () => {
        const focused = (
          await wb.suggestWidget
            .locator('.monaco-list-row.focused .label-name')
            .innerText()
            .catch(() => '')
        ).trim();
        if (focused === 'type: static-response') return true;
        await wb.page.keyboard.press('ArrowDown');
        return false;
      },
      5000,
      50,
    );
    await wb.page.keyboard.press('Enter');
    await wb.suggestWidget.waitFor({ state: 'hidden' });
    await wb.page.keyboard.press('Escape'); // leaves the snippet's placeholders
    assert.match(
      await wb.visibleEditorText(),
      /\n {2}- type: static-response\n {4}name: opening_hours\n {4}description: Tell the caller when the office is open\.\n {4}response: We are open/,
    );
    const ps = await wb.settledProblems(1500);
    assert.deepEqual(ps.map(problemKey).sort(), EXAMPLE_FINDINGS, 'the inserted action is valid');
  });

  step("a contributed snippet typed after an item's dash writes the whole item", async ({ wb, file }) => {
    // The line after the inserted static-response (its four lines end the file now).
    const line = readFileSync(file(WINBACK), 'utf8').split('\n').length + 4;
    await wb.page.keyboard.press('Control+End');
    await wb.page.keyboard.press('Enter');
    await wb.goTo(line, 1);
    await wb.page.keyboard.press('Shift+End'); // the indentation Enter carried over
    await wb.page.keyboard.type('  - client');
    await wb.suggestions((l) => l.includes('- client-event'));
    await until(
      'the snippet - client-event focused',
      async () => {
        const focused = (
          await wb.suggestWidget
            .locator('.monaco-list-row.focused .label-name')
            .innerText()
            .catch(() => '')
        ).trim();
        if (focused === '- client-event') return true;
        await wb.page.keyboard.press('ArrowDown');
        return false;
      },
      5000,
      50,
    );
    await wb.screenshot('8-4-snippet');
    await wb.page.keyboard.press('Enter');
    await wb.suggestWidget.waitFor({ state: 'hidden' });
    await wb.page.keyboard.press('Escape');
    assert.match(await wb.visibleEditorText(), /\n {2}- type: client-event\n {4}name: show_order\n {4}description: .*\n {4}parameters:\n {6}type: object\n/);
    const ps = await wb.settledProblems(1500);
    assert.deepEqual(ps.map(problemKey).sort(), EXAMPLE_FINDINGS, 'the snippet is a valid action');
  });

  step('the Integrations view lists the new shared action', async ({ wb }) => {
    await wb.openViewContainer('Stellar');
    await wb.expandTreeRow('Integrations', 'Billing API');
    await until('list_refunds in the Integrations view', async () => (await wb.treeRows('Integrations')).some((r) => r.label === 'list_refunds'), 15_000);
  });
});

/** The welcome content's buttons in a view pane, by their text. */
const welcomeButtons = (wb: Workbench, view: string) => wb.pane(view).locator('.welcome-view-content .monaco-button').allInnerTexts();

scenario(
  '8b',
  'An empty folder: welcome content, the walkthrough, Open the Example',
  {
    prepare: (dir) => {
      for (const e of readdirSync(dir)) rmSync(path.join(dir, e), { recursive: true, force: true });
    },
  },
  (step) => {
    step('the views of an empty folder show what to do, as buttons', async ({ wb }) => {
      await wb.openViewContainer('Stellar');
      const integrations = await until(
        'the Integrations welcome buttons',
        async () => {
          const b = await welcomeButtons(wb, 'Integrations');
          return b.length === 3 && b;
        },
        60_000,
      );
      assert.deepEqual(integrations, ['New Integration', 'Open the Example', 'Get Started']);
      assert.deepEqual(await welcomeButtons(wb, 'Agents'), ['New Agent', 'Open the Example']);
    });

    step('Get Started opens the walkthrough', async ({ wb }) => {
      await wb.pane('Integrations').locator('.welcome-view-content .monaco-button', { hasText: 'Get Started' }).click();
      const walkthrough = wb.page.locator('.gettingStartedContainer');
      await until('the walkthrough', async () => /Get Started with Stellar Kit/.test(await walkthrough.innerText().catch(() => '')), 30_000);
      const text = await walkthrough.innerText();
      for (const s of ['Open the example', 'Set a secret', 'Run an action in development', 'Add the check to CI']) assert.ok(text.includes(s), `step '${s}'`);
    });

    step('Open the Example copies it into the empty folder and the views fill', async ({ wb, dir }) => {
      await wb.pane('Integrations').locator('.welcome-view-content .monaco-button', { hasText: 'Open the Example' }).click();
      await wb.waitQuickInput('Open the Example');
      await wb.pick('Into ');
      await wb.waitActiveTab('billing-support.agent.yaml', 30_000);
      assert.ok(existsSync(path.join(dir, 'stellar.yaml')));
      await until('the Integrations view filled', async () => (await wb.treeRows('Integrations')).some((r) => r.label === 'Billing API'), 60_000);
      const ps = await wb.waitProblems('the example findings', (p) => p.length === 2, 60_000);
      assert.deepEqual(ps.map(problemKey).sort(), EXAMPLE_FINDINGS);
    });
  },
);
