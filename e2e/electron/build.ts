// Bundles the API suite (electron/suite/) into one CommonJS file an extension host can load:
// e2e/electron/out/suite.js. It must stay inside the repository (the extension's folder): see helpers.ts.
import { build } from 'esbuild';
import * as path from 'node:path';
import { E2E_DIR } from '../lib/paths';

export const SUITE_JS = path.join(E2E_DIR, 'electron', 'out', 'suite.js');

export async function buildSuite(): Promise<string> {
  await build({
    entryPoints: [path.join(E2E_DIR, 'electron', 'suite', 'index.ts')],
    outfile: SUITE_JS,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: 'inline',
    external: ['vscode'],
    logLevel: 'warning',
  });
  return SUITE_JS;
}
