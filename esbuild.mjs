// Bundles the client, the runner, the server and the CLI into one minified file each, with source maps for
// development; `--package` (npm run package) builds them without, since the .vsix ships none.
// Each build also writes its esbuild metafile next to it, dist/<name>.meta.json (what went into which bundle:
// the dependency and package tests read them; .vscodeignore keeps them out of the .vsix).
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const pkg = process.argv.includes('--package');
// `yaml`'s browser build is the same code as its Node build minus a `process.env.LOG_TOKENS` lookup per token
// in the parser (a call into C++ each time): about a sixth of a cold check (bench/README.md).
const alias = { yaml: './node_modules/yaml/browser/index.js' };
// The core (server/src/service) has no module-level side effects that another module relies on (defining a
// rule registers nothing; analyze.ts hands the registry's list over as it loads): saying so lets esbuild drop what a
// bundle does not use of its one entry point, server/src/service/index.ts. Without it, the runner's bundle,
// which needs only the run plans, carries every rule and the schema validators.
const coreHasNoSideEffects = {
  name: 'core-has-no-side-effects',
  setup(build) {
    build.onResolve({ filter: /^\./ }, async (args) => {
      if (args.pluginData === 'inner') return undefined;
      const r = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: 'inner' });
      if (r.errors.length > 0) return { errors: r.errors };
      const p = r.path.replaceAll('\\', '/');
      const inCore = p.includes('/server/src/service/');
      return inCore ? { ...r, sideEffects: false } : r;
    });
  },
};
const common = {
  bundle: true,
  minify: true,
  sourcemap: !pkg,
  metafile: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  logLevel: 'warning',
  legalComments: 'none',
  alias,
  plugins: [coreHasNoSideEffects],
};
const entries = [
  { name: 'cli', entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { name: 'server', entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  // The server's worker thread for large files (server/src/lsp/offThread.ts).
  { name: 'analysis-worker', entryPoints: ['server/src/node/analysisWorker.ts'], outfile: 'dist/analysis-worker.js' },
  // The extension: client.js at activation; runner.js (undici, the run and discovery flows) required by the
  // first run (client/src/run/loadRunner.ts), through a computed path esbuild does not follow.
  { name: 'client', entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { name: 'runner', entryPoints: ['client/src/run/runner.ts'], outfile: 'dist/runner.js', external: ['vscode'] },
].filter((e) => existsSync(e.entryPoints[0]));

const options = ({ name, ...e }) => ({ ...common, ...e });
if (watch) {
  for (const e of entries) await (await esbuild.context(options(e))).watch();
} else {
  // Each bundle's metafile (which package files went in) is kept next to it: test/dependencies.test.ts checks that
  // every bundled package is a declared runtime dependency at a patched version, test/package.test.ts that the
  // client holds none of the runner.
  await Promise.all(
    entries.map(async (e) => {
      const r = await esbuild.build(options(e));
      writeFileSync(e.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(r.metafile));
    }),
  );
  chmodSync('dist/cli.js', 0o755);
}
