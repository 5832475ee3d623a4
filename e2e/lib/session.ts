/**
 * One scenario's world: a fresh temp copy of the example workspace, a fresh code-server (user data,
 * extensions dir with the packaged .vsix installed) and a fresh Chromium, torn down afterwards. Steps run in
 * order under node:test; each ends with a screenshot (`-FAILED` when it failed, plus code-server's logs).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { installExtension, startCodeServer, type CodeServer } from './codeServer';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, VSIX } from './paths';
import { copyExample, lineOf } from './workspace';
import { Workbench } from './workbench';

export interface Session {
  /** The workspace folder (a temp copy of examples/acme-support). */
  dir: string;
  server: CodeServer;
  wb: Workbench;
  /** Absolute path of a workspace file. */
  file(rel: string): string;
  /** Opens a workspace file and puts the cursor at `column` of the first line containing `text`; returns the line. */
  openAt(rel: string, text: string, column: number): Promise<number>;
}

export interface ScenarioOptions {
  /** Changes to the workspace copy before code-server opens it. */
  prepare?: (dir: string) => void | Promise<void>;
  /** Runs last in teardown (e.g. stops a local API). */
  cleanup?: () => void | Promise<void>;
  settings?: Record<string, unknown>;
  /** Environment of code-server and its extension host (asked for after `prepare`). */
  env?: () => Record<string, string>;
  /** Install the packaged .vsix (default); off when the scenario loads the extension from the repository. */
  installVsix?: boolean;
  /** The workbench URL (default: the workspace folder). */
  url?: (server: CodeServer, dir: string) => string;
  /** Runs before the page loads the workbench (e.g. to expose functions to it). */
  beforeGoto?: (page: Page) => Promise<void>;
}

const KEEP = process.env.STELLAR_E2E_KEEP === '1';

async function openSession(o: ScenarioOptions, home: string, onServer: (s: CodeServer) => void): Promise<Session> {
  const dir = copyExample(path.join(home, 'acme-support'));
  await o.prepare?.(dir);
  const extensionsDir = path.join(home, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  if (o.installVsix !== false) {
    if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run npm run package (npm run test:e2e does)`);
    await installExtension(VSIX, extensionsDir, home);
  }
  const server = await startCodeServer({ home, extensionsDir, settings: o.settings, env: o.env?.() });
  onServer(server);
  const wb = await Workbench.open(o.url ? o.url(server, dir) : server.folderUrl(dir), o.beforeGoto);
  const file = (rel: string) => path.join(dir, rel);
  const openAt = async (rel: string, text: string, column: number) => {
    await wb.openFile(rel);
    const line = lineOf(file(rel), text);
    await wb.goTo(line, column);
    return line;
  };
  return { dir, server, wb, file, openAt };
}

/**
 * Declares a scenario: `id` prefixes its screenshots (`1-problems`), `title` names it in the report. `steps`
 * registers the steps with `step(name, fn)`; a step after a failed one is skipped.
 */
export function scenario(
  id: string,
  title: string,
  o: ScenarioOptions,
  steps: (step: (name: string, fn: (s: Session) => Promise<void>) => void) => void,
): void {
  describe(`${id}. ${title}`, () => {
    let session: Session | undefined;
    let server: CodeServer | undefined;
    let home: string | undefined;
    let failed: string | undefined;
    let n = 0;

    const report = async (name: string, e: unknown) => {
      failed = name;
      const shot = await session?.wb.screenshot(`${id}-${name}-FAILED`);
      const logs = path.join(SCREENSHOTS, `${id}-${name}-FAILED-logs`);
      try {
        mkdirSync(logs, { recursive: true });
        if (server) writeFileSync(path.join(logs, 'code-server.txt'), server.output());
        if (server && existsSync(path.join(server.userDataDir, 'logs')))
          cpSync(path.join(server.userDataDir, 'logs'), path.join(logs, 'vscode-logs'), { recursive: true });
      } catch {
        /* best effort */
      }
      if (e instanceof Error) e.message += `\n(screenshot: ${shot ?? 'none'}; logs: ${logs})`;
    };

    before(
      async () => {
        home = mkdtempSync(path.join(tmpdir(), `stellar-e2e-${id}-`));
        try {
          session = await openSession(o, home, (s) => {
            server = s;
          });
        } catch (e) {
          await report('setup', e);
          throw e;
        }
      },
      { timeout: 120_000 },
    );

    after(
      async () => {
        await session?.wb.close().catch(() => {});
        await server?.stop();
        await o.cleanup?.();
        if (home && !KEEP) rmSync(home, { recursive: true, force: true });
      },
      { timeout: 30_000 },
    );

    steps((name, fn) => {
      const slug = `${++n}-${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 50).replace(/^-+|-+$/g, '');
      it(name, { timeout: 90_000 }, async (t) => {
        if (failed) {
          t.skip(`an earlier step failed (${failed})`);
          return;
        }
        if (!session) throw new Error('no session');
        try {
          await fn(session);
        } catch (e) {
          await report(slug, e);
          throw e;
        }
        await session.wb.screenshot(`${id}-${slug}`);
      });
    });
  });
}
