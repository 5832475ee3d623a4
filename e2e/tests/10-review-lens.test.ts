// Scenario 10: a shared action file's code lens says how its shape differs from the base branch and how many agents
// that reaches, in a workspace that is a git repository (main holds the example; the branch rewords a description).
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scenario } from '../lib/session';
import { until } from '../lib/until';

const LOG_INTERACTION = 'integrations/crm-api/actions/log_interaction.action.yaml';
const LOOKUP_CUSTOMER = 'integrations/crm-api/actions/lookup_customer.action.yaml';

function prepare(dir: string): void {
  const git = (...a: string[]) =>
    execFileSync('git', ['-c', 'user.name=e2e', '-c', 'user.email=e2e@example.invalid', '-c', 'commit.gpgsign=false', ...a], { cwd: dir, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  git('checkout', '-q', '-b', 'reword');
  const file = path.join(dir, LOG_INTERACTION);
  writeFileSync(file, readFileSync(file, 'utf8').replace('once the call has ended', 'after the call'));
  git('commit', '-q', '-am', 'Reword log_interaction');
}

/** The code lens titles shown in the active editor. */
async function lensTitles(page: import('playwright-core').Page, has: (titles: string[]) => boolean): Promise<string[]> {
  return until('the code lenses', async () => {
    const titles = (await page.locator('.editor-instance .monaco-editor .codelens-decoration').allInnerTexts()).flatMap((t) => t.split(/\s*\|\s*/));
    return has(titles) && titles;
  });
}

scenario('10', 'The review lens on shared actions', { prepare }, (step) => {
  step('a changed shared action says what changed since main and whom it reaches', async ({ wb }) => {
    await wb.waitProblems('the first findings', (ps) => ps.length > 0, 60_000);
    await wb.openFile(LOG_INTERACTION);
    const titles = await lensTitles(wb.page, (t) => t.some((x) => x.startsWith('vs main')));
    assert.ok(titles.includes('vs main: description changed · reaches 1 agent'), JSON.stringify(titles));
    assert.ok(titles.includes('linked by 1 agent'), JSON.stringify(titles));
  });

  step('an unchanged one is the same as main', async ({ wb }) => {
    await wb.openFile(LOOKUP_CUSTOMER);
    const titles = await lensTitles(wb.page, (t) => t.some((x) => x.includes('main')));
    assert.ok(titles.includes('same as main'), JSON.stringify(titles));
  });
});
