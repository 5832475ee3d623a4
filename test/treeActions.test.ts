// Trees you can act from, without the VS Code API: the shape diff and the secrets list of the core, the
// views' context values, tooltips and badge, Set Secret's flow and what restoring a version writes.
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { restoreChanges, restoreSummary } from '../client/src/restore/restorePlan';
import { Secrets } from '../client/src/secrets';
import { setSecretArgsOf, setSecretFlow } from '../client/src/secretFlow';
import {
  actionTooltip,
  agentActionContext,
  agentTooltip,
  attentionBadge,
  isRelinkFix,
  isRunnable,
  md,
  secretEnvContext,
  secretRows,
  slotContext,
} from '../client/src/trees/items';
import { loadFolder } from '../server/src/node/loadFolder';
import { agentsTree, secretsTree, shapeDiff, shapeYaml, WorkspaceIndex, type AgentNode, type SecretNode } from '../server/src/service';
import { FakeUi, memoryStore } from './run/fakeUi';

const example = path.resolve(__dirname, '..', 'examples', 'acme-support');

describe('shape as YAML', () => {
  it('writes the shape fields in one order, headers and output variables sorted by name, absent fields left out', () => {
    const yaml = shapeYaml({
      outputVariables: [
        { name: 'total', path: '$.total' },
        { name: 'amount', path: '$.amount' },
      ],
      headers: { 'X-Trace': 'on', accept: 'application/json', Auth: { secret: 'TOKEN' } },
      path: '/invoices',
      method: 'GET',
      name: 'lookup',
    });
    assert.equal(
      yaml,
      [
        'name: lookup',
        'method: GET',
        'path: /invoices',
        'headers:',
        '  accept: application/json',
        '  Auth:',
        '    secret: TOKEN',
        '  X-Trace: on',
        'outputVariables:',
        '  - name: amount',
        '    path: $.amount',
        '  - name: total',
        '    path: $.total',
        '',
      ].join('\n'),
    );
    assert.equal(shapeYaml({ headers: {}, outputVariables: [] }), '{}\n');
  });

  it('the same shape written in another order gives the same text', () => {
    const a = shapeYaml({
      name: 'x',
      headers: { A: '1', B: '2' },
      outputVariables: [
        { name: 'p', path: '$.p' },
        { name: 'q', path: '$.q' },
      ],
    });
    const b = shapeYaml({
      headers: { B: '2', A: '1' },
      outputVariables: [
        { name: 'q', path: '$.q' },
        { name: 'p', path: '$.p' },
      ],
      name: 'x',
    });
    assert.equal(a, b);
  });
});

describe('the core on the example workspace', () => {
  let index: WorkspaceIndex;
  let agents: AgentNode[];
  const agentUri = (id: string) => agents.find((a) => a.id === id)!.uri;
  before(async () => {
    index = (await loadFolder(example)).index;
    agents = agentsTree(index);
  });

  it("shapeDiff: the changed binding's locked and current shape, differing exactly where SK013 says", () => {
    const r = shapeDiff(index, agentUri('order-desk'), 'billing-api/lookup_invoice');
    assert.ok(r.ok, JSON.stringify(r));
    assert.equal(r.title, 'lookup_invoice: locked ↔ current');
    assert.match(
      r.locked,
      /^name: lookup_invoice\ndescription: .*\nmethod: GET\npath: \/invoices\/lookup\nheaders:\n {2}Accept: application\/json\noutputVariables:\n/,
    );
    assert.doesNotMatch(r.locked, /X-Api-Version/);
    assert.match(r.current, /\n {2}X-Api-Version: 2026-09-01\n/);
    assert.match(r.locked, /name: amount\n/);
    assert.match(r.current, /name: amount_due\n/);
    assert.ok(r.lockUri.endsWith('order-desk.agent.lock.yaml') && r.actionUri.endsWith('lookup_invoice.action.yaml'));
    // An unchanged binding: both sides the same.
    const same = shapeDiff(index, agentUri('order-desk'), 'billing-api/list_orders');
    assert.ok(same.ok && same.locked === same.current);
  });

  it('shapeDiff says why there is nothing to compare: no such binding, a broken binding, not an agent', () => {
    const none = shapeDiff(index, agentUri('order-desk'), 'billing-api/nope');
    assert.deepEqual(none, { ok: false, error: "Agent 'order-desk' has no binding to 'billing-api/nope'." });
    const broken = shapeDiff(index, agentUri('billing-support'), 'billing-api/refund_payment');
    assert.ok(!broken.ok && /does not resolve to a shared action \(moved\): re-link the binding first/.test(broken.error), JSON.stringify(broken));
    const notAgent = shapeDiff(index, agentUri('order-desk').replace('.agent.yaml', '.agent.lock.yaml'), 'billing-api/lookup_invoice');
    assert.ok(!notAgent.ok && /is not an agent file/.test(notAgent.error));
  });

  it('secretsTree: every declared secret in stellar.yaml order, with its description and how often it is referenced', () => {
    const secrets = secretsTree(index);
    assert.deepEqual(
      secrets.slice(0, 3).map((s) => s.name),
      ['BILLING_API_TOKEN', 'PAYMENTS_CLIENT_SECRET', 'REFUND_APPROVAL_TOKEN'],
    );
    assert.equal(secrets.length, 9);
    assert.match(secrets[0].description!, /^Bearer token of the Billing API/);
    assert.ok(secrets[0].uses >= 1);
    assert.ok(secrets.every((s) => s.uri.endsWith('/stellar.yaml') && s.range.start.line > 0));
    assert.deepEqual(secretsTree(new WorkspaceIndex('file:///empty')), []);
  });

  it('agent nodes carry descriptions for their tooltips: the agent, its own actions and bindings (their shared action)', () => {
    const orderDesk = agents.find((a) => a.id === 'order-desk')!;
    const lookup = orderDesk.actions.find((x) => x.link === 'billing-api/lookup_invoice')!;
    assert.match(lookup.description!, /^Look up an invoice/);
    const own = orderDesk.actions.find((x) => x.type === 'api-call')!;
    assert.ok(own.description && own.description.length > 0);
  });

  it('the badge counts the bindings that need attention: the moved one and the changed one', () => {
    assert.deepEqual(attentionBadge(agents), { value: 2, tooltip: '2 bindings need attention' });
    assert.deepEqual(attentionBadge(agents.slice(0, 1)), { value: 1, tooltip: '1 binding needs attention' });
    assert.equal(attentionBadge([]), undefined);
  });

  it('context values: the menus can tell broken, changed, runnable and own actions apart', () => {
    const contexts = agents.flatMap((a) => a.actions.map((x) => agentActionContext(x)));
    assert.ok(contexts.includes('binding.broken') && contexts.includes('binding.shapeChanged') && contexts.includes('binding.tool'));
    assert.ok(contexts.includes('apiCall'));
    const byContext = (c: string) => agents.flatMap((a) => a.actions).find((x) => agentActionContext(x) === c)!;
    assert.equal(isRunnable(byContext('binding.broken')), false);
    assert.equal(isRunnable(byContext('binding.shapeChanged')), true);
    assert.equal(isRunnable(byContext('apiCall')), true);
    assert.equal(agentActionContext({ index: 0, name: 'bye', uri: '', range: byContext('apiCall').range, type: 'end-call' }), 'agentSpecific');
    const slot = { env: 'development', configured: true, secrets: ['A'] };
    assert.equal(slotContext(slot, ['A']), 'slot.secretMissing');
    assert.equal(slotContext(slot, []), 'slot');
    assert.equal(slotContext({ env: 'staging', configured: false, secrets: [] }, []), 'slotMissing');
    assert.equal(secretEnvContext(true), 'secret.set');
    assert.equal(secretEnvContext(false), 'secret.missing');
    assert.ok(isRelinkFix("Re-link to 'payments-api/refund_payment'"));
    assert.ok(isRelinkFix("Did you mean 'billing-api/lookup_invoice'? Re-link to it"));
    assert.ok(!isRelinkFix("Remove the binding 'billing-api/x'"));
  });

  it('tooltips: name, description, what the status means, the finding and the file; Markdown in file text is escaped', () => {
    const broken = agents.flatMap((a) => a.actions).find((x) => x.status === 'broken')!;
    const t = actionTooltip(broken, 'agents/billing-support.agent.yaml');
    assert.match(t, /^\*\*billing-api\/refund\\_payment\*\* · billing-api\/refund\\_payment\n\n\*broken\*: The shared action was deleted or moved: Re-link/);
    assert.match(t, /moved to 'payments-api\/refund\\_payment'\. Re-link it \(quick fix\)/);
    assert.ok(t.endsWith('`agents/billing-support.agent.yaml`'));
    const a = agentTooltip(
      agents.find((x) => x.id === 'order-desk')!,
      'agents/order-desk.agent.yaml',
    );
    assert.match(a, /1 binding to review\./);
    assert.equal(md('a_b *c* [d](e) <b>'), 'a\\_b \\*c\\* \\[d\\](e) \\<b\\>');
  });
});

describe('the Secrets view rows and Set Secret', () => {
  const declared: SecretNode[] = [
    {
      name: 'BILLING_API_TOKEN',
      description: 'Billing token',
      uri: 'file:///w/stellar.yaml',
      range: { start: { line: 1, character: 2 }, end: { line: 1, character: 19 } },
      uses: 1,
    },
    {
      name: 'CRM_API_PASSWORD',
      description: 'CRM password',
      uri: 'file:///w/stellar.yaml',
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 18 } },
      uses: 1,
    },
  ];

  it('lists each declared secret per environment as set or missing, reading only whether a value exists', async () => {
    const store = memoryStore();
    const secrets = new Secrets(store);
    await secrets.set('development', 'BILLING_API_TOKEN', 'tok-dev');
    const rows = await secretRows(declared, async (env, name) => !!(await secrets.get(env, name)));
    assert.deepEqual(
      rows.map((r) => `${r.secret.name}: ${r.envs.map((e) => `${e.env} ${e.set ? 'set' : 'missing'}`).join(', ')}`),
      ['BILLING_API_TOKEN: development set, staging missing, production missing', 'CRM_API_PASSWORD: development missing, staging missing, production missing'],
    );
    assert.doesNotMatch(JSON.stringify(rows), /tok-dev/);
  });

  it('from the palette: the name from the declared ones (with descriptions), the environment, then a password input', async () => {
    const store = memoryStore();
    const secrets = new Secrets(store);
    await secrets.set('staging', 'CRM_API_PASSWORD', 'old');
    const ui = new FakeUi();
    ui.picks = ['CRM_API_PASSWORD', 'staging'];
    ui.inputs = ['s3cret-value'];
    const r = await setSecretFlow({ ui, secrets, declared: async () => declared });
    assert.deepEqual(r, { env: 'staging', name: 'CRM_API_PASSWORD' });
    assert.deepEqual(ui.asked, [
      'pick Set Secret: which secret?',
      'pick Set Secret CRM_API_PASSWORD: environment',
      'password Value of CRM_API_PASSWORD for staging',
    ]);
    assert.deepEqual(
      ui.offered.get('Set Secret: which secret?')!.map((i) => `${i.label}: ${i.description}`),
      ['BILLING_API_TOKEN: Billing token', 'CRM_API_PASSWORD: CRM password'],
    );
    assert.deepEqual(
      ui.offered.get('Set Secret CRM_API_PASSWORD: environment')!.map((i) => `${i.label}: ${i.description}`),
      ['development: missing', 'staging: set (replace it)', 'production: missing'],
    );
    assert.equal(await secrets.get('staging', 'CRM_API_PASSWORD'), 's3cret-value');
    assert.deepEqual(ui.infos, ['Stored secret CRM_API_PASSWORD for staging.']);
    assert.doesNotMatch(JSON.stringify([ui.infos, ui.errors, ui.shown]), /s3cret-value/);
  });

  it('from a view: a Secrets row asks only the value; a slot offers its missing secrets in its environment', async () => {
    const secrets = new Secrets(memoryStore());
    const row = { kind: 'secretEnv', secret: declared[0], env: 'production', set: false };
    assert.deepEqual(setSecretArgsOf(row), { name: 'BILLING_API_TOKEN', env: 'production' });
    const ui = new FakeUi();
    ui.inputs = ['v1'];
    assert.deepEqual(await setSecretFlow({ ui, secrets, declared: async () => declared }, setSecretArgsOf(row)), {
      env: 'production',
      name: 'BILLING_API_TOKEN',
    });
    assert.deepEqual(ui.asked, ['password Value of BILLING_API_TOKEN for production']);

    const slot = { kind: 'slot', node: { env: 'development', configured: true, secrets: ['A', 'B'] }, missingSecrets: ['B'] };
    assert.deepEqual(setSecretArgsOf(slot), { env: 'development', names: ['B'] });
    const ui2 = new FakeUi();
    ui2.inputs = ['v2'];
    assert.deepEqual(await setSecretFlow({ ui: ui2, secrets, declared: async () => declared }, setSecretArgsOf(slot)), { env: 'development', name: 'B' });
    assert.deepEqual(ui2.asked, ['password Value of B for development']);
    assert.deepEqual(setSecretArgsOf(undefined), {});
    assert.deepEqual(setSecretArgsOf({ kind: 'secret', secret: declared[1] }), { name: 'CRM_API_PASSWORD' });
  });

  it('without declared secrets it asks for a valid name; cancelling stores nothing', async () => {
    const store = memoryStore();
    const secrets = new Secrets(store);
    const ui = new FakeUi();
    ui.inputs = ['not a name'];
    assert.equal(await setSecretFlow({ ui, secrets, declared: async () => [] }), undefined);
    assert.deepEqual(ui.asked, ['input Set Secret: name']);
    const ui2 = new FakeUi();
    ui2.picks = ['BILLING_API_TOKEN', 'development'];
    ui2.inputs = [''];
    assert.equal(await setSecretFlow({ ui: ui2, secrets, declared: async () => declared }), undefined);
    assert.equal(store.map.size, 0);
  });
});

describe('restoring a version writes the agent and its lock only', () => {
  const agent = 'file:///w/agents/support.agent.yaml';
  const lock = 'file:///w/agents/support.agent.lock.yaml';

  it('writes what differs, creates a lock that is gone, deletes one that did not exist then, and leaves equal files alone', () => {
    const files = [
      { uri: agent, rel: 'agents/support.agent.yaml', text: 'name: old\n' },
      { uri: lock, rel: 'agents/support.agent.lock.yaml', text: 'agent: support\n' },
    ];
    assert.deepEqual(
      restoreChanges(files, (u) => (u === agent ? 'name: new\n' : undefined)),
      [
        { uri: agent, rel: 'agents/support.agent.yaml', kind: 'write', text: 'name: old\n', exists: true },
        { uri: lock, rel: 'agents/support.agent.lock.yaml', kind: 'write', text: 'agent: support\n', exists: false },
      ],
    );
    assert.deepEqual(
      restoreChanges([files[0], { uri: lock, rel: 'agents/support.agent.lock.yaml' }], () => 'name: old\n'),
      [{ uri: lock, rel: 'agents/support.agent.lock.yaml', kind: 'delete' }],
    );
    assert.deepEqual(
      restoreChanges(files, (u) => (u === agent ? 'name: old\n' : 'agent: support\n')),
      [],
    );
    // Shared actions are never written, whatever the list holds.
    assert.deepEqual(
      restoreChanges([{ uri: 'file:///w/api/x.action.yaml', rel: 'api/x.action.yaml', text: 'a' }], () => 'b'),
      [],
    );
  });

  it('sums up what restoring does, with the report counts', () => {
    const changes = restoreChanges([{ uri: agent, rel: 'ws/agents/support.agent.yaml', text: 'a' }], () => 'b');
    assert.equal(
      restoreSummary('ws/agents/support.agent.yaml', '0123456789abcdef', changes, 'x\n\n1 changed, 0 deleted, 0 moved, 0 not locked, 2 unchanged.\n'),
      'Restore ws/agents/support.agent.yaml @ 01234567: restore support.agent.yaml. Shared actions keep their current shapes (1 changed, 0 deleted, 0 moved, 0 not locked, 2 unchanged)',
    );
    assert.match(restoreSummary('a', '0123456789', [], ''), /nothing to restore/);
  });
});
