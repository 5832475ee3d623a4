/** `stellar-kit discover <mcp-integration>`: lists the server's tools and writes the tools lock next to the integration. */
import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { loadFolder, pathOf } from '../node/loadFolder';
import { discoverTools } from '../runner/mcp';
import { EnvSecretSource, Redactor } from '../runner/secrets';
import { find } from '../service';
import { planMcpServer } from '../service';
import { mcpIntegrations, toolsLockEdit, unofferedBindings } from '../service';
import { ENVIRONMENTS } from '../service';
import { parseArgs, UsageError } from './args';
import { credentialLine, mcpCredentialDestinations } from '../service';
import { printCredentials, runLimits, type RunIo } from './runIo';

export const DISCOVER_USAGE = `Usage:
  stellar-kit discover <mcp-integration> [--env development|staging|production] [--format text|json] [--folder <workspace>]
                       [--allow-private-network]

Connects to the url of an MCP server integration (Streamable HTTP), lists its tools and writes
<integration>.tools.lock.yaml next to the integration file. --env chooses whose credentials the integration's
auth connector uses (default development). Secrets come from STELLAR_SECRET_<NAME>_<ENV> or STELLAR_SECRET_<NAME>.
--format json prints {integration, url, environment, server, lockFile, discoveredAt, tools, unoffered, notRunnable}.
Exit 0 when the lock is written, 1 when it is written but agents link tools the server does not offer (SK061),
2 on usage, plan, network or protocol errors. Each credential is named on stderr with the origin it goes to;
private network addresses need --allow-private-network (link-local and cloud metadata ones are always refused).
`;

export interface DiscoverIo extends RunIo {
  /** The discovery time written to the lock (tests); default: now. */
  now?: () => Date;
  /** tools/list pages to follow at most (tests); default 50. */
  maxPages?: number;
}

interface Args {
  id: string;
  env: string;
  folder: string;
  format: 'text' | 'json';
  allowPrivateNetwork: boolean;
}

function parseDiscoverArgs(args: string[]): Args {
  const p = parseArgs(args, {
    env: { values: ENVIRONMENTS },
    format: { values: ['text', 'json'] },
    folder: {},
    help: { flag: true },
    'allow-private-network': { flag: true },
  });
  if (p.flags.has('help')) throw new UsageError('');
  if (p.positional.length !== 1)
    throw new UsageError(p.positional.length ? `discover takes one integration id, got ${p.positional.length}` : 'missing <mcp-integration>');
  return {
    id: p.positional[0],
    env: p.options.env ?? 'development',
    folder: p.options.folder ?? '.',
    format: p.options.format === 'json' ? 'json' : 'text',
    allowPrivateNetwork: p.flags.has('allow-private-network'),
  };
}

export async function discoverCommand(args: string[], io: DiscoverIo): Promise<number> {
  const redactor = new Redactor();
  // Everything printed passes the redactor: secrets resolved for the connection never reach the terminal.
  const out = (s: string) => io.out(redactor.apply(s));
  const err = (s: string) => io.err(redactor.apply(s));
  let a: Args;
  try {
    a = parseDiscoverArgs(args);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    if (e.message) {
      err(`stellar-kit discover: ${e.message}\n\n${DISCOVER_USAGE}`);
      return 2;
    }
    out(DISCOVER_USAGE);
    return 0;
  }
  const root = path.resolve(a.folder);
  try {
    if (!statSync(root).isDirectory()) throw new Error();
  } catch {
    err(`stellar-kit discover: folder '${a.folder}' does not exist\n`);
    return 2;
  }
  const { index } = await loadFolder(root);
  const planned = planMcpServer(index, a.id, a.env);
  if (!planned.ok) {
    const known = mcpIntegrations(index).map((i) => i.id);
    err(`stellar-kit discover: ${planned.error}${known.length ? ` MCP server integrations here: ${known.join(', ')}.` : ''}\n`);
    return 2;
  }
  printCredentials(mcpCredentialDestinations(planned.plan).map(credentialLine), err);
  const found = await discoverTools(planned.plan, {
    secrets: io.secrets ?? new EnvSecretSource(),
    limits: runLimits(io, a.allowPrivateNetwork),
    redactor,
    maxPages: io.maxPages,
  });
  if (!found.ok) {
    err(`stellar-kit discover: ${found.error}\n`);
    return 2;
  }

  const integrationUri = find.integration(index.lookup, a.id)!.uri;
  const lock = toolsLockEdit(index, integrationUri, found.tools, io.now?.() ?? new Date())!;
  const file = pathOf(lock.uri);
  await fs.writeFile(file, redactor.apply(lock.text), 'utf8');
  const unoffered = unofferedBindings(index, a.id, found.tools);
  const notRunnable = found.tools.filter((t) => t.execution?.taskSupport === 'required').map((t) => t.name);
  if (a.format === 'json') {
    const written = parseToolsLockStamp(lock.text);
    out(
      `${JSON.stringify(
        {
          integration: a.id,
          url: redactor.apply(planned.plan.url),
          environment: a.env,
          server: found.server,
          lockFile: path.relative(root, file).split(path.sep).join('/'),
          discoveredAt: written,
          tools: found.tools,
          unoffered,
          notRunnable,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const server = [found.server.name, found.server.version].filter(Boolean).join(' ') || 'the server';
    out(
      `Wrote ${path.relative(process.cwd(), file)}: ${lock.tools} tool${lock.tools === 1 ? '' : 's'} from ${server} (MCP ${found.server.protocolVersion}, ${a.env} credentials).\n`,
    );
    for (const t of found.tools)
      out(
        `  ${t.name}${t.execution?.taskSupport === 'required' ? '  [requires task execution: Stellar Kit cannot run it]' : ''}${t.description ? `  ${t.description.split('\n')[0]}` : ''}\n`,
      );
  }
  if (unoffered.length) {
    err(
      `stellar-kit discover: ${unoffered.length} binding${unoffered.length === 1 ? ' links a tool' : 's link tools'} '${a.id}' does not offer (SK061):\n${unoffered.map((u) => `  ${u}\n`).join('')}`,
    );
    return 1;
  }
  return 0;
}

/** The discoveredAt the lock text holds (kept from the old lock when the tools did not change). */
function parseToolsLockStamp(text: string): string | undefined {
  return /^discoveredAt: "([^"]*)"$/m.exec(text)?.[1];
}
