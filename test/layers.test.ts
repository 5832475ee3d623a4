// The layers of docs/format.md's layout, held by a test: no import circles (a circle makes load order
// matter and hides which module owns what), and the core imports no I/O and no outer layer.
import { strict as assert } from 'node:assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';

const repo = path.join(__dirname, '..');

function sources(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const f = path.join(d, e);
      if (statSync(f).isDirectory()) {
        if (e !== 'generated') walk(f);
      } else if (f.endsWith('.ts')) out.push(f);
    }
  };
  walk(path.join(repo, dir));
  return out;
}

/** Every import of a file: the specifier, and whether only types come through it (erased at build time). */
function importsOf(file: string): { spec: string; typeOnly: boolean }[] {
  const src = readFileSync(file, 'utf8');
  const out: { spec: string; typeOnly: boolean }[] = [];
  for (const m of src.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]/gm)) out.push({ spec: m[2], typeOnly: Boolean(m[1]) });
  for (const m of src.matchAll(/\brequire\(\s*['"]([^'"]+)['"]\s*\)|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1] ?? m[2], typeOnly: false });
  return out;
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.join(path.dirname(from), spec).replace(/\.js$/, '');
  return [base + '.ts', path.join(base, 'index.ts')].find((c) => existsSync(c));
}

describe('layers', () => {
  const files = [...sources('server/src'), ...sources('client/src')];

  test('no import circles at run time (type-only imports aside)', () => {
    const graph = new Map(
      files.map((f) => [
        f,
        importsOf(f)
          .filter((i) => !i.typeOnly)
          .map((i) => resolve(f, i.spec))
          .filter((x): x is string => x !== undefined),
      ]),
    );
    // Tarjan's strongly connected components: every component of more than one file is a circle.
    let next = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const circles: string[][] = [];
    const visit = (v: string) => {
      index.set(v, next);
      low.set(v, next);
      next++;
      stack.push(v);
      onStack.add(v);
      for (const w of graph.get(v) ?? []) {
        if (!index.has(w)) {
          visit(w);
          low.set(v, Math.min(low.get(v)!, low.get(w)!));
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
      if (low.get(v) === index.get(v)) {
        const c: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          c.push(path.relative(repo, w));
        } while (w !== v);
        if (c.length > 1) circles.push(c.sort());
      }
    };
    for (const f of graph.keys()) if (!index.has(f)) visit(f);
    assert.deepEqual(circles, []);
  });

  test('the core (server/src/service) imports no node: module and nothing from lsp/, cli/, runner/, node/ or client/', () => {
    const core = path.join(repo, 'server/src/service') + path.sep;
    const bad: string[] = [];
    for (const f of files.filter((x) => x.startsWith(core))) {
      for (const { spec } of importsOf(f)) {
        const target = resolve(f, spec);
        const outside = target !== undefined && !target.startsWith(core) && !target.includes(`${path.sep}generated${path.sep}`);
        if (spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'http', 'https', 'net'].includes(spec) || outside)
          bad.push(`${path.relative(repo, f)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('outside the core, server code imports the core only from its entry point (server/src/service/index.ts)', () => {
    const core = path.join(repo, 'server/src/service') + path.sep;
    const entry = path.join(core, 'index.ts');
    const bad: string[] = [];
    for (const f of files.filter((x) => x.startsWith(path.join(repo, 'server/src') + path.sep) && !x.startsWith(core))) {
      for (const { spec } of importsOf(f)) {
        const target = resolve(f, spec);
        if (target?.startsWith(core) && target !== entry) bad.push(`${path.relative(repo, f)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('the client reaches server code only through the protocol module and the runner entry', () => {
    const allowed = [path.join(repo, 'server/src/protocol.ts'), path.join(repo, 'server/src/runner/index.ts')];
    const server = path.join(repo, 'server/src') + path.sep;
    const bad: string[] = [];
    for (const f of files.filter((x) => x.startsWith(path.join(repo, 'client/src') + path.sep))) {
      for (const { spec } of importsOf(f)) {
        const target = resolve(f, spec);
        if (target?.startsWith(server) && !allowed.includes(target)) bad.push(`${path.relative(repo, f)} imports ${spec}`);
      }
    }
    assert.deepEqual(bad, []);
  });

  test('custom request names are written once, in the protocol module', () => {
    const protocol = path.join(repo, 'server/src/protocol.ts');
    const bad = files.filter((f) => f !== protocol && /['"]stellarKit\/[A-Za-z]/.test(readFileSync(f, 'utf8'))).map((f) => path.relative(repo, f));
    assert.deepEqual(bad, []);
  });
});
