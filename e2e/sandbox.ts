// `npm run sandbox`: Stellar Kit in a browser, for someone without VS Code. Installs what is missing
// (e2e/scripts/setup.sh), packages the extension, starts the example's demo API and code-server with the
// extension on a temporary copy of examples/acme-support (its development slots pointed at the demo API), and
// prints the local URL. Ctrl+C stops everything and removes the copy.
// Options: --port <n> (default: a free port), --no-package (reuse stellar-kit.vsix).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { installExtension, startCodeServer, type CodeServer } from './lib/codeServer';
import { E2E_DIR, EXAMPLE, REPO, VSIX } from './lib/paths';
import { copyExample, pointAtDemoApi, startDemoApi, type DemoApi } from './lib/workspace';

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : process.env.PORT ? Number(process.env.PORT) : undefined;
if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
  process.stderr.write('sandbox: --port takes a port number\n');
  process.exit(2);
}

function run(command: string, argv: string[]): void {
  const r = spawnSync(command, argv, { cwd: REPO, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status || 1);
}

let home: string | undefined;
let api: DemoApi | undefined;
let server: CodeServer | undefined;

async function stop(code: number): Promise<never> {
  await server?.stop();
  await api?.close();
  if (home) rmSync(home, { recursive: true, force: true });
  process.exit(code);
}

async function main(): Promise<void> {
  run('bash', [path.join(E2E_DIR, 'scripts', 'setup.sh')]);
  if (!args.includes('--no-package') || !existsSync(VSIX)) run('npm', ['run', '--silent', 'package']);
  home = mkdtempSync(path.join(tmpdir(), 'stellar-sandbox-'));
  const dir = copyExample(path.join(home, 'acme-support'));
  api = await startDemoApi();
  pointAtDemoApi(dir, api.origin);
  const extensionsDir = path.join(home, 'extensions');
  await installExtension(VSIX, extensionsDir, home);
  server = await startCodeServer({ home, extensionsDir, port });
  server.onExit((code) => {
    process.stderr.write(`sandbox: code-server exited (${code}):\n${server?.output().slice(-2000)}\n`);
    void stop(1);
  });
  process.stdout.write(
    [
      '',
      'Stellar Kit sandbox: VS Code (code-server) with the extension, on a copy of the example workspace.',
      '',
      `  Open ${server.folderUrl(dir)}`,
      '',
      `Workspace copy: ${dir} (removed on exit; examples/acme-support is never changed)`,
      `Demo API:       ${api.origin} (the development slots point here)`,
      `To run actions (Stellar Kit: Run Action in Environment, development), enter the demo secret values from`,
      `  ${path.relative(REPO, path.join(EXAMPLE, 'demo-api', 'demo-secrets.mjs'))} when asked.`,
      'From another machine: ssh -L <port>:127.0.0.1:<port> to this one first; code-server listens on 127.0.0.1 only.',
      'Ctrl+C stops the sandbox.',
      '',
    ].join('\n'),
  );
}

process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
main().catch(async (e) => {
  process.stderr.write(`sandbox: ${(e as Error).stack ?? e}\n`);
  await stop(1);
});
