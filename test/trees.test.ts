// Tree data for the side bar, from the example workspace (with its two deliberate problems).
import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { loadFolder } from '../server/src/node/loadFolder';
import { runPlanInfo } from '../server/src/service/runInfo';
import { agentsTree, integrationsTree, type AgentNode, type IntegrationNode } from '../server/src/service/trees';
import { summariesOf } from '../server/src/service/features/queries';
import { WorkspaceIndex } from '../server/src/service/workspace';

const example = path.resolve(__dirname, '..', 'examples', 'acme-support');

describe('tree data', () => {
  let index: WorkspaceIndex;
  let integrations: IntegrationNode[];
  let agents: AgentNode[];
  before(async () => {
    index = (await loadFolder(example)).index;
    integrations = integrationsTree(index);
    agents = agentsTree(index);
  });

  it('lists every integration with its kind, slots, shared actions and tools', () => {
    assert.deepEqual(
      integrations.map((i) => `${i.id}:${i.kind}`),
      ['billing-api:custom-api', 'crm-api:custom-api', 'helpdesk-mcp:mcp-server', 'payments-api:custom-api', 'sms:messaging-channel'],
    );
    const billing = integrations.find((i) => i.id === 'billing-api')!;
    assert.equal(billing.actions.length, 4);
    assert.deepEqual(
      billing.slots.map((s) => s.env),
      ['development', 'staging', 'production'],
    );
    assert.ok(billing.slots.every((s) => s.configured && s.auth === 'billing-token' && s.secrets.includes('BILLING_API_TOKEN')));
    const lookup = billing.actions.find((a) => a.fullId === 'billing-api/lookup_invoice')!;
    assert.equal(lookup.linkedBy, 2);
    assert.equal(lookup.method, 'GET');
    const crm = integrations.find((i) => i.id === 'crm-api')!;
    assert.deepEqual(
      crm.slots.filter((s) => !s.configured).map((s) => s.env),
      ['staging'],
    );
    const mcp = integrations.find((i) => i.id === 'helpdesk-mcp')!;
    assert.equal(mcp.tools?.length, 3);
    assert.deepEqual(mcp.slots, []);
    assert.equal(
      integrations.reduce((n, i) => n + i.actions.length, 0),
      10,
    );
  });

  it('gives each binding its status: the moved action is broken, the changed shape is shapeChanged', () => {
    assert.deepEqual(
      agents.map((a) => `${a.id}:${a.status}`),
      ['billing-support:active', 'helpdesk-triage:active', 'order-desk:active', 'winback-offers:inactive'],
    );
    const statuses = agents.flatMap((a) =>
      a.actions.filter((x) => x.status && x.status !== 'ok' && x.status !== 'tool').map((x) => `${a.id}/${x.link}:${x.status}`),
    );
    assert.deepEqual(statuses, ['billing-support/billing-api/refund_payment:broken', 'order-desk/billing-api/lookup_invoice:shapeChanged']);
    const broken = agents[0].actions.find((x) => x.status === 'broken')!;
    assert.match(broken.message!, /moved to 'payments-api\/refund_payment'/);
    const changed = agents.find((a) => a.id === 'order-desk')!.actions.find((x) => x.status === 'shapeChanged')!;
    assert.match(changed.message!, /X-Api-Version/);
    const tools = agents.flatMap((a) => a.actions.filter((x) => x.status === 'tool'));
    assert.equal(tools.length, 3);
    const specific = agents.flatMap((a) => a.actions.filter((x) => x.type));
    assert.ok(specific.some((x) => x.type === 'api-call'));
    assert.ok(specific.every((x) => x.link === undefined && x.status === undefined));
  });

  it('reports a binding without lock entry as notLocked', () => {
    const uri = agents.find((a) => a.id === 'winback-offers')!.uri;
    const lockUri = uri.replace(/\.agent\.yaml$/, '.agent.lock.yaml');
    const text = index.text(lockUri)!;
    index.removeFile(lockUri);
    try {
      const w = agentsTree(index).find((a) => a.id === 'winback-offers')!;
      assert.ok(
        w.actions.filter((x) => x.link).every((x) => x.status === 'notLocked'),
        JSON.stringify(w.actions),
      );
    } finally {
      index.setFile(lockUri, text);
    }
  });

  it('plans a run only in environments the integration has a slot for', () => {
    const agent = agents.find((a) => a.id === 'helpdesk-triage')!;
    const crmBinding = agent.actions.find((x) => x.link?.startsWith('crm-api/'))!;
    const info = runPlanInfo(index, { agentUri: agent.uri, actionIndex: crmBinding.index });
    assert.deepEqual(info.environments, ['development', 'production']);
    assert.equal(info.plan, undefined);
  });
});

describe('tree data over the shared summary lists', () => {
  it('sorts its own copy: the cached lists of summariesOf stay in uri order', () => {
    const index = new WorkspaceIndex('file:///ws');
    index.setFile('file:///ws/a/zeta.integration.yaml', 'kind: mcp-server\nname: Zeta\nurl: https://zeta.example.com/mcp\n');
    index.setFile('file:///ws/b/alpha.integration.yaml', 'kind: mcp-server\nname: Alpha\nurl: https://alpha.example.com/mcp\n');
    index.setFile('file:///ws/a/zulu.agent.yaml', 'name: Zulu\nstatus: active\nactions: []\n');
    index.setFile('file:///ws/b/bravo.agent.yaml', 'name: Bravo\nstatus: active\nactions: []\n');
    assert.deepEqual(
      integrationsTree(index).map((i) => i.id),
      ['alpha', 'zeta'],
    );
    assert.deepEqual(
      agentsTree(index).map((a) => a.id),
      ['bravo', 'zulu'],
    );
    assert.deepEqual(
      summariesOf(index, 'integration').map((s) => s.id),
      ['zeta', 'alpha'],
    );
    assert.deepEqual(
      summariesOf(index, 'agent').map((s) => s.id),
      ['zulu', 'bravo'],
    );
  });
});
