// The extension's package: what goes into which bundle (esbuild's metafiles dist/*.meta.json, written by
// `npm run build`), the runner bundle working on its own, and the .vsix itself (packaged by the real
// @vscode/vsce): the files the
// extension loads and nothing else, within the size budget.
import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as Runner from '../client/src/run/runner';
import { Secrets } from '../client/src/secrets';
import { runPlanInfo } from '../server/src/service/runInfo';
import { agentsTree } from '../server/src/service/trees';
import { FakeUi, memoryStore } from './run/fakeUi';
import { AGENT_URI, json, serve, workspace, type TestServer } from './run/helpers';

const ROOT = path.resolve(__dirname, '..');
/** 1 MB read the strict way: 1,000,000 bytes (docs/format.md, "The package"). */
const VSIX_BUDGET = 1_000_000;
const EXPECTED_FILES = [
  'LICENSE.txt',
  'dist/analysis-worker.js',
  'dist/client.js',
  'dist/runner.js',
  'dist/server.js',
  'media/runPanel.css',
  'media/runPanel.js',
  // Open the Example copies it from the extension.
  ...readdirSync(path.join(ROOT, 'examples', 'acme-support'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/')),
  'media/icon.png',
  ...readdirSync(path.join(ROOT, 'media', 'walkthrough')).map((f) => `media/walkthrough/${f}`),
  'package.json',
  'readme.md',
  'schemas/action.schema.json',
  'schemas/agent-lock.schema.json',
  'schemas/agent.schema.json',
  'schemas/auth.schema.json',
  'schemas/integration.schema.json',
  'schemas/response-shape.schema.json',
  'schemas/tools-lock.schema.json',
  'schemas/workspace.schema.json',
  'snippets/stellar.code-snippets',
  'syntaxes/language-configuration.json',
  'syntaxes/stellar-injection.tmLanguage.json',
  'syntaxes/stellar.tmLanguage.json',
];

interface Metafile {
  inputs: Record<string, unknown>;
  outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; external?: boolean }[] }>;
}

function meta(name: string): { inputs: string[]; imports: string[] } {
  const m = JSON.parse(readFileSync(path.join(ROOT, 'dist', `${name}.meta.json`), 'utf8')) as Metafile;
  const out = Object.entries(m.outputs).find(([file]) => file.endsWith('.js'))![1];
  return { inputs: Object.keys(out.inputs), imports: out.imports.map((i) => i.path) };
}

/** The names in a zip's central directory (no third-party unzip needed: the format is fixed). */
function zipNames(buf: Buffer): string[] {
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  assert.ok(eocd >= 0, 'the .vsix is a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let i = 0; i < count; i++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'a central directory entry');
    const nameLength = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    names.push(buf.subarray(at + 46, at + 46 + nameLength).toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return names;
}

describe('bundles', () => {
  it('the runner bundle carries no rule, no analysis and no schema validator of the core (its one entry point is tree-shaken)', () => {
    const m = JSON.parse(readFileSync(path.join(ROOT, 'dist', 'runner.meta.json'), 'utf8')) as {
      outputs: Record<string, { inputs: Record<string, { bytesInOutput: number }> }>;
    };
    const out = Object.entries(m.outputs).find(([file]) => file.endsWith('.js'))![1];
    const carried = Object.entries(out.inputs)
      .filter(([, v]) => v.bytesInOutput > 0)
      .map(([k]) => k);
    assert.ok(carried.includes('server/src/service/run/plan.ts'), 'the run plans are in the runner');
    const heavy = carried.filter((i) => /server\/src\/(service\/(rules\/|analyze\.ts|schemaCheck\.ts|workspace\.ts)|generated\/)/.test(i));
    assert.deepEqual(heavy, []);
  });

  it('the client bundle holds neither undici nor the runner, and requires no module but vscode', () => {
    const client = meta('client');
    const leaked = client.inputs.filter(
      (i) =>
        /node_modules\/(undici|ajv|yaml)\//.test(i) ||
        i.startsWith('server/src/runner/') ||
        /client\/src\/run\/(flow|discover|toolFlow|collect|textMessage|runner|panel\/(session|form|view|history))\.ts$/.test(i),
    );
    assert.deepEqual(leaked, [], 'modules only runs need, bundled into dist/client.js');
    assert.ok(client.inputs.includes('client/src/run/loadRunner.ts'), 'the client loads the runner through loadRunner.ts');
    const other = client.imports.filter((i) => i !== 'vscode' && !builtinModules.includes(i.replace(/^node:/, '')));
    assert.deepEqual(other, [], 'dist/client.js requires only vscode and Node built-ins at load');
    assert.match(
      readFileSync(path.join(ROOT, 'dist', 'client.js'), 'utf8'),
      /require\([^)]*asAbsolutePath\([^)]*\)\)/,
      'the runner is required through a computed path',
    );
  });

  it('the runner bundle holds undici, the run and discovery flows, and leaves vscode out', () => {
    const runner = meta('runner');
    for (const want of [
      'node_modules/undici/',
      'server/src/runner/send.ts',
      'server/src/runner/mcp.ts',
      'client/src/run/flow.ts',
      'client/src/run/discover.ts',
    ]) {
      assert.ok(
        runner.inputs.some((i) => i.includes(want)),
        `dist/runner.js includes ${want}`,
      );
    }
    assert.ok(!runner.imports.includes('vscode'), 'the runner is editor-free: it runs in plain Node');
  });
});

describe('the runner bundle on its own', () => {
  let server: TestServer;
  before(async () => {
    server = await serve((req, res) => json(res, 200, { status: 'paid', auth: req.headers.authorization }));
  });
  after(() => server.close());

  it('dist/runner.js loads in plain Node and runs an action against a real server', async () => {
    const runner = createRequire(__filename)(path.join(ROOT, 'dist', 'runner.js')) as typeof Runner;
    assert.equal(typeof runner.runActionFlow, 'function');
    assert.equal(typeof runner.discoverToolsFlow, 'function');
    assert.equal(typeof new runner.TokenCache().clear, 'function');
    const index = workspace({
      'stellar.yaml': 'secrets:\n  TOKEN: t\n',
      'api.integration.yaml': `kind: custom-api\nname: API\nenvironments:\n  development: { baseUrl: "${server.url}", auth: cred }\n`,
      'cred.auth.yaml': 'type: bearer\nname: T\nenvironments:\n  development: { token: { secret: TOKEN } }\n',
      'lookup.action.yaml':
        'integration: api\nname: lookup\ndescription: Look up\nmethod: GET\npath: /items\noutputVariables:\n  - { name: status, path: $.status }\n',
      'agent.agent.yaml':
        'name: Agent\nstatus: active\nactions:\n  - link: api/lookup\n    parameters: { type: object, properties: { q: { type: string } }, required: [q] }\n',
    });
    const ui = new FakeUi();
    ui.inputs = ['INV-1', 'tok-canary-1234'];
    const logs: string[] = [];
    const r = await runner.runActionFlow(
      {
        ui,
        secrets: new Secrets(memoryStore()),
        isTrusted: () => true,
        log: (l) => logs.push(l),
        send: { limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000 } },
        server: { agents: async () => agentsTree(index), runPlan: async (p) => runPlanInfo(index, p) },
      },
      { agentUri: AGENT_URI, actionIndex: 0, environment: 'development' },
    );
    assert.equal(r.kind, 'sent', JSON.stringify(r));
    assert.equal(server.seen.at(-1)?.url, '/items?q=INV-1');
    assert.equal(server.seen.at(-1)?.headers.authorization, 'Bearer tok-canary-1234');
    assert.ok(r.kind === 'sent' && r.text.includes('status = "paid"'));
    assert.ok(![...logs, r.kind === 'sent' ? r.text : ''].some((l) => l.includes('tok-canary-1234')), 'the secret is masked');
  });
});

describe('the .vsix', () => {
  const dir = path.join(ROOT, 'test', '.tmp', 'package');
  const vsix = path.join(dir, 'stellar-kit.vsix');
  before(() => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const vsce = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');
    const r = spawnSync(process.execPath, [vsce, 'package', '--no-dependencies', '--no-rewrite-relative-links', '-o', vsix], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `vsce package failed: ${r.stderr}${r.stdout}`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds exactly the files the extension loads: no source maps, no CLI, no metafiles', () => {
    const names = zipNames(readFileSync(vsix))
      .filter((n) => n.startsWith('extension/'))
      .map((n) => n.slice('extension/'.length))
      .sort();
    assert.deepEqual(names, [...EXPECTED_FILES].sort());
  });

  it(`is at most ${VSIX_BUDGET} bytes`, () => {
    const size = statSync(vsix).size;
    assert.ok(size <= VSIX_BUDGET, `stellar-kit.vsix is ${size} bytes, over the budget of ${VSIX_BUDGET}`);
  });

  it('names in package.json only files it ships', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const named = [
      pkg.main,
      ...pkg.contributes.grammars.map((g: { path: string }) => g.path),
      ...pkg.contributes.languages.map((l: { configuration: string }) => l.configuration),
      ...pkg.contributes.yamlValidation.map((y: { url: string }) => y.url),
      pkg.icon,
      ...pkg.contributes.snippets.map((s: { path: string }) => s.path),
      ...pkg.contributes.walkthroughs.flatMap((w: { steps: { media: { markdown: string } }[] }) => w.steps.map((s) => s.media.markdown)),
    ].map((p: string) => p.replace(/^\.\//, ''));
    assert.deepEqual(
      named.filter((p) => !EXPECTED_FILES.includes(p)),
      [],
    );
  });
});

describe('package.json contributes', () => {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const c = pkg.contributes;
  const declared = new Set<string>(c.commands.map((x: { command: string }) => x.command));
  const clientSource = readdirSync(path.join(ROOT, 'client', 'src'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => readFileSync(path.join(e.parentPath, e.name), 'utf8'))
    .join('\n');
  /** `command:x` links of markdown (viewsWelcome, walkthrough steps), with their arguments. */
  const links = (text: string) => [...text.matchAll(/\(command:([\w.]+)(\?[^)]*)?\)/g)].map((m) => ({ command: m[1], args: m[2] }));
  const BUILT_IN = new Set(['workbench.action.openWalkthrough']);

  it('every command a menu names is declared, and every declared command is registered by the client', () => {
    const named = Object.values(c.menus as Record<string, { command?: string }[]>).flatMap((items) => items.flatMap((i) => (i.command ? [i.command] : [])));
    assert.deepEqual(
      named.filter((n) => !declared.has(n)),
      [],
    );
    assert.deepEqual(
      [...declared].filter((d) => !clientSource.includes(`'${d}'`)),
      [],
      'declared but never registered',
    );
  });

  it("every command the welcome views and the walkthrough name is declared; Get Started opens this extension's walkthrough", () => {
    const texts = [
      ...c.viewsWelcome.map((v: { contents: string }) => v.contents),
      ...c.walkthroughs.flatMap((w: { steps: { description: string }[] }) => w.steps.map((s) => s.description)),
    ];
    const used = texts.flatMap(links);
    assert.deepEqual(
      used.filter((u) => !declared.has(u.command) && !BUILT_IN.has(u.command)),
      [],
    );
    const events = c.walkthroughs.flatMap((w: { steps: { completionEvents: string[] }[] }) => w.steps.flatMap((s) => s.completionEvents));
    assert.deepEqual(
      events.filter((e: string) => !e.startsWith('onCommand:') || !declared.has(e.slice('onCommand:'.length))),
      [],
    );
    const walkthrough = used.find((u) => u.command === 'workbench.action.openWalkthrough');
    assert.ok(walkthrough?.args, 'a Get Started button');
    assert.deepEqual(JSON.parse(decodeURIComponent(walkthrough.args.slice(1))), [`${pkg.publisher}.${pkg.name}#${c.walkthroughs[0].id}`, false]);
    assert.equal(c.walkthroughs[0].steps.length, 4);
  });

  it('the welcome views show on the context key the client sets, on both views (the Secrets view whenever it is empty)', () => {
    assert.deepEqual(
      c.viewsWelcome.map((v: { view: string; when?: string }) => `${v.view} ${v.when ?? '(empty)'}`),
      ['stellarKit.secrets (empty)', 'stellarKit.integrations stellarKit.empty', 'stellarKit.agents stellarKit.empty'],
    );
    assert.ok(clientSource.includes("'setContext', 'stellarKit.empty'"));
  });

  it("the new-file commands are in the palette (category Stellar Kit), the New File menu and the views' title bars", () => {
    const NEW = ['stellarKit.newIntegration', 'stellarKit.newSharedAction', 'stellarKit.newAuthConnector', 'stellarKit.newAgent'];
    for (const n of NEW) assert.equal(c.commands.find((x: { command: string }) => x.command === n).category, 'Stellar Kit');
    assert.deepEqual(
      c.menus['file/newFile'].map((m: { command: string }) => m.command),
      NEW,
    );
    const titles = c.menus['view/title']
      .filter((m: { group: string }) => m.group.startsWith('navigation'))
      .map((m: { command: string; when: string }) => `${m.command} ${m.when}`);
    assert.ok(titles.includes('stellarKit.newIntegration view == stellarKit.integrations'));
    assert.ok(titles.includes('stellarKit.newAgent view == stellarKit.agents'));
  });
});
