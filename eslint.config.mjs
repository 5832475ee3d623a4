// `npm run lint`: eslint (typescript-eslint, this flat config) and `prettier --check` over client, server,
// test, bench and e2e. The import rules hold the layers of README's layout (test/layers.test.ts holds them too).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const outer = ['**/lsp/**', '**/cli/**', '**/runner/**', '**/node/**', '**/client/**', '**/server.ts'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'server/src/generated/**', 'test/fixtures/**', 'bench/.work/**', 'e2e/electron/out/**', 'e2e/screenshots/**', 'test/.tmp/**', '**/*.vsix'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.cjs', '**/*.js'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { process: 'readonly', console: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', setImmediate: 'readonly', URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', AbortController: 'readonly', AbortSignal: 'readonly', fetch: 'readonly', __dirname: 'readonly', require: 'readonly', module: 'writable', performance: 'readonly', structuredClone: 'readonly', queueMicrotask: 'readonly', globalThis: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-require-imports': 'off', // the runner chunk and tests load CommonJS on purpose
      'no-empty': ['error', { allowEmptyCatch: false }],
      'no-constant-condition': ['error', { checkLoops: false }],
      'no-control-regex': 'off', // control characters are what the header and YAML checks look for
    },
  },
  {
    // The core: pure TypeScript, no I/O, no outer layer.
    files: ['server/src/service/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net', 'undici'], message: 'The core does no I/O: keep it in server/src/node, runner or lsp.' },
          { group: outer, message: 'The core imports no outer layer (lsp, cli, runner, node, client).' },
        ],
      }],
    },
  },
  {
    // The client: server code only through the protocol module and the runner's entry.
    files: ['client/src/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ regex: 'server/src/(?!(protocol|runner/index)$)', message: 'The client reaches server code through server/src/protocol.ts (types, request names) or server/src/runner/index.ts (the runner entry).' }],
      }],
    },
  },
);
