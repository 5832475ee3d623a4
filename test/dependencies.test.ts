// Dependencies without an advisory service: every runtime dependency and every package esbuild bundled into
// dist/*.js (read from the bundles' metafiles, which `npm run build` writes) is at or above the minimum patched
// version pinned in scripts/min-versions.json, and every bundled package is a runtime dependency: declared in
// package.json "dependencies", or a dependency of one (never reachable only through devDependencies).
import { strict as assert } from 'node:assert';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '..');
const METAFILES = [
  'dist/cli.meta.json',
  'dist/server.meta.json',
  'dist/client.meta.json',
  'dist/runner.meta.json',
  'server/src/generated/validators.meta.json',
];

interface Pinned {
  min: string | string[];
  reason: string;
}
interface Installed {
  name: string;
  dir: string;
  version: string;
}

const readJson = (file: string) => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8'));

/** `a` compared with `b` as semantic versions: negative, zero or positive. A pre-release sorts before its release. */
function compareVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+.*)?$/.exec(v.trim());
    if (!m) throw new Error(`'${v}' is not a semantic version`);
    return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4]?.split('.') };
  };
  const x = parse(a);
  const y = parse(b);
  for (let i = 0; i < 3; i++) if (x.nums[i] !== y.nums[i]) return x.nums[i] - y.nums[i];
  if (!x.pre || !y.pre) return (x.pre ? -1 : 0) - (y.pre ? -1 : 0);
  for (let i = 0; i < Math.max(x.pre.length, y.pre.length); i++) {
    const p = x.pre[i];
    const q = y.pre[i];
    if (p === undefined || q === undefined) return p === undefined ? -1 : 1;
    if (p === q) continue;
    const pn = /^\d+$/.test(p);
    const qn = /^\d+$/.test(q);
    if (pn && qn) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    return p < q ? -1 : 1;
  }
  return 0;
}

/** The problem with `installed` against the table, or undefined when it meets its minimum. */
function versionProblem(installed: Installed, table: Record<string, Pinned>): string | undefined {
  const pinned = table[installed.name];
  const where = path.relative(ROOT, installed.dir) || installed.dir;
  if (!pinned)
    return `${installed.name} ${installed.version} (${where}) has no minimum version in scripts/min-versions.json: add one with the reason (an advisory, or "no advisory known").`;
  const mins = Array.isArray(pinned.min) ? pinned.min : [pinned.min];
  const major = (v: string) => v.split('.')[0];
  // One minimum per major line; a major line with none must be above every pinned line.
  const line = mins.find((m) => major(m) === major(installed.version));
  const required = line ?? mins.reduce((hi, m) => (compareVersions(m, hi) > 0 ? m : hi));
  if (compareVersions(installed.version, required) >= 0) return undefined;
  return `${installed.name} ${installed.version} (${where}) is below the minimum patched version ${required}: ${pinned.reason}. Update it (npm install ${installed.name}@latest, or npm update) and rebuild.`;
}

/** The package directory a bundled input file belongs to (the last node_modules segment), or undefined. */
function packageDirOf(input: string): string | undefined {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const rest = input.slice(at + 'node_modules/'.length).split('/');
  return input.slice(0, at + 'node_modules/'.length) + (rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]);
}

function installedAt(dir: string): Installed {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8'));
  return { name: pkg.name, dir: path.join(ROOT, dir), version: pkg.version };
}

/** Every package esbuild put into a bundle, with the bundles holding it. */
function bundledPackages(): Map<string, { installed: Installed; bundles: string[] }> {
  const out = new Map<string, { installed: Installed; bundles: string[] }>();
  for (const meta of METAFILES) {
    assert.ok(existsSync(path.join(ROOT, meta)), `${meta} is missing: run npm run build (esbuild.mjs and scripts/build-schemas.mjs write it)`);
    for (const input of Object.keys(readJson(meta).inputs)) {
      const dir = packageDirOf(input);
      if (!dir) continue;
      const entry = out.get(dir) ?? { installed: installedAt(dir), bundles: [] };
      if (!entry.bundles.includes(meta)) entry.bundles.push(meta);
      out.set(dir, entry);
    }
  }
  return out;
}

/** Node's resolution from a package directory: its own node_modules, then upwards to the root's. */
function resolveFrom(fromDir: string, name: string): string | undefined {
  for (let d = fromDir; ; d = path.dirname(d)) {
    const candidate = path.join(d, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (d === ROOT || d === path.dirname(d)) return undefined;
  }
}

/** The runtime closure: package.json dependencies and, transitively, theirs (optional ones when installed). */
function runtimeClosure(): Map<string, Installed> {
  const root = readJson('package.json');
  const seen = new Map<string, Installed>();
  const queue: { from: string; name: string; optional: boolean }[] = Object.keys(root.dependencies ?? {}).map((name) => ({
    from: ROOT,
    name,
    optional: false,
  }));
  while (queue.length > 0) {
    const { from, name, optional } = queue.shift()!;
    const dir = resolveFrom(from, name);
    if (!dir) {
      assert.ok(optional, `runtime dependency ${name} (needed by ${path.relative(ROOT, from) || 'package.json'}) is not installed: run npm install`);
      continue;
    }
    if (seen.has(dir)) continue;
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    seen.set(dir, { name: pkg.name, dir, version: pkg.version });
    for (const dep of Object.keys(pkg.dependencies ?? {})) queue.push({ from: dir, name: dep, optional: false });
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) queue.push({ from: dir, name: dep, optional: true });
  }
  return seen;
}

describe('dependencies', () => {
  const table = readJson('scripts/min-versions.json') as Record<string, Pinned>;
  delete (table as Record<string, unknown>).$comment;

  it('compares versions by hand, pre-releases before releases', () => {
    assert.ok(compareVersions('7.28.0', '7.18.2') > 0);
    assert.ok(compareVersions('7.9.0', '7.10.0') < 0);
    assert.equal(compareVersions('2.8.3', 'v2.8.3'), 0);
    assert.ok(compareVersions('8.18.0-beta.2', '8.18.0') < 0);
    assert.ok(compareVersions('8.18.0-beta.10', '8.18.0-beta.2') > 0);
    assert.ok(compareVersions('1.0.0-alpha', '1.0.0-alpha.1') < 0);
    assert.throws(() => compareVersions('latest', '1.0.0'), /not a semantic version/);
  });

  it('names the package, the installed and the required version when one is too old', () => {
    const fake = (name: string, version: string) => ({ name, version, dir: path.join(ROOT, 'node_modules', name) });
    assert.equal(versionProblem(fake('undici', '7.30.2'), table), undefined);
    assert.equal(
      versionProblem(fake('undici', '7.16.0'), table),
      `undici 7.16.0 (node_modules/undici) is below the minimum patched version 7.28.0: ${table.undici.reason}. Update it (npm install undici@latest, or npm update) and rebuild.`,
    );
    assert.match(versionProblem(fake('brace-expansion', '1.1.12'), table) ?? '', /brace-expansion 1\.1\.12 .* below the minimum patched version 1\.1\.18/);
    assert.equal(versionProblem(fake('brace-expansion', '2.1.4'), table), undefined);
    assert.match(versionProblem(fake('yaml', '1.10.3'), table) ?? '', /yaml 1\.10\.3 .* below the minimum patched version 2\.8\.3/);
    assert.match(versionProblem(fake('left-pad', '1.3.0'), table) ?? '', /left-pad 1\.3\.0 .* has no minimum version in scripts\/min-versions\.json/);
  });

  it('every pinned entry has a reason and valid versions', () => {
    for (const [name, p] of Object.entries(table)) {
      assert.ok(typeof p.reason === 'string' && p.reason.length > 10, `${name}: a reason`);
      for (const v of Array.isArray(p.min) ? p.min : [p.min]) assert.doesNotThrow(() => compareVersions(v, '0.0.0'), `${name}: ${v}`);
    }
  });

  it('every runtime dependency and every bundled package is at or above its minimum patched version', () => {
    const all = new Map<string, Installed>(runtimeClosure());
    for (const [dir, b] of bundledPackages()) all.set(path.join(ROOT, dir), b.installed);
    const problems = [...all.values()].map((i) => versionProblem(i, table)).filter((p): p is string => p !== undefined);
    assert.deepEqual(problems, []);
    for (const name of ['undici', 'yaml', 'ajv', 'ajv-formats', 're2js']) {
      assert.ok(
        [...all.values()].some((i) => i.name === name),
        `${name} is checked`,
      );
    }
  });

  it('every bundled package is a runtime dependency, not only a devDependency', () => {
    const runtime = runtimeClosure();
    const declared = Object.keys(readJson('package.json').dependencies ?? {});
    const bundled = bundledPackages();
    assert.ok(bundled.size > 0, 'the metafiles list bundled packages');
    const missing = [...bundled.entries()]
      .filter(([dir]) => !runtime.has(path.join(ROOT, dir)))
      .map(
        ([, b]) =>
          `${b.installed.name} ${b.installed.version} is bundled into ${b.bundles.join(', ')} but is not a runtime dependency: add it to "dependencies" in package.json (npm install --save ${b.installed.name}).`,
      );
    assert.deepEqual(missing, []);
    // ajv-formats is bundled into every entry through the precompiled validators and plan.ts: declared itself.
    assert.ok(declared.includes('ajv-formats') && declared.includes('re2js'));
  });
});
