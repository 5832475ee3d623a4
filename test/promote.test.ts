// `stellar-kit promote <agent>/<action> --integration <id>`: an agent's api-call becomes a shared action and
// a binding, on real files in a temp folder; `check` is clean afterwards, and every refusal writes nothing.
import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { main } from '../server/src/cli/main';
import { captured } from './run/helpers';
import { PROMOTE_FILES } from './promote/files';
import { planPromote } from '../server/src/service/promote';
import { WorkspaceIndex } from '../server/src/service/workspace';

const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-promote-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function workspace(extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(scratch, 'ws-'));
  for (const [f, text] of Object.entries({ ...PROMOTE_FILES, ...extra })) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const cli = (args: string[]) => captured((a, io) => main(a, { ...io, color: false }), args, {});

/** Every file below `dir` with its text: what a refusal must leave as it was. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out[path.relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  walk(dir);
  return out;
}

describe('stellar-kit promote', () => {
  it('writes the shared action beside the integration’s actions, turns the entry into a binding, locks it; check is clean', async () => {
    const dir = workspace();
    assert.equal((await cli(['lock', path.join(dir, 'agents/support.agent.yaml')])).code, 0);
    const r = await cli(['promote', 'support/Current_Weather', '--integration', 'weather-api', dir]);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '', 'same auth, no integration headers: no warning');
    assert.match(r.out, /Promoted 'support\/Current_Weather' to shared action 'weather-api\/current_weather':/);

    const action = parse(readFileSync(path.join(dir, 'integrations/weather-api/actions/current_weather.action.yaml'), 'utf8'));
    assert.deepEqual(action, {
      integration: 'weather-api',
      name: 'Current_Weather',
      description: 'The weather now in the caller’s city.',
      method: 'GET',
      path: '/current',
      headers: { Accept: 'application/json' },
      outputVariables: [{ name: 'temp', path: '$.current.temp' }],
    });
    const agentText = readFileSync(path.join(dir, 'agents/support.agent.yaml'), 'utf8');
    const agent = parse(agentText) as { actions: Record<string, unknown>[] };
    assert.deepEqual(agent.actions[1], {
      link: 'weather-api/current_weather',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
      phases: ['in-call'],
      maxSuccessfulCalls: 2,
      allowedStates: ['weather'],
    });
    assert.match(agentText, /# only while on the phone/, 'a comment on a kept field stays');
    assert.deepEqual(agent.actions[2], { type: 'end-call', name: 'bye', description: 'End the call.', phases: ['in-call'] });
    const lock = parse(readFileSync(path.join(dir, 'agents/support.agent.lock.yaml'), 'utf8')) as { actions: Record<string, { path?: string }> };
    assert.deepEqual(Object.keys(lock.actions).sort(), ['weather-api/current_weather', 'weather-api/forecast']);
    assert.equal(lock.actions['weather-api/current_weather'].path, '/current');

    const check = await cli(['check', dir, '--format', 'json', '--fail-on', 'information']);
    assert.deepEqual(JSON.parse(check.out), []);
    assert.equal(check.code, 0);
  });

  it('warns when the auth changes: the binding sends the slot’s auth connector, not the api-call’s own', async () => {
    const dir = workspace({
      'auth/other-token.auth.yaml': 'type: bearer\nname: Other\nenvironments:\n  production: { token: { secret: WEATHER_TOKEN } }\n',
    });
    const agent = path.join(dir, 'agents/support.agent.yaml');
    writeFileSync(agent, readFileSync(agent, 'utf8').replace('auth: weather-token', 'auth: other-token'));
    const r = await cli(['promote', 'support/Current_Weather', '--integration', 'weather-api', dir]);
    assert.equal(r.code, 0, r.err);
    assert.match(
      r.err,
      /warning: auth changes: the api-call sent auth connector 'other-token'; as a shared action it sends each slot's \(production: 'weather-token'\)/,
    );
  });

  const refusals: [string, string[], RegExp, Record<string, string>?][] = [
    [
      'the url is not under a base URL of the integration (each slot named)',
      ['support/Current_Weather', '--integration', 'other'],
      /url 'https:\/\/weather\.example\.com\/v1\/current' is not under a base URL of integration 'other' \(production https:\/\/other\.example\.com\)/,
    ],
    [
      'several base URLs prefix the url with different paths',
      ['support/Current_Weather', '--integration', 'split'],
      /under several base URLs of integration 'split' that give different paths \(development: \/v1\/current, production: \/current\)/,
    ],
    [
      'the integration is not custom-api',
      ['support/Current_Weather', '--integration', 'docs'],
      /Integration 'docs' is an MCP server; shared actions belong to custom-api integrations/,
    ],
    ['the integration does not exist', ['support/Current_Weather', '--integration', 'nope'], /Integration 'nope' does not exist/],
    [
      'the action is not an api-call',
      ['support/bye', '--integration', 'weather-api'],
      /Action 'support\/bye' is an end-call action; only an api-call can be promoted/,
    ],
    ['a binding is not an api-call', ['support/forecast', '--integration', 'weather-api'], /is a binding; only an api-call can be promoted/],
    [
      'the action id is taken',
      ['support/Current_Weather', '--integration', 'weather-api'],
      /Shared action 'weather-api\/current_weather' already exists; rename the api-call first/,
      { 'integrations/weather-api/actions/current_weather.action.yaml': 'integration: weather-api\nname: now\ndescription: Now\nmethod: GET\npath: /now\n' },
    ],
    [
      'the name is taken by another shared action of the integration',
      ['support/Current_Weather', '--integration', 'weather-api'],
      /Integration 'weather-api' already has a shared action named 'Current_Weather' \(weather_now\)/,
      {
        'integrations/weather-api/actions/weather_now.action.yaml':
          'integration: weather-api\nname: Current_Weather\ndescription: Now\nmethod: GET\npath: /now\n',
      },
    ],
  ];
  for (const [what, args, message, extra] of refusals) {
    it(`refuses, writing nothing, when ${what}`, async () => {
      const dir = workspace(extra);
      const before = snapshot(dir);
      const r = await cli(['promote', ...args, dir]);
      assert.equal(r.code, 2, r.out);
      assert.match(r.err, message);
      assert.match(r.err, /Nothing was written\.\n$/);
      assert.deepEqual(snapshot(dir), before);
    });
  }

  it('keeps the entry’s own text: comments above kept pairs stay, those above moved ones go; flow items stay flow; merge keys are refused', () => {
    const plan = (agentText: string) => {
      const index = new WorkspaceIndex('file:///ws');
      index.setFile('file:///ws/w.integration.yaml', 'kind: custom-api\nname: W\nenvironments:\n  production: { baseUrl: "https://w.example/v1" }\n');
      index.setFile('file:///ws/a.agent.yaml', agentText);
      return planPromote(index, { agentUri: 'file:///ws/a.agent.yaml', actionIndex: 0, integrationId: 'w' }, new Date(0));
    };
    const block = plan(
      'name: A\nstatus: active\nactions:\n  - type: api-call\n    name: now\n    description: d\n    # what it sends\n    headers: { Accept: application/json }\n    method: GET\n    url: https://w.example/v1/now\n    # what the AI collects\n    parameters: { type: object }  # kept as written\n    phases: [in-call] # on the phone\n  - type: end-call\n    name: bye\n    description: e\n',
    );
    assert.ok(block.ok, block.ok ? '' : block.error);
    assert.equal(
      block.plan.agent.text,
      'name: A\nstatus: active\nactions:\n  - link: w/now\n    # what the AI collects\n    parameters: { type: object }  # kept as written\n    phases: [in-call] # on the phone\n  - type: end-call\n    name: bye\n    description: e\n',
    );
    const flow = plan(
      'name: A\nstatus: active\nactions: [{ type: api-call, name: now, description: d, method: GET, url: "https://w.example/v1/now", phases: [in-call] }]\n',
    );
    assert.ok(flow.ok, flow.ok ? '' : flow.error);
    assert.equal(flow.plan.agent.text, 'name: A\nstatus: active\nactions: [{ link: w/now, phases: [ in-call ] }]\n');
    const merged = plan(
      'x-defaults:\n  d: &d { phases: [in-call] }\nname: A\nstatus: active\nactions:\n  - <<: *d\n    type: api-call\n    name: now\n    description: d\n    method: GET\n    url: https://w.example/v1/now\n',
    );
    assert.deepEqual(merged, { ok: false, error: 'Action #1 uses YAML anchors or merge keys; write its fields out in place before promoting it.' });
  });

  it('compares URLs, not texts: the host’s case does not matter, a dot segment out of the base URL is not under it', () => {
    const under = (url: string) => {
      const index = new WorkspaceIndex('file:///ws');
      index.setFile('file:///ws/w.integration.yaml', 'kind: custom-api\nname: W\nenvironments:\n  production: { baseUrl: "https://w.example/v1/" }\n');
      index.setFile(
        'file:///ws/a.agent.yaml',
        `name: A\nstatus: active\nactions:\n  - type: api-call\n    name: now\n    description: d\n    method: GET\n    url: ${url}\n`,
      );
      const r = planPromote(index, { agentUri: 'file:///ws/a.agent.yaml', actionIndex: 0, integrationId: 'w' }, new Date(0));
      return r.ok ? r.plan.action.text.match(/path: (.*)/)![1] : r.error;
    };
    assert.equal(under('https://W.Example/v1/now'), '/now');
    assert.equal(under('https://w.example/v1'), '/');
    assert.match(under('https://w.example/v1/../admin'), /is not under a base URL of integration 'w' \(production https:\/\/w\.example\/v1\/\)/);
    assert.match(under('https://w.example/v10/x'), /is not under a base URL/);
  });

  it('says how to call it when --integration is missing', async () => {
    const r = await cli(['promote', 'support/Current_Weather', workspace()]);
    assert.equal(r.code, 2);
    assert.match(r.err, /missing --integration <id>/);
  });
});
