// Benchmark of what every run does to a response before showing it: `node --import tsx bench/redact.ts`.
// Masks a 1 MB body with 5 registered secrets (each in ~30 encoded forms) and measures the nesting scan of a
// 4 MB JSON text and of 100,000 levels of `[` (the scan stops at level 1,001). Prints figures only: nothing fails on a timing.
import { performance } from 'node:perf_hooks';
import { Redactor } from '../server/src/runner/secrets';
import { nestedDeeperThan } from '../server/src/runner/send';

function time(label: string, runs: number, f: () => unknown): void {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  console.log(`${label.padEnd(52)} median ${samples[Math.floor(runs / 2)].toFixed(2)} ms  (min ${samples[0].toFixed(2)}, ${runs} runs)`);
}

const redactor = new Redactor();
const values = ['tok-live-9f3e1d7c5b', 'pa55&word<>"\'', 'client-secret-0123456789abcdef', 'k3y+/=xyz', 'another-secret-value-42'];
values.forEach((v, i) => redactor.add(`S${i}`, v));
console.log(`${redactor.size} masked forms for ${values.length} secrets`);
const line = JSON.stringify({ id: 1, name: 'Invoice INV-204518', note: 'nothing secret here', token: Buffer.from(values[0]).toString('base64') });
const body = Array.from({ length: Math.ceil((1024 * 1024) / line.length) }, () => line).join('\n');
time(`redact a ${(body.length / 1024 / 1024).toFixed(1)} MB body`, 9, () => redactor.apply(body));
const big = JSON.stringify(Array.from({ length: 120_000 }, (_, i) => ({ i, a: [i, { b: 'x[{' }] })));
time(`nesting scan of ${(big.length / 1024 / 1024).toFixed(1)} MB of JSON`, 9, () => nestedDeeperThan(big, 1000));
const deep = '['.repeat(100_000) + ']'.repeat(100_000);
time('nesting scan of 100,000 levels of [', 9, () => nestedDeeperThan(deep, 1000));
