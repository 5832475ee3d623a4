// `npm run test:soak`: the LSP session fuzzer of test/hostile/lsp-fuzz.test.ts for STELLAR_SOAK_SECONDS
// (default 600) instead of the default run's short budget. Not part of `npm test`.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, STELLAR_SOAK_SECONDS: process.env.STELLAR_SOAK_SECONDS || '600' };
console.log(`Soaking the language server for ${env.STELLAR_SOAK_SECONDS} s${env.STELLAR_FUZZ_SEED ? ` (seed ${env.STELLAR_FUZZ_SEED})` : ''}.`);
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/hostile/lsp-fuzz.test.ts'], { stdio: 'inherit', env });
process.exit(r.status ?? 1);
