// Summarises a V8 .cpuprofile of the bundled benchmark child: self time by source module (the bundle's
// `// path/to/module` section comments map lines back to modules), self time by function, inclusive time by function.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  hitCount?: number;
  children?: number[];
  positionTicks?: { line: number; ticks: number }[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Maps a 0-based line of the bundle to the module it came from. */
function moduleMapper(bundle: string): (line: number) => string {
  const starts: { line: number; module: string }[] = [];
  readFileSync(bundle, 'utf8')
    .split('\n')
    .forEach((l, i) => {
      const m = /^\/\/ ((?:node_modules|server|bench|client)\/\S+)$/.exec(l);
      if (m) starts.push({ line: i, module: m[1] });
    });
  return (line) => {
    let lo = 0;
    let hi = starts.length - 1;
    let found = '(bundle prelude)';
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (starts[mid].line <= line) {
        found = starts[mid].module;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
}

function shortModule(m: string): string {
  if (m.startsWith('node_modules/')) {
    const parts = m.split('/');
    const pkg = parts[1].startsWith('@') ? `${parts[1]}/${parts[2]}` : parts[1];
    return `${pkg}: ${parts
      .slice(parts[1].startsWith('@') ? 3 : 2)
      .join('/')
      .replace(/^dist\//, '')}`;
  }
  return m;
}

export function summarizeProfile(file: string, bundle: string, top = 20): string {
  const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const toModule = moduleMapper(bundle);
  const bundleUrl = path.basename(bundle);
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

  const where = (cf: CallFrame): string => {
    if (cf.url.endsWith(bundleUrl)) return shortModule(toModule(cf.lineNumber));
    if (!cf.url) return cf.functionName.startsWith('(') ? cf.functionName : '(native)';
    if (cf.url.startsWith('node:')) return 'node internals';
    return cf.url;
  };
  const fnLabel = (cf: CallFrame) => `${cf.functionName || '(anonymous)'}  [${where(cf)}${cf.url.endsWith(bundleUrl) ? `:${cf.lineNumber + 1}` : ''}]`;

  const selfByNode = new Map<number, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = (prof.timeDeltas[i + 1] ?? prof.timeDeltas[i] ?? 0) / 1000;
    selfByNode.set(id, (selfByNode.get(id) ?? 0) + dt);
    total += dt;
  });

  const selfModule = new Map<string, number>();
  const selfFn = new Map<string, number>();
  const inclFn = new Map<string, number>();
  for (const [id, t] of selfByNode) {
    const n = byId.get(id)!;
    const m = where(n.callFrame);
    selfModule.set(m, (selfModule.get(m) ?? 0) + t);
    const f = fnLabel(n.callFrame);
    selfFn.set(f, (selfFn.get(f) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const cf = byId.get(cur)!.callFrame;
      if (cf.functionName === '(root)') break;
      const label = fnLabel(cf);
      if (seen.has(label)) continue;
      seen.add(label);
      inclFn.set(label, (inclFn.get(label) ?? 0) + t);
    }
  }

  // Hot lines of the core (self time per source line of server/src code), from the profile's position ticks.
  const bundleLines = readFileSync(bundle, 'utf8').split('\n');
  const msPerTick = total / Math.max(1, prof.samples.length);
  const lineTicks = new Map<number, number>();
  for (const n of prof.nodes) {
    if (!n.callFrame.url.endsWith(bundleUrl) || !toModule(n.callFrame.lineNumber).startsWith('server/')) continue;
    for (const t of n.positionTicks ?? []) lineTicks.set(t.line, (lineTicks.get(t.line) ?? 0) + t.ticks);
  }
  const hotLines = new Map<string, number>();
  for (const [line, ticks] of lineTicks) {
    const text = (bundleLines[line - 1] ?? '').trim();
    hotLines.set(`${toModule(line - 1).replace(/^server\/src\//, '')}: ${text.length > 110 ? `${text.slice(0, 107)}...` : text}`, ticks * msPerTick);
  }

  const pct = (t: number) => `${((100 * t) / total).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, t]) => `    ${pct(t)} ${`${Math.round(t)} ms`.padStart(9)}  ${k}`)
      .join('\n');
  return [
    `  sampled ${Math.round(total)} ms`,
    '  self time by module:',
    list(selfModule, 15),
    '  self time by function:',
    list(selfFn, top),
    '  inclusive time by function:',
    list(inclFn, top + 10),
    '  hot lines of the core (server/src, self time):',
    list(hotLines, 15),
  ].join('\n');
}

if (require.main === module) {
  const [file, bundle] = process.argv.slice(2);
  if (!file || !bundle) {
    console.error('usage: node --import tsx bench/profile.ts <file.cpuprofile> <bundle.cjs>');
    process.exit(2);
  }
  console.log(summarizeProfile(file, bundle, 30));
}
