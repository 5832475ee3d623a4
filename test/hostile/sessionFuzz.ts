// An LSP session fuzzer: random valid and invalid sequences of didOpen / didChange / didClose and requests
// on mutated example files, sent to the real server over stdio. A sequence is planned into concrete steps
// (the messages themselves) against a local mirror of each document, so a failing sequence is saved as
// exactly what was sent and replays without the generator.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { frame } from './raw';
import { fileUri, withTimeout, type TestClient } from '../lsp/client';

export const CRASH_DIR = path.join(__dirname, 'fixtures', 'lsp-crashes');
/** How long a request may stay unanswered before the server counts as hung. */
export const ANSWER_TIMEOUT_MS = 10_000;

/** One message as sent; `$ROOT` in a fixture stands for the workspace folder's uri. */
export type Step = { kind: 'notify'; method: string; params: unknown } | { kind: 'request'; method: string; params: unknown } | { kind: 'raw'; body: string };

export interface CrashFixture {
  /** What went wrong when the sequence was found. */
  reason: string;
  seed: number;
  steps: Step[];
}

/** Pieces that change what files define and link, YAML punctuation that breaks structure, odd characters. */
const FRAGMENTS = [
  '\n',
  '\r\n',
  '\r',
  '  ',
  '- ',
  ': ',
  '#',
  '"',
  "'",
  '[',
  ']',
  '{',
  '}',
  '---\n',
  '...\n',
  '&a ',
  '*a',
  '!!binary ',
  '? ',
  '|\n',
  '>-\n',
  '\t',
  'link: billing-api/lookup_invoice',
  'payments-api/refund_payment',
  'billing-api/',
  '\n  - link: crm-api/create_ticket\n',
  'integration: payments-api\n',
  'kind: mcp-server\n',
  'name: lookup_invoice\n',
  'method: POST\n',
  'status: inactive\n',
  '    bodyTemplate: "{{ .parameters.nope }}"\n',
  '{{ if }}',
  '{{ .parameters.',
  '{ secret: NOPE }',
  'allowedStates: [nowhere]\n',
  'type: oauth2\n',
  'environments:\n  production:\n',
  'é',
  '😀',
  '\ud800',
  '\u0000',
  '\u200b',
  '<<: *a\n',
  '%YAML 1.1\n',
];

const METHODS = [
  'textDocument/hover',
  'textDocument/completion',
  'textDocument/definition',
  'textDocument/references',
  'textDocument/prepareRename',
  'textDocument/rename',
  'textDocument/codeAction',
  'textDocument/documentSymbol',
  'textDocument/codeLens',
  'completionItem/resolve',
  'stellarKit/agentsTree',
  'stellarKit/integrationsTree',
  'stellarKit/runPlan',
  'stellarKit/lockAgent',
  'workspace/willRenameFiles',
  'workspace/willDeleteFiles',
  'stellarKit/secretsTree',
  'stellarKit/shapeDiff',
];

/** Bodies that are not JSON, JSON that is no message, and messages the server does not expect. */
const RAW_BODIES = [
  '{"jsonrpc":"2.0","id":"raw-1","method":"textDocument/hover",',
  'not json at all',
  '',
  '\u0000\u0001',
  '[]',
  '[1,2,3]',
  '42',
  'null',
  '"text"',
  '{"jsonrpc":"2.0"}',
  '{"jsonrpc":"2.0","id":"raw-2","method":"no/suchMethod","params":{}}',
  '{"jsonrpc":"2.0","method":"no/suchNotification"}',
  '{"jsonrpc":"2.0","id":"raw-3","method":"textDocument/hover","params":null}',
  '{"jsonrpc":"2.0","id":"raw-4","method":"textDocument/hover","params":[1,2]}',
  '{"jsonrpc":"2.0","id":{"x":1},"method":"textDocument/hover"}',
  '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":"raw-9"}}',
  '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":null}}',
  '{"jsonrpc":"2.0","method":"$/cancelRequest"}',
  '{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":{"a":1}}}',
  '{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"verbose"}}',
  '{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}',
  '{"jsonrpc":"2.0","id":99999,"result":{}}',
  '{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":7}}}',
  '{"jsonrpc":"2.0","method":"workspace/didChangeWatchedFiles","params":{"changes":[{"uri":null,"type":9}]}}',
  '{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"stellarKit":{"severity":"loud","exclude":7}}}}',
  '{"jsonrpc":"2.0","method":"workspace/didChangeWorkspaceFolders","params":{"event":{"added":[{"uri":"file:///nonexistent-stellar-folder","name":"x"}],"removed":[]}}}',
  '{"jsonrpc":"2.0","method":"workspace/didChangeWorkspaceFolders","params":{"event":{"added":[],"removed":[{"uri":"file:///nonexistent-stellar-folder","name":"x"}]}}}',
  '{"jsonrpc":"2.0","method":"workspace/didChangeWorkspaceFolders","params":{"event":{"added":[null,{"uri":5}],"removed":"x"}}}',
];

type Where = 'inside' | 'beyond' | 'negative' | 'huge' | 'fractional';
type Shape = 'ok' | 'beyondEnd' | 'reversed' | 'negative' | 'full' | 'malformed';
type Params = 'ok' | 'null' | 'noTextDocument' | 'wrongTypes';
type Version = 'next' | 'same' | 'older' | 'missing';

interface Edit {
  at: number;
  del: number;
  text: string;
}
type Command =
  | { t: 'open'; file: number; uriKind: number; mutations: Edit[]; version: number }
  | { t: 'change'; file: number; edits: (Edit & { shape: Shape })[]; version: Version }
  | { t: 'close'; file: number }
  | { t: 'request'; file: number; method: string; at: number; where: Where; params: Params; extra: number }
  | { t: 'watched'; file: number; type: number }
  | { t: 'raw'; body: string };

const text = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...FRAGMENTS) },
  { weight: 2, arbitrary: fc.string({ maxLength: 10 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constant('') },
);
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), del: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 60 })), text });

function commandArb(files: number): fc.Arbitrary<Command> {
  const file = fc.integer({ min: 0, max: files - 1 });
  return fc.oneof(
    {
      weight: 2,
      arbitrary: fc.record({
        t: fc.constant('open' as const),
        file,
        uriKind: fc.integer({ min: 0, max: 9 }),
        mutations: fc.array(edit, { maxLength: 4 }),
        version: fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 2 ** 31)),
      }),
    },
    {
      weight: 5,
      arbitrary: fc.record({
        t: fc.constant('change' as const),
        file,
        edits: fc.array(
          fc.record({
            at: edit.map((e) => e.at),
            del: edit.map((e) => e.del),
            text,
            shape: fc.constantFrom<Shape>('ok', 'ok', 'ok', 'beyondEnd', 'reversed', 'negative', 'full', 'malformed'),
          }),
          { minLength: 0, maxLength: 4 },
        ),
        version: fc.constantFrom<Version>('next', 'next', 'next', 'same', 'older', 'missing'),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), file }) },
    {
      weight: 4,
      arbitrary: fc.record({
        t: fc.constant('request' as const),
        file,
        method: fc.constantFrom(...METHODS),
        at: fc.double({ min: 0, max: 1, noNaN: true }),
        where: fc.constantFrom<Where>('inside', 'inside', 'inside', 'beyond', 'negative', 'huge', 'fractional'),
        params: fc.constantFrom<Params>('ok', 'ok', 'ok', 'ok', 'null', 'noTextDocument', 'wrongTypes'),
        extra: fc.integer({ min: -2, max: 12 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('watched' as const), file, type: fc.integer({ min: 1, max: 3 }) }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('raw' as const), body: fc.constantFrom(...RAW_BODIES) }) },
  );
}

export const sequenceArb = (files: number) => fc.array(commandArb(files), { minLength: 1, maxLength: 24 });

/** The example's Stellar files, relative to its root. */
export function stellarFiles(root: string): string[] {
  const out: string[] = [];
  (function walk(dir: string) {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.yaml')) out.push(path.relative(root, full));
    }
  })(root);
  return out.sort();
}

function applyEdit(doc: TextDocument, e: Edit): string {
  const t = doc.getText();
  const offset = Math.floor(e.at * (t.length + 1));
  return t.slice(0, offset) + e.text + t.slice(offset + e.del);
}

/** Turns commands into the messages they send, tracking each document as the server should hold it. */
export function plan(commands: Command[], rootPath: string, files: string[]): Step[] {
  const root = fileUri(rootPath);
  const steps: Step[] = [];
  const docs = new Map<number, TextDocument>();
  const uriOf = (file: number, kind = 0): string => {
    const base = `${root}/${files[file].split(path.sep).join('/')}`;
    // Mostly the file itself; sometimes a uri spelled oddly, outside the folder or of another scheme.
    return (
      [
        base,
        base,
        base,
        base,
        base.replace('file://', 'FILE://'),
        base.replace(/\.yaml$/, '.%7A%zz.yaml'),
        'untitled:Untitled-1',
        'file:///elsewhere/x.agent.yaml',
        `${root}/`,
        base.replace(/\/([^/]+)$/, '/./../$1'),
      ][kind] ?? base
    );
  };
  const position = (doc: TextDocument | undefined, at: number, where: Where) => {
    const lines = doc?.lineCount ?? 1;
    switch (where) {
      case 'beyond':
        return { line: lines + 3, character: 1_000 };
      case 'negative':
        return { line: -1, character: -5 };
      case 'huge':
        return { line: 2 ** 31, character: 2 ** 53 };
      case 'fractional':
        return { line: 0.5, character: 1.5 };
      default:
        return doc ? doc.positionAt(Math.floor(at * (doc.getText().length + 1))) : { line: 0, character: 0 };
    }
  };
  let version = 1;
  let rawId = 0;
  for (const c of commands) {
    if (c.t === 'open') {
      const original = readFileSync(path.join(rootPath, files[c.file]), 'utf8');
      let doc = TextDocument.create(uriOf(c.file), 'stellar-yaml', c.version, original);
      for (const m of c.mutations) doc = TextDocument.create(doc.uri, 'stellar-yaml', c.version, applyEdit(doc, m));
      const uri = uriOf(c.file, c.uriKind);
      if (uri === uriOf(c.file)) docs.set(c.file, doc);
      steps.push({
        kind: 'notify',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'stellar-yaml', version: c.version, text: doc.getText() } },
      });
    } else if (c.t === 'change') {
      const doc = docs.get(c.file);
      const contentChanges: unknown[] = [];
      let mirror = doc ?? TextDocument.create(uriOf(c.file), 'stellar-yaml', 0, '');
      for (const e of c.edits) {
        const t = mirror.getText();
        const start = mirror.positionAt(Math.floor(e.at * (t.length + 1)));
        const end = mirror.positionAt(Math.floor(e.at * (t.length + 1)) + e.del);
        let change: unknown;
        switch (e.shape) {
          case 'ok':
            change = { range: { start, end }, text: e.text };
            break;
          case 'beyondEnd':
            change = { range: { start, end: { line: mirror.lineCount + 5, character: 9 } }, text: e.text };
            break;
          case 'reversed':
            change = {
              range: { start: end, end: start.line === end.line && start.character === end.character ? { line: 0, character: 0 } : start },
              text: e.text,
            };
            break;
          case 'negative':
            change = { range: { start: { line: -3, character: -1 }, end }, text: e.text };
            break;
          case 'full':
            change = { text: applyEdit(mirror, e) };
            break;
          case 'malformed':
            change = [null, { text: 5 }, { range: { start: { line: 'a' } }, text: '' }, { range: { start, end: { line: 1.5, character: 0 } }, text: 'x' }][
              e.del % 4
            ];
            break;
        }
        contentChanges.push(change);
        if (e.shape !== 'malformed') mirror = TextDocument.update(mirror, [change as { text: string }], mirror.version + 1);
      }
      if (doc) docs.set(c.file, mirror);
      const v = c.version === 'next' ? ++version : c.version === 'same' ? version : c.version === 'older' ? version - 5 : undefined;
      steps.push({
        kind: 'notify',
        method: 'textDocument/didChange',
        params: { textDocument: v === undefined ? { uri: uriOf(c.file) } : { uri: uriOf(c.file), version: v }, contentChanges },
      });
    } else if (c.t === 'close') {
      docs.delete(c.file);
      steps.push({ kind: 'notify', method: 'textDocument/didClose', params: { textDocument: { uri: uriOf(c.file) } } });
    } else if (c.t === 'request') {
      steps.push({ kind: 'request', method: c.method, params: requestParams(c, uriOf(c.file), position(docs.get(c.file), c.at, c.where)) });
    } else if (c.t === 'watched') {
      steps.push({ kind: 'notify', method: 'workspace/didChangeWatchedFiles', params: { changes: [{ uri: uriOf(c.file), type: c.type }] } });
    } else {
      steps.push({ kind: 'raw', body: c.body.replace(/"raw-\d+"/, `"raw-${++rawId}"`) });
    }
  }
  return steps;
}

function requestParams(c: Extract<Command, { t: 'request' }>, uri: string, position: unknown): unknown {
  if (c.params === 'null') return null;
  if (c.params === 'wrongTypes') return { textDocument: { uri: 42 }, position: 'here', range: [], context: 7, newName: {}, agentUri: [], actionIndex: 'x' };
  const textDocument = c.params === 'noTextDocument' ? undefined : { uri };
  switch (c.method) {
    case 'textDocument/references':
      return { textDocument, position, context: { includeDeclaration: c.extra % 2 === 0 } };
    case 'textDocument/rename':
      return { textDocument, position, newName: ['renamed_thing', '', 'bad name/with: colon', 'x'.repeat(300), 'ok-2'][Math.abs(c.extra) % 5] };
    // The diagnostics the server published for the document are filled in when the step is sent (runSteps).
    case 'textDocument/codeAction':
      return {
        textDocument,
        range: c.extra < 0 ? { start: { line: 0, character: 0 }, end: { line: 10_000, character: 0 } } : { start: position, end: position },
        context: { diagnostics: DIAGNOSTICS, only: c.extra > 8 ? ['quickfix'] : undefined },
      };
    case 'textDocument/documentSymbol':
    case 'textDocument/codeLens':
      return { textDocument };
    case 'completionItem/resolve':
      return { label: 'x', data: c.extra > 4 ? { uri, kind: 'nope' } : c.extra };
    case 'stellarKit/agentsTree':
    case 'stellarKit/integrationsTree':
    case 'stellarKit/secretsTree':
      return {};
    case 'stellarKit/shapeDiff':
      return { agentUri: uri, fullId: ['billing-api/lookup_invoice', 'billing-api/refund_payment', 'nope', ''][Math.abs(c.extra) % 4] };
    case 'stellarKit/runPlan':
      return { agentUri: uri, actionIndex: c.extra, environment: ['development', 'staging', 'production', 'nowhere'][Math.abs(c.extra) % 4] };
    case 'stellarKit/lockAgent':
      return { agentUri: uri, fullId: c.extra > 6 ? 'billing-api/lookup_invoice' : undefined };
    // Asked before the editor renames or deletes (the files stay on disk: the server only proposes edits).
    case 'workspace/willRenameFiles':
      return {
        files: [
          { oldUri: uri, newUri: c.extra % 3 === 0 ? uri.replace(/[^/]+$/, 'renamed.agent.yaml') : uri.replace(/\/[^/]+\/([^/]+)$/, '/moved/$1') },
          ...(c.extra > 10 ? [null, { oldUri: 7 }] : []),
        ],
      };
    case 'workspace/willDeleteFiles':
      return { files: c.extra > 10 ? 'all' : [{ uri: c.extra % 2 === 0 ? uri : uri.replace(/\/[^/]+$/, '') }] };
    default:
      return { textDocument, position };
  }
}

const DIAGNOSTICS = '$DIAGNOSTICS';

/** Error codes a hostile request may be answered with: cancelled, refused rename, bad params, unknown method. */
const ACCEPTED_ERRORS = new Set([-32800, -32803, -32602, -32601, -32600]);

/**
 * Sends the steps, then checks the server is alive and sane: every request answered in time and not with an
 * internal error, no handler failure or uncaught exception in its log, and it answers one more request.
 * Returns what went wrong, or undefined.
 */
export async function runSteps(c: TestClient, steps: Step[], root: string): Promise<string | undefined> {
  const logsBefore = c.logs.length;
  const answers: Promise<string | undefined>[] = [];
  const expand = (v: unknown): unknown => JSON.parse(JSON.stringify(v).split('$ROOT').join(root));
  for (const [i, s] of steps.entries()) {
    if (c.proc.exitCode !== null || c.proc.signalCode !== null)
      return `the server exited (code ${c.proc.exitCode}, signal ${c.proc.signalCode}) before step ${i + 1}`;
    if (s.kind === 'notify') {
      await c.conn.sendNotification(s.method, expand(s.params));
    } else if (s.kind === 'raw') {
      c.proc.stdin!.write(frame(s.body));
    } else {
      // Recorded as sent, so a saved fixture replays the same quick-fix request.
      const ctx = (s.params as { context?: { diagnostics?: unknown }; textDocument?: { uri?: unknown } } | null)?.context;
      if (ctx?.diagnostics === DIAGNOSTICS)
        ctx.diagnostics =
          c.diagnostics.get(
            String((s.params as { textDocument?: { uri?: unknown } }).textDocument?.uri)
              .split('$ROOT')
              .join(root),
          )?.diagnostics ?? [];
      answers.push(
        withTimeout(c.request(s.method, expand(s.params)), ANSWER_TIMEOUT_MS, `${s.method} (step ${i + 1})`).then(
          () => undefined,
          (e: { code?: number; message?: string }) =>
            typeof e.code === 'number' && ACCEPTED_ERRORS.has(e.code) ? undefined : `${s.method} (step ${i + 1}) failed: ${e.code ?? ''} ${e.message}`,
        ),
      );
    }
  }
  const problems = (await Promise.all(answers)).filter((p) => p !== undefined);
  if (problems.length > 0) return problems.join('; ');
  const alive = await withTimeout(c.request('stellarKit/agentsTree', {}), ANSWER_TIMEOUT_MS, 'the liveness request').then(
    () => undefined,
    (e: Error) => `the server did not answer afterwards: ${e.message}`,
  );
  if (alive) return alive;
  const bad = c.logs.slice(logsBefore).filter((l) => /Uncaught|Unhandled rejection| failed: /.test(l));
  if (bad.length > 0) return `the server logged: ${bad[0].slice(0, 2_000)}`;
  if (/Uncaught|Unhandled/.test(c.stderr)) return `the server's stderr: ${c.stderr.slice(0, 2_000)}`;
  return undefined;
}

/** Closes every document the steps may have opened, so the next sequence starts from the disk again. */
export async function closeAll(c: TestClient, steps: Step[], root: string): Promise<void> {
  const uris = new Set<string>();
  for (const s of steps) {
    if (s.kind !== 'notify' || s.method !== 'textDocument/didOpen') continue;
    const uri = (s.params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
    if (typeof uri === 'string') uris.add(uri.split('$ROOT').join(root));
  }
  for (const uri of uris) await c.close(uri);
}

/** Saves a failing sequence under fixtures/lsp-crashes/ with the root abstracted; returns the file. */
export function saveCrash(fixture: CrashFixture, root: string): string {
  mkdirSync(CRASH_DIR, { recursive: true });
  const file = path.join(CRASH_DIR, `crash-${fixture.seed}-${Date.now()}.json`);
  const steps = JSON.parse(JSON.stringify(fixture.steps).split(root).join('$ROOT')) as Step[];
  writeFileSync(file, `${JSON.stringify({ ...fixture, steps }, null, 1)}\n`);
  return file;
}

export function savedCrashes(): { file: string; fixture: CrashFixture }[] {
  let names: string[] = [];
  try {
    names = readdirSync(CRASH_DIR)
      .filter((n) => n.endsWith('.json'))
      .sort();
  } catch {
    /* none yet */
  }
  return names.map((n) => ({ file: n, fixture: JSON.parse(readFileSync(path.join(CRASH_DIR, n), 'utf8')) as CrashFixture }));
}
