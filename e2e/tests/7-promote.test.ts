// Scenario 7: an agent's api-call promoted to a shared action with the refactoring the lightbulb menu offers:
// the entry becomes a binding, the shared action file appears beside the integration, the lock is saved at once.
import { strict as assert } from 'node:assert';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { scenario } from '../lib/session';
import { until } from '../lib/until';

const TRIAGE = 'agents/helpdesk-triage.agent.yaml';
const STATUS_PAGE = 'integrations/status-page/status-page.integration.yaml';
const PROMOTED = 'integrations/status-page/check_outage.action.yaml';

scenario(
  '7',
  'Promoting an api-call to a shared action',
  {
    // A custom-api integration whose base URL prefixes the api-call's url, with the same auth connector and the slots of
    // the agent's other integrations (crm-api has no staging slot: SK031 otherwise).
    prepare: (dir) => {
      mkdirSync(path.join(dir, path.dirname(STATUS_PAGE)), { recursive: true });
      writeFileSync(
        path.join(dir, STATUS_PAGE),
        'kind: custom-api\nname: Status page\nenvironments:\n' +
          ['development', 'production'].map((env) => `  ${env}:\n    baseUrl: https://status.acme.example/api/v2\n    auth: statuspage-key\n`).join(''),
      );
    },
  },
  (step) => {
    step(
      'the lightbulb menu offers "Promote to shared action of \'status-page\'" on the api-call, and applying it rewrites the entry',
      async ({ wb, openAt }) => {
        await wb.waitProblems('the initial findings', (ps) => ps.length >= 2, 60_000);
        await openAt(TRIAGE, 'name: check_outage', 5);
        const offered = await wb.applyQuickFix("Promote to shared action of 'status-page'");
        assert.ok(!offered.some((t) => t.includes("'billing-api'")), `only the integration whose base URL prefixes the url: ${offered.join(', ')}`);
        await until('the entry to become a binding', async () => /- link: status-page\/check_outage/.test(await wb.visibleEditorText()), 10_000);
      },
    );

    step('saved, the shared action file holds the moved fields, the lock the new binding, and no finding is new', async ({ wb, file }) => {
      await wb.command('File: Save All Files');
      const action = await until(
        'the shared action file on disk',
        () => existsSync(file(PROMOTED)) && readFileSync(file(PROMOTED), 'utf8').includes('path:') && readFileSync(file(PROMOTED), 'utf8'),
        10_000,
      );
      assert.match(action, /^integration: status-page\nname: check_outage\n/);
      assert.match(action, /path: \/incidents\/unresolved\n/);
      const lock = await until(
        'the lock with the new binding',
        () => {
          const p = file('agents/helpdesk-triage.agent.lock.yaml');
          return existsSync(p) && readFileSync(p, 'utf8').includes('status-page/check_outage:') && readFileSync(p, 'utf8');
        },
        10_000,
      );
      assert.match(lock, /path: \/incidents\/unresolved/);
      assert.match(readFileSync(file(TRIAGE), 'utf8'), /- link: status-page\/check_outage\n/);
      const ps = await wb.settledProblems();
      assert.ok(!ps.some((p) => p.file.includes('helpdesk-triage') || p.file.includes('status-page')), JSON.stringify(ps));
    });
  },
);
