// The extension's bundles (npm run bench:bundles; needs `npm run build` first): size, gzip size, and what loading
// them costs in a fresh Node process, best of --runs (default 5). Compared with the single-bundle layout the
// client had before the runner was split off (client/src/extension.ts and client/src/run/runner.ts bundled into
// one file, built here into bench/.work/one-bundle.js). Prints figures; nothing fails on a timing.
//   compile: V8 compiling the file as a CommonJS module (what `require` does before running it);
//   require: compile and run (only dist/runner.js: the client needs the `vscode` module of a real editor).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Math.max(1, Math.min(50, Number(process.argv[runsArg + 1]) || 5)) : 5;
const work = path.join(ROOT, 'bench', '.work');
mkdirSync(work, { recursive: true });

for (const f of ['client', 'runner', 'server']) {
  if (!existsSync(path.join(ROOT, 'dist', `${f}.js`))) {
    console.error(`dist/${f}.js is missing: run npm run build first`);
    process.exit(2);
  }
}
const oneBundle = path.join(work, 'one-bundle.js');
await esbuild.build({
  stdin: {
    contents: "export * from './client/src/extension';\nexport * as runner from './client/src/run/runner';\n",
    resolveDir: ROOT,
    loader: 'ts',
    sourcefile: 'one-bundle.ts',
  },
  outfile: oneBundle,
  bundle: true,
  minify: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  legalComments: 'none',
  logLevel: 'warning',
  alias: { yaml: path.join(ROOT, 'node_modules/yaml/browser/index.js') },
});

const COMPILE = `const {readFileSync}=require('node:fs');const vm=require('node:vm');const {Module}=require('node:module');
const src=readFileSync(process.argv[1],'utf8');const t=process.hrtime.bigint();
new vm.Script(Module.wrap(src),{filename:process.argv[1]}).runInThisContext;
process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;
const REQUIRE = `const t=process.hrtime.bigint();require(process.argv[1]);process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6));`;

function best(script, file) {
  let min = Infinity;
  for (let i = 0; i < RUNS; i++) {
    const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`${file}: ${r.stderr}`);
    min = Math.min(min, Number(r.stdout));
  }
  return min;
}

const kb = (n) => `${(n / 1024).toFixed(0)} KB`;
const rows = [
  ['dist/client.js (activation)', path.join(ROOT, 'dist', 'client.js'), false],
  ['dist/runner.js (first run)', path.join(ROOT, 'dist', 'runner.js'), true],
  ['dist/server.js (language server)', path.join(ROOT, 'dist', 'server.js'), false],
  ['one bundle (the layout before)', oneBundle, false],
];
console.log(
  `Bundles, best of ${RUNS} fresh processes each (load average ${(await import('node:os'))
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')})`,
);
console.log(`${'bundle'.padEnd(34)} ${'size'.padStart(8)} ${'gzip'.padStart(8)} ${'compile'.padStart(10)} ${'require'.padStart(10)}`);
for (const [label, file, canRequire] of rows) {
  const size = statSync(file).size;
  const gz = gzipSync(readFileSync(file)).length;
  const compile = best(COMPILE, file);
  const req = canRequire ? `${best(REQUIRE, file).toFixed(1)} ms` : '-';
  console.log(`${label.padEnd(34)} ${kb(size).padStart(8)} ${kb(gz).padStart(8)} ${`${compile.toFixed(1)} ms`.padStart(10)} ${req.padStart(10)}`);
}
const vsix = path.join(ROOT, 'stellar-kit.vsix');
if (existsSync(vsix)) console.log(`stellar-kit.vsix: ${statSync(vsix).size} bytes (npm run package)`);
