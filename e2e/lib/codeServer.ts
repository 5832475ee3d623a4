/**
 * code-server (VS Code's workbench served to a browser, with a real Node extension host) started on
 * 127.0.0.1 with its own user data, extensions and XDG folders, so nothing outside a temp folder is touched.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { CODE_SERVER_ENTRY } from './paths';

/** User settings of every session: nothing that reaches the internet, no welcome page or tips in the way. */
export const SETTINGS: Record<string, unknown> = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'git.enabled': false,
  'remote.autoForwardPorts': false,
  // Keep what a test types exactly as typed.
  'editor.autoClosingBrackets': 'never',
  'editor.autoClosingQuotes': 'never',
  'editor.autoIndent': 'none',
  'editor.formatOnType': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
  'editor.suggestOnTriggerCharacters': false,
  'editor.hover.delay': 300,
  'editor.minimap.enabled': false,
  'files.autoSave': 'off',
  'workbench.editor.enablePreview': false,
};

export interface CodeServer {
  port: number;
  origin: string;
  userDataDir: string;
  /** The workbench URL opening `folder`. */
  folderUrl(folder: string): string;
  /** Everything code-server printed (for failure reports). */
  output(): string;
  /** Called if code-server exits without stop(). */
  onExit(listener: (code: number | null) => void): void;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function env(home: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
  };
  // No Stellar secret of the developer's shell reaches the extension host.
  for (const k of Object.keys(e)) if (k.startsWith('STELLAR_SECRET_')) delete e[k];
  return e;
}

function codeServerArgs(): string[] {
  if (!existsSync(CODE_SERVER_ENTRY)) throw new Error(`code-server is not installed (${CODE_SERVER_ENTRY}): run bash e2e/scripts/setup.sh`);
  return [CODE_SERVER_ENTRY];
}

/** Installs a .vsix into `extensionsDir` (code-server's own CLI, no server needed). */
export function installExtension(vsix: string, extensionsDir: string, home: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [...codeServerArgs(), '--extensions-dir', extensionsDir, '--user-data-dir', path.join(home, 'user-data'), '--install-extension', vsix],
      { env: env(home), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout!.on('data', (d) => {
      out += d;
    });
    child.stderr!.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && /successfully installed/.test(out)) resolve();
      else reject(new Error(`installing ${vsix} failed (exit ${code}):\n${out}`));
    });
  });
}

export interface StartOptions {
  /** A fresh temp folder for this session: user data, XDG folders. */
  home: string;
  extensionsDir: string;
  /** Settings added to SETTINGS. */
  settings?: Record<string, unknown>;
  port?: number;
  /** Added to the environment of code-server (and so of its extension host). */
  env?: Record<string, string>;
}

export async function startCodeServer(o: StartOptions): Promise<CodeServer> {
  const userDataDir = path.join(o.home, 'user-data');
  mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...SETTINGS, ...o.settings }, null, 2));
  const port = o.port ?? (await freePort());
  const args = [
    ...codeServerArgs(),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    o.extensionsDir,
    '--disable-workspace-trust',
  ];
  // Its own process group, so stop() ends code-server with the extension host and language server it started.
  const child = spawn(process.execPath, args, { env: { ...env(o.home), ...o.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  const append = (d: Buffer) => {
    out += d.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const origin = `http://127.0.0.1:${port}`;
  let stopping = false;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      stopProcess(child);
      reject(new Error(`code-server did not start in 30 s:\n${out}`));
    }, 30_000);
    const check = () => {
      if (out.includes('HTTP server listening on')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.stderr!.on('data', check);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`code-server exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    port,
    origin,
    userDataDir,
    folderUrl: (folder) => `${origin}/?folder=${folder.split('/').map(encodeURIComponent).join('/')}`,
    output: () => out,
    onExit: (listener) => {
      child.on('exit', (code) => {
        if (!stopping) listener(code);
      });
    },
    stop: () => {
      stopping = true;
      return stopProcess(child);
    },
  };
}

/** SIGTERM to the process group, SIGKILL after 5 s. */
export function stopProcess(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
      resolve();
      return;
    }
    const group = -child.pid;
    const signal = (s: NodeJS.Signals) => {
      try {
        process.kill(group, s);
      } catch {
        /* already gone */
      }
    };
    const kill = setTimeout(() => signal('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(kill);
      // The extension host and language server may outlive the main process by a moment.
      signal('SIGKILL');
      resolve();
    });
    signal('SIGTERM');
  });
}
