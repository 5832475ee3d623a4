// Hostile files: every class of test/hostile/inputs.ts gets its findings from the real language server (LSP over
// stdio) and the CLI, within a timeout that only catches a hang, with the caps honoured exactly; the witness, a
// normal file next to them, is still checked and the server keeps answering. Inputs that hung the old code are
// listed in fixtures/hung-before.json (as generator parameters: they are big) and built from there.
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, DocumentSymbol } from 'vscode-languageserver-protocol';
import { belongsOffThread } from '../../server/src/lsp/offThread';
import { capFindings, capRelated, LIMITS } from '../../server/src/service/limits';
import { openFile } from '../../server/src/service/features/cursor';
import { documentSymbols } from '../../server/src/service/features';
import type { Finding } from '../../server/src/service/types';
import { WorkspaceIndex } from '../../server/src/service/workspace';
import { parseCount } from '../../server/src/service/yamlFile';
import { fileUri, removeDir, repo, TestClient, withTimeout } from '../lsp/client';
import { CLASSES, classNamed, WITNESS, type HostileFile } from './inputs';

/** Long enough for a loaded CI machine; the tests catch hangs, they never assert speed. */
const HANG_MS = 120_000;
const hung = (JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'hung-before.json'), 'utf8')) as { inputs: { class: string; n: number }[] }).inputs;

/** Every class at its size (from the fixture list when it is there), each in a folder of its own, and the witness. */
function hostileWorkspace(): { dir: string; files: Map<string, HostileFile> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'stellar-hostile-'));
  const files = new Map<string, HostileFile>();
  for (const c of CLASSES) {
    const n = hung.find((h) => h.class === c.name)?.n ?? c.n;
    const [main, ...rest] = c.files(n);
    for (const f of [main, ...rest]) {
      mkdirSync(path.join(dir, c.name), { recursive: true });
      writeFileSync(path.join(dir, c.name, f.path), f.text);
    }
    files.set(c.name, { path: `${c.name}/${main.path}`, text: main.text });
  }
  writeFileSync(path.join(dir, WITNESS.path), WITNESS.text);
  return { dir, files };
}

const leftOut = /^([\d,]+) more findings? in this file (was|were) left out \((.*)\): Stellar Kit reports at most 1,000 per file\./;

function count(symbols: DocumentSymbol[]): number {
  return symbols.reduce((n, s) => n + 1 + count(s.children ?? []), 0);
}

describe('hostile files over LSP', { timeout: 4 * HANG_MS }, () => {
  const { dir, files } = hostileWorkspace();
  const client = new TestClient(dir);
  const uri = (name: string) => fileUri(path.join(dir, files.get(name)!.path));
  const diags = (name: string): Diagnostic[] => client.diagnostics.get(uri(name))!.diagnostics;

  before(async () => {
    await client.initialize();
    await client.indexed(HANG_MS);
  });
  after(async () => {
    await client.stop();
    removeDir(dir);
  });

  it('publishes findings for every hostile file and for the witness next to them', async () => {
    for (const c of CLASSES) await client.waitFor(() => client.diagnostics.get(uri(c.name)), c.name, HANG_MS);
    assert.deepEqual(client.codes(fileUri(path.join(dir, WITNESS.path))), ['SK030']);
  });

  it('caps findings at 1,000 per file, then one finding saying how many more were left out', () => {
    const expected: [string, string, string, string][] = [
      // class, the summary's count, its codes, its own code (the most common)
      ['unknown-keys', '49,000', '49,000 SK003', 'SK003'],
      ['duplicate-keys', '24,000', '24,000 SK001', 'SK001'],
      ['schema-violations', '119,000', '119,000 SK002', 'SK002'],
      // SK014 and SK080 on each binding: the first 500 bindings show both.
      ['same-name', '1,000', '500 SK014, 500 SK080', 'SK014'],
    ];
    for (const [name, total, codes, code] of expected) {
      const d = diags(name);
      assert.equal(d.length, LIMITS.findingsPerFile + 1, name);
      const last = d[d.length - 1];
      const m = leftOut.exec(last.message);
      assert.ok(m, `${name}: ${last.message}`);
      assert.deepEqual([m[1], m[3]], [total, codes], name);
      assert.equal(last.code, code, name);
      assert.ok(
        d.slice(0, -1).every((x) => !leftOut.test(x.message)),
        `${name}: one summary only`,
      );
    }
    // The summary of warnings only is a warning; one that stands for errors is an error (the CLI's exit code).
    assert.equal(diags('unknown-keys').at(-1)!.severity, 2);
    assert.equal(diags('schema-violations').at(-1)!.severity, 1);
  });

  it('caps related locations at 20, then one saying how many more', () => {
    const sk080 = diags('same-name').filter((d) => d.code === 'SK080');
    assert.equal(sk080.length, 500);
    for (const d of sk080) {
      assert.equal(d.relatedInformation?.length, LIMITS.related + 1);
      assert.equal(d.relatedInformation!.at(-1)!.message, 'and 979 more like it'); // 999 others, 20 shown
    }
  });

  it('reads anchors, merge keys and deep nesting within budgets, with located SK001 findings', () => {
    for (const name of ['anchors', 'merge-keys']) {
      const d = diags(name);
      assert.equal(d.length, 1, name);
      assert.equal(d[0].code, 'SK001');
      assert.match(d[0].message, /has 10,000 YAML aliases, over the limit of 1,000 per Stellar file/);
    }
    // The alias over the budget: the 1,001st.
    assert.equal(diags('anchors')[0].range.start.line, 5 + 10_000 + 1_000);
    for (const name of ['deep-flow', 'deep-map']) {
      assert.deepEqual(
        diags(name).map((d) => [d.code, d.range.start.line]),
        [['SK001', 2]],
        name,
      );
      assert.match(diags(name)[0].message, /nests too deeply/);
    }
    assert.deepEqual(
      diags('deep-block').map((d) => d.code),
      ['SK002'],
    );
  });

  it('caps the outline at 5,000 symbols with a notice', async () => {
    assert.deepEqual(diags('long-file'), []);
    const symbols = await withTimeout(
      client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: uri('long-file') } }),
      HANG_MS,
      'outline',
    );
    assert.equal(count(symbols), LIMITS.outlineSymbols + 1);
    const notice = symbols.at(-1)!;
    assert.equal(notice.name, '… 44,998 more not shown'); // environments, development, headers and 49,995 headers
    assert.equal(notice.detail, 'the outline shows at most 5,000 symbols');
  });

  it('re-checks a large file edited in the editor and keeps answering requests on the others', async () => {
    const name = 'unknown-keys';
    const text = files.get(name)!.text;
    await client.open(uri(name), text, 1);
    await client.nextDiagnostics(uri(name), (p) => p.version === 1, HANG_MS);
    // Fix the first unknown key: one finding fewer, and the server answers a hover on the witness meanwhile.
    const edited = client.nextDiagnostics(uri(name), (p) => p.version === 2, HANG_MS);
    await client.change(uri(name), 2, [{ text: text.replace('unknown000000: value\n', '') }]);
    const hover = await withTimeout(
      client.request('textDocument/hover', { textDocument: { uri: fileUri(path.join(dir, WITNESS.path)) }, position: { line: 1, character: 2 } }),
      HANG_MS,
      'hover',
    );
    assert.ok(hover === null || typeof hover === 'object');
    const p = await edited;
    assert.equal(p.diagnostics.length, 1001);
    assert.match(p.diagnostics.at(-1)!.message, /^48,999 more findings/);
    assert.match(p.diagnostics[0].message, /^Unknown key 'unknown000001'/);
  });
});

describe('hostile files in the CLI', { timeout: 2 * HANG_MS }, () => {
  it('reports the capped findings of each file and still checks the witness', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stellar-hostile-cli-'));
    try {
      for (const name of ['same-name', 'schema-violations'])
        for (const f of classNamed(name).files(classNamed(name).n)) writeFileSync(path.join(dir, f.path), f.text);
      writeFileSync(path.join(dir, WITNESS.path), WITNESS.text);
      const child = spawn(process.execPath, [path.join(repo, 'dist', 'cli.js'), 'check', dir, '--format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
      });
      const code = await withTimeout(new Promise<number | null>((r) => child.on('close', r)), HANG_MS, 'stellar-kit check').finally(() =>
        child.kill('SIGKILL'),
      );
      assert.equal(code, 1);
      const findings = JSON.parse(out) as { file: string; code: string; message: string; related: unknown[] }[];
      const byFile = new Map<string, number>();
      for (const f of findings) byFile.set(f.file, (byFile.get(f.file) ?? 0) + 1);
      assert.deepEqual(Object.fromEntries(byFile), { 'orders.integration.yaml': 1, 'states.agent.yaml': 1001, 'support.agent.yaml': 1001 });
      assert.ok(findings.every((f) => f.related.length <= LIMITS.related + 1));
      assert.match(findings.filter((f) => f.file === 'states.agent.yaml').at(-1)!.message, /^119,000 more findings/);
    } finally {
      removeDir(dir);
    }
  });
});

describe('hostile limits in the core', () => {
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 1 } });
  const finding = (line: number, code: string, severity: Finding['severity']): Finding => ({
    uri: 'file:///w/a.agent.yaml',
    range: at(line),
    severity,
    code,
    message: code,
    related: [],
  });

  it('folds an earlier summary into a later cap, so a file has one', () => {
    const local = capFindings(Array.from({ length: 1500 }, (_, i) => finding(i, 'SK003', 'warning')));
    assert.equal(local.length, 1001);
    const merged = capFindings([...local, finding(2000, 'SK021', 'error')].sort((a, b) => a.range.start.line - b.range.start.line));
    assert.equal(merged.length, 1001);
    const last = merged.at(-1)!;
    assert.match(last.message, /^501 more findings in this file were left out \(500 SK003, 1 SK021\)/);
    assert.deepEqual([last.code, last.severity, last.range.start.line], ['SK003', 'error', 1000]);
    assert.equal(capFindings(merged.slice(0, 10)).length, 10);
  });

  it('keeps related locations up to 21, counting those left out', () => {
    const rel = (i: number) => ({ uri: 'file:///w/x', range: at(i), message: `r${i}` });
    assert.equal(capRelated(Array.from({ length: 21 }, (_, i) => rel(i))).length, 21);
    const capped = capRelated(Array.from({ length: 500 }, (_, i) => rel(i)));
    assert.deepEqual([capped.length, capped[20].message, capped[20].range.start.line], [21, 'and 480 more like it', 20]);
  });

  it('sends large or deeply nested texts to the worker thread, and normal files not', () => {
    assert.equal(belongsOffThread(classNamed('deep-flow').files(100)[0].text), true); // 200 bytes, 100 levels
    assert.equal(belongsOffThread(classNamed('long-file').files(2_000)[0].text), true); // 50 KB
    assert.equal(belongsOffThread(readFileSync(path.join(repo, 'examples', 'acme-support', 'agents', 'billing-support.agent.yaml'), 'utf8')), false);
  });

  it('parses each version once: the features read the parse the index made', () => {
    const index = new WorkspaceIndex('file:///w');
    const uri = 'file:///w/long.integration.yaml';
    const text = classNamed('long-file').files(6_000)[0].text;
    const before = parseCount.texts;
    index.setFile(uri, text);
    assert.equal(parseCount.texts, before + 1);
    assert.ok(openFile(index, uri)!.yaml.doc);
    assert.equal(count(documentSymbols(index, uri)), LIMITS.outlineSymbols + 1);
    assert.equal(parseCount.texts, before + 1);
  });
});
