// markdownDescription in the JSON schemas: present wherever a description is written in markdown, with no
// `<placeholder>` an editor's markdown renderer would drop as an HTML tag; preferred by Stellar Kit's own hover,
// and rendered by the real yaml-language-server (Red Hat YAML's server) over stdio.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { URI } from 'vscode-uri';
import type { Hover } from 'vscode-languageserver-types';
import { BenchClient } from '../bench/lsp/client';
import { doHover } from '../server/src/service/features/index';
import { descriptionOf } from '../server/src/service/features/schemas';
import { WorkspaceIndex } from '../server/src/service/workspace';
import { removeDir, repo } from './lsp/client';

const SCHEMA_DIR = path.join(repo, 'schemas');
const SCHEMA_FILES = readdirSync(SCHEMA_DIR)
  .filter((f) => f.endsWith('.schema.json'))
  .sort();

function* described(node: unknown, at: string): Generator<{ at: string; node: Record<string, unknown> }> {
  if (Array.isArray(node)) {
    for (let i = 0; i < node.length; i++) yield* described(node[i], `${at}/${i}`);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as Record<string, unknown>;
  if (typeof n.description === 'string') yield { at, node: n };
  for (const [k, v] of Object.entries(n)) yield* described(v, `${at}/${k}`);
}

/** The text outside code spans. */
function outsideCode(md: string): string {
  return md.split(/`[^`]*`/).join(' ');
}

describe('schemas: markdownDescription', () => {
  test('every description with backticks, links or <...> has a markdownDescription, and no <word> in one is left unescaped', () => {
    let count = 0;
    for (const file of SCHEMA_FILES) {
      const schema = JSON.parse(readFileSync(path.join(SCHEMA_DIR, file), 'utf8'));
      for (const { at, node } of described(schema, '#')) {
        const d = node.description as string;
        if (!/[`<]|\]\(/.test(d)) continue;
        const md = node.markdownDescription;
        assert.equal(typeof md, 'string', `${file} ${at}: no markdownDescription for ${JSON.stringify(d)}`);
        assert.doesNotMatch(outsideCode(md as string), /(^|[^\\])<[A-Za-z/!?]/, `${file} ${at}: an HTML-like tag outside code spans`);
        // Same words as the plain description: only escapes differ.
        assert.equal((md as string).replace(/\\([<>])/g, '$1'), d, `${file} ${at}: markdownDescription says something else than description`);
        count++;
      }
    }
    assert.ok(count > 100, `${count} markdown descriptions`);
  });

  test("Stellar Kit's hover and completion docs prefer markdownDescription", () => {
    assert.equal(descriptionOf({ root: {}, alts: [{ description: 'plain <id>', markdownDescription: 'plain \\<id\\>' }] }), 'plain \\<id\\>');
    assert.equal(descriptionOf({ root: {}, alts: [{ description: 'plain only' }] }), 'plain only');
    const index = new WorkspaceIndex('file:///ws');
    const uri = 'file:///ws/agents/support.agent.yaml';
    index.setFile(uri, 'name: Support\nstatus: active\nactions:\n  - link: billing-api/lookup_invoice\n');
    index.flush();
    const hover = doHover(index, uri, { line: 3, character: 5 });
    const value = (hover?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(value, /`<integration-id>\/<action-id>`/);
  });

  test('yaml-language-server renders the markdownDescription of an integration field, placeholder visible', async () => {
    const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
    const schemas: Record<string, string[]> = {};
    for (const v of pkg.contributes.yamlValidation as { fileMatch: string; url: string }[]) (schemas[path.resolve(repo, v.url)] ??= []).push(v.fileMatch);
    const settings = {
      yaml: { schemas, validate: true, hover: true, completion: true, schemaStore: { enable: false } },
      http: { proxy: '', proxyStrictSSL: false },
      '[yaml]': {},
      editor: { tabSize: 2 },
      files: {},
    };
    const dir = mkdtempSync(path.join(tmpdir(), 'stellar-yamlls-'));
    const server = path.join(repo, 'node_modules', 'yaml-language-server', 'bin', 'yaml-language-server');
    const c = new BenchClient(process.execPath, [server, '--stdio'], { settings });
    try {
      await c.initialize(URI.file(dir).toString(), 'w');
      await c.conn.sendNotification('workspace/didChangeConfiguration', { settings });
      const text = 'kind: mcp-server\nname: Docs\nurl: https://mcp.example.com/mcp\n';
      const file = path.join(dir, 'docs.integration.yaml');
      writeFileSync(file, text);
      const uri = URI.file(file).toString();
      // The first validation has read the schemas: hovers use them from then on.
      const validated = c.nextDiagnostics(uri, () => true, 15_000);
      await c.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
      await validated;
      const hover = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 8 } })) as Hover | null;
      const value = (hover?.contents as { kind: string; value: string } | undefined)?.value ?? '';
      assert.equal((hover?.contents as { kind: string }).kind, 'markdown');
      // As written in markdownDescription: a code span, not the escaped plain description (\`...\`) with the tag dropped.
      assert.ok(value.includes('agents link a tool as `<integration-id>/<tool-name>`'), value);
      assert.ok(!value.includes('\\`'), value);
      const url = (await c.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 2, character: 1 } })) as Hover | null;
      assert.match((url?.contents as { value: string }).value, /Example: `https:\/\/docs\.example\.com\/mcp`/);
    } finally {
      await c.stop();
      removeDir(dir);
    }
  });
});
