/**
 * The example workspace as each scenario sees it: a fresh temp copy of examples/acme-support (edits and lock
 * rewrites never touch the repository), optionally with its URLs pointed at the bundled demo API.
 */
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EXAMPLE } from './paths';

/** The development origin the example's files name (examples/acme-support/README.md). */
const DEV_ORIGIN = 'http://127.0.0.1:4010';
/** The base URL of the example's Billing API in production. */
const BILLING_PRODUCTION = 'https://billing.acme.example/v2';

export function copyExample(into: string): string {
  cpSync(EXAMPLE, into, { recursive: true });
  return into;
}

/**
 * Points the workspace's development slots at the demo API's `origin` and, with `billingProduction`, the
 * Billing API's production slot too: a production run that skipped its confirmation then shows in the API's log.
 */
export function pointAtDemoApi(dir: string, origin: string, o: { billingProduction?: boolean } = {}): void {
  replaceInConfig(dir, DEV_ORIGIN, origin);
  if (o.billingProduction) replaceInConfig(dir, BILLING_PRODUCTION, origin);
}

/** Replaces `from` by `to` in every integration and auth file of the workspace. */
function replaceInConfig(dir: string, from: string, to: string): void {
  (function walk(d: string) {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== 'demo-api') walk(full);
        continue;
      }
      if (!/\.(integration|auth)\.yaml$/.test(e.name)) continue;
      const text = readFileSync(full, 'utf8');
      if (!text.includes(from)) continue;
      writeFileSync(full, text.split(from).join(to));
    }
  })(dir);
}

/** 1-based line of the first line containing `text` (and, if given, after the line containing `after`). */
export function lineOf(file: string, text: string, after?: string): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const start = after === undefined ? 0 : lines.findIndex((l) => l.includes(after));
  if (start < 0) throw new Error(`${file}: no line contains ${JSON.stringify(after)}`);
  const i = lines.findIndex((l, n) => n >= start && l.includes(text));
  if (i < 0) throw new Error(`${file}: no line contains ${JSON.stringify(text)}`);
  return i + 1;
}

export interface DemoApi {
  origin: string;
  /** `METHOD /path → status`, one per request served (never the query or headers: they may hold secrets). */
  requests: string[];
  secrets: Record<string, string>;
  close(): Promise<void>;
}

/** Starts the example's demo API (examples/acme-support/demo-api/server.mjs) in this process on a free port. */
export async function startDemoApi(): Promise<DemoApi> {
  const dir = path.join(EXAMPLE, 'demo-api');
  const api = (await import(pathToFileURL(path.join(dir, 'server.mjs')).href)) as {
    startDemoApi(o: { port: number; log: (l: string) => void }): Promise<{ server: Server; port: number }>;
  };
  const { DEMO_SECRETS } = (await import(pathToFileURL(path.join(dir, 'demo-secrets.mjs')).href)) as { DEMO_SECRETS: Record<string, string> };
  const requests: string[] = [];
  const { server, port } = await api.startDemoApi({ port: 0, log: (l) => requests.push(l) });
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    secrets: { ...DEMO_SECRETS },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
