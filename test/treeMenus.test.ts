// package.json's inline menus against the context values the views give their rows (client/src/trees/items.ts):
// each row kind gets exactly the inline buttons it should, and Run shows where Run Action can run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { agentActionContext, isRunnable, secretEnvContext, slotContext } from '../client/src/trees/items';
import type { AgentActionNode } from '../server/src/protocol';

const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '..', 'package.json'), 'utf8'));
type MenuItem = { command: string; when?: string; group?: string };

/** The few when-clause forms the view menus use: `a || b`, `x && y`, `view == V`, `viewItem == X`, `viewItem =~ /re/`; other keys hold. */
function holds(when: string | undefined, ctx: { view: string; viewItem: string }): boolean {
  if (!when) return true;
  return when.split('||').some((alt) =>
    alt.split('&&').every((term) => {
      const t = term.trim();
      let m = /^(view|viewItem) == (\S+)$/.exec(t);
      if (m) return ctx[m[1] as 'view' | 'viewItem'] === m[2];
      m = /^viewItem =~ \/(.*)\/$/.exec(t);
      if (m) return new RegExp(m[1]).test(ctx.viewItem);
      return true; // isWorkspaceTrusted and the like
    }),
  );
}

const inline = (view: string, viewItem: string): string[] =>
  (pkg.contributes.menus['view/item/context'] as MenuItem[])
    .filter((m) => m.group?.startsWith('inline') && holds(m.when, { view, viewItem }))
    .sort((a, b) => Number(a.group!.split('@')[1] ?? 0) - Number(b.group!.split('@')[1] ?? 0))
    .map((m) => m.command.replace('stellarKit.', ''));

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };
const binding = (status: AgentActionNode['status']): AgentActionNode => ({ index: 0, name: 'x', uri: '', range, link: 'a/x', status });
const own = (type: string): AgentActionNode => ({ index: 0, name: 'x', uri: '', range, type });

describe('inline buttons of the views', () => {
  it('the Agents view: Run where it can run, Re-link on broken bindings, Show Diff and Accept on changed ones', () => {
    const rows: [AgentActionNode, string[]][] = [
      [binding('ok'), ['runAction']],
      [binding('shapeChanged'), ['runAction', 'showShapeDiff', 'acceptShape']],
      [binding('notLocked'), ['runAction', 'acceptShape']],
      [binding('broken'), ['relink']],
      [binding('tool'), ['runAction']],
      [own('api-call'), ['runAction']],
      [own('send-text-message'), ['runAction']],
      [own('handover'), []],
      [own('end-call'), []],
    ];
    for (const [node, expected] of rows) {
      const ctx = agentActionContext(node);
      assert.deepEqual(inline('stellarKit.agents', ctx), expected, ctx);
      assert.equal(inline('stellarKit.agents', ctx).includes('runAction'), isRunnable(node), `Run on ${ctx}`);
    }
    assert.deepEqual(inline('stellarKit.agents', 'agent'), []);
  });

  it('the Integrations view: Set Secret on a slot whose secrets are not all set; the Secrets view: Set and Clear', () => {
    const slot = { env: 'development', configured: true, secrets: ['A'] };
    assert.deepEqual(inline('stellarKit.integrations', slotContext(slot, ['A'])), ['setSecret']);
    assert.deepEqual(inline('stellarKit.integrations', slotContext(slot, [])), []);
    assert.deepEqual(inline('stellarKit.integrations', slotContext({ ...slot, configured: false }, [])), []);
    assert.deepEqual(inline('stellarKit.secrets', 'secret'), ['setSecret']);
    assert.deepEqual(inline('stellarKit.secrets', secretEnvContext(false)), ['setSecret']);
    assert.deepEqual(inline('stellarKit.secrets', secretEnvContext(true)), ['setSecret', 'clearSecret']);
    // Not on another view's rows of the same name.
    assert.deepEqual(inline('stellarKit.agents', 'secret.set'), []);
  });

  it('every inline command has a codicon; the view-only commands are hidden from the palette', () => {
    const commands = new Map((pkg.contributes.commands as { command: string; icon?: string }[]).map((c) => [c.command, c]));
    for (const m of pkg.contributes.menus['view/item/context'] as MenuItem[]) {
      if (m.group?.startsWith('inline')) assert.match(commands.get(m.command)?.icon ?? '', /^\$\([a-z-]+\)$/, m.command);
    }
    const hidden = (pkg.contributes.menus.commandPalette as MenuItem[]).filter((m) => m.when === 'false').map((m) => m.command);
    for (const c of ['stellarKit.showShapeDiff', 'stellarKit.relink', 'stellarKit.restoreVersion']) assert.ok(hidden.includes(c), c);
    assert.deepEqual(pkg.contributes.menus['editor/title'], [
      { command: 'stellarKit.restoreVersion', when: 'resourceScheme == stellar-kit-restore', group: 'navigation' },
    ]);
  });
});
