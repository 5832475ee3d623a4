// Bundles the client, the server and the CLI into one minified file each, with source maps.
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
// `yaml`'s browser build is the same code as its Node build minus a `process.env.LOG_TOKENS` lookup per token
// in the parser (a call into C++ each time): about a sixth of a cold check (bench/README.md).
const alias = { yaml: './node_modules/yaml/browser/index.js' };
const common = { bundle: true, minify: true, sourcemap: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning', legalComments: 'none', alias };
const entries = [
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' },
  { entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
].filter((e) => existsSync(e.entryPoints[0]));

if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
} else {
  // Each bundle's metafile (which package files went in) is kept next to it: test/dependencies.test.ts checks that
  // every bundled package is a declared runtime dependency at a patched version.
  await Promise.all(entries.map(async (e) => {
    const r = await esbuild.build({ ...common, ...e, metafile: true });
    writeFileSync(e.outfile.replace(/\.js$/, '.meta.json'), JSON.stringify(r.metafile));
  }));
  chmodSync('dist/cli.js', 0o755);
}
