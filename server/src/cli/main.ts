import { promises as fs, statSync } from 'node:fs';
import * as path from 'node:path';
import { GitError } from '../node/git';
import { tuneHeap } from '../node/heap';
import { treeAtRevision } from '../node/gitTree';
import { loadFolder, pathOf, uriOf } from '../node/loadFolder';
import { runAnalysisWorkerIfAsked } from '../node/parallel';
import { findWorkspaceRoot, reportBase } from '../node/workspaceRoot';
import { buildLock } from '../service';
import { deletionFindings, kindOf } from '../service';
import { SEVERITY_RANK, type Finding, type Severity } from '../service';
import { WorkspaceIndex } from '../service';
import { parseArgs, UsageError } from './args';
import { formatReport, FORMATS, type Format } from './format';

const VERSION = '0.1.0';

const USAGE = `Usage:
  stellar-kit check [folder] [--format text|json|sarif|github] [--fail-on error|warning|information|none] [--base <git-rev>] [--base-path <dir>]
  stellar-kit lock <agent-file>
  stellar-kit run <agent>/<action> --env development|staging|production [--param k=v]... [--var call.from=+31...] [--format text|json] [--folder <workspace>] [--yes]
                  [--message <text>] [--telnyx-base-url <url>] [--record]
  stellar-kit restore-preview <agent-file> --rev <git-rev> [--format text|json]
  stellar-kit review --base <git-rev> [folder] [--format text|json|markdown] [--fail-on error|warning|information|none]
  stellar-kit discover <mcp-integration> [--env development|staging|production] [--folder <workspace>]
  stellar-kit matrix [folder] [--format text|json|markdown] [--require <env>[,<env>...]]
  stellar-kit promote <agent>/<action> --integration <id> [folder]
  stellar-kit --help | --version

check   Check every Stellar file below folder (default: the current folder).
        Exit 0 when no finding is at or above --fail-on (default error), 1 when one is, 2 on usage or I/O errors.
        --base compares with a git revision and reports bindings of active agents to files deleted since (SK090).
        sarif and github name files relative to the repository root (the git top level of the folder), or to
        --base-path when given (a folder containing the checked one).
lock    Write or refresh the lock next to an agent file with the current shape of each linked shared action.
run     Send an agent's action to an environment and show the response and its output variables. Secrets come
        from STELLAR_SECRET_<NAME>_<ENV> or STELLAR_SECRET_<NAME>; production needs --yes.
restore-preview  List the shared actions linked by the agent as it was at --rev whose current shape differs
        from that version's lock, and those deleted or moved since (a restore keeps each action's current shape).
review  Compare the folder with the same folder at --base (read from git): shared actions whose shape changed, with
        the agents they reach; deleted or moved ones, with the bindings that breaks; new and fixed findings.
        markdown is for a pull-request comment. Exit 1 when a new finding is at or above --fail-on (default error).
discover  Connect to an MCP server integration, list its tools and write <integration>.tools.lock.yaml next to it
        (--env chooses whose credentials, default development). Exit 1 when agents link tools it does not offer.
matrix  Show whether each agent can run in each environment (✓ ready, ! ready but a secret has no value here,
        ✗ not ready) and why not. Secrets are read from STELLAR_SECRET_<NAME>_<ENV> or STELLAR_SECRET_<NAME>; one
        without a value is a warning, never a blocker. --require production exits 1 when an active agent is not
        ready there (0 otherwise); 2 on usage or I/O errors.
promote Turn an agent's api-call into a shared action of a custom-api integration and the agent's entry into a
        binding (the lock follows). Exit 2, writing nothing, when it cannot (the message says why).
`;

interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  color: boolean;
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const [command, ...rest] = argv;
    if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
      io.out(USAGE);
      return command === undefined ? 2 : 0;
    }
    if (command === '--version' || command === '-v') {
      io.out(VERSION + '\n');
      return 0;
    }
    if (command === 'check') return await check(rest, io);
    if (command === 'lock') return await lock(rest, io);
    // Loaded on demand: the HTTP client and the runner are not evaluated for a check (start-up time).
    if (command === 'run') return await (await import('./run')).runCommand(rest, io);
    if (command === 'restore-preview') return await (await import('./restorePreview')).restorePreviewCommand(rest, io);
    if (command === 'review') return await (await import('./review')).reviewCommand(rest, io);
    if (command === 'discover') return await (await import('./discover')).discoverCommand(rest, io);
    if (command === 'matrix') return await (await import('./matrix')).matrixCommand(rest, io);
    if (command === 'promote') return await (await import('./promote')).promoteCommand(rest, io);
    throw new UsageError(`unknown command '${command}'`);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`stellar-kit: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    io.err(`stellar-kit: ${(e as Error).message}\n`);
    return 2;
  }
}

async function check(args: string[], io: Io): Promise<number> {
  const { positional, options } = parseArgs(args, {
    format: { values: FORMATS },
    'fail-on': { values: ['error', 'warning', 'information', 'none'] },
    base: {},
    'base-path': {},
  });
  if (positional.length > 1) throw new UsageError(`check takes one folder, got ${positional.length}`);
  const root = path.resolve(positional[0] ?? '.');
  let st;
  try {
    st = statSync(root);
  } catch {
    io.err(`stellar-kit: folder '${positional[0] ?? '.'}' does not exist\n`);
    return 2;
  }
  if (!st.isDirectory()) {
    io.err(`stellar-kit: '${positional[0]}' is not a folder\n`);
    return 2;
  }

  const { index, unreadable } = await loadFolder(root);
  for (const u of unreadable) io.err(`stellar-kit: cannot read ${path.relative(root, u.file)}: ${u.error}\n`);
  const findings: Finding[] = index.allFindings();
  if (options.base) for (const f of await baseFindings(root, index, options.base)) findings.push(f);
  const texts = new Map<string, string>();
  for (const uri of index.uris()) texts.set(uri, index.text(uri)!);
  const format = (options.format ?? 'text') as Format;
  // CI formats name files from the repository root, wherever the checked folder and the current directory are.
  let base: { path: string; prefix: string } | undefined;
  if (format === 'sarif' || format === 'github' || options['base-path'] !== undefined) {
    const b = reportBase(root, options['base-path']);
    if ('error' in b) {
      io.err(`stellar-kit: ${b.error}\n`);
      return 2;
    }
    base = { path: b.base, prefix: b.prefix };
  }
  io.out(formatReport(format, { root, findings, texts, fileCount: index.uris().length, base }, io.color && format === 'text'));
  if (unreadable.length) return 2;
  const failOn = options['fail-on'] ?? 'error';
  if (failOn === 'none') return 0;
  const limit = SEVERITY_RANK[failOn as Severity];
  return findings.some((f) => SEVERITY_RANK[f.severity] <= limit) ? 1 : 0;
}

/**
 * SK090 against a git revision: files that existed there, are gone now and are still linked. The base is read
 * as `review` reads it (git objects, folder-relative: a workspace in a subfolder of the repository too).
 */
async function baseFindings(root: string, index: WorkspaceIndex, rev: string): Promise<Finding[]> {
  let base: WorkspaceIndex;
  try {
    base = (await treeAtRevision(root, rev)).index;
  } catch (e) {
    if (e instanceof GitError && (e.kind === 'bad-revision' || e.kind === 'not-a-repository'))
      throw new Error(`--base: '${rev}' is not a commit of a git repository containing ${root}`, { cause: e });
    throw e;
  }
  const deleted: { uri: string; text: string }[] = [];
  for (const uri of base.uris().sort()) {
    const kind = kindOf(uri);
    if ((kind === 'integration' || kind === 'action') && !index.has(uri)) deleted.push({ uri, text: base.text(uri)! });
  }
  return deletionFindings(index, deleted, `since ${rev}`);
}

async function lock(args: string[], io: Io): Promise<number> {
  const { positional } = parseArgs(args, {});
  if (positional.length !== 1) throw new UsageError('lock takes one agent file');
  const file = path.resolve(positional[0]);
  if (!file.endsWith('.agent.yaml')) throw new UsageError(`'${positional[0]}' is not an agent file (*.agent.yaml)`);
  try {
    await fs.access(file);
  } catch {
    io.err(`stellar-kit: '${positional[0]}' does not exist\n`);
    return 2;
  }
  const root = findWorkspaceRoot(path.dirname(file));
  const { index } = await loadFolder(root);
  const result = buildLock(index, uriOf(file), new Date());
  if (!result) {
    io.err(`stellar-kit: '${positional[0]}' is not a readable agent (run stellar-kit check)\n`);
    return 2;
  }
  await fs.writeFile(pathOf(result.uri), result.text, 'utf8');
  io.out(`Wrote ${path.relative(process.cwd(), pathOf(result.uri))}: ${result.locked.length} shared action${result.locked.length === 1 ? '' : 's'} locked.\n`);
  for (const s of result.skipped)
    io.out(`  not locked: ${s.link} (${s.reason === 'moved' ? 'moved: re-link it first' : s.reason === 'deleted' ? 'deleted' : s.reason})\n`);
  return 0;
}

tuneHeap();
// A worker thread analysing files for loadFolder runs this same bundle (node/parallel.ts).
if (runAnalysisWorkerIfAsked(__filename)) {
  // done: the worker posted its results
} else if (require.main === module) {
  main(process.argv.slice(2), {
    out: (s) => process.stdout.write(s),
    err: (s) => process.stderr.write(s),
    color: !!process.stdout.isTTY && !process.env.NO_COLOR,
  }).then((code) => {
    process.exitCode = code;
  });
}
