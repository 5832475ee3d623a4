// What merge keys and extension fields cost when a file is checked: one agent with N actions written four ways,
// (a) every per-agent field written out (the fast YAML path reads it), (b) the same with `x-` notes on the agent
// and each action (fast path, extension fields dropped), (c) the per-agent fields in an anchor under
// `x-defaults` merged into each action with `<<: *defaults` (merge keys: `yaml` reads it), and (d) the plain file
// with one unused anchor, which `yaml` reads too: the parser's share of (c). Prints the median
// time of analyzeFile (parse, merges, schema, single-file rules) per file and per action; nothing is asserted.
// Usage: node --import tsx bench/mergeKeys.ts [--runs 200]
import { performance } from 'node:perf_hooks';
import { analyzeFile } from '../server/src/service/analyze';
import { fastYamlBailReason } from '../server/src/service/fastYaml';
import { arg, int } from './common';

const RUNS = Number(arg('runs', '200'));
const SIZES = [10, 40, 90]; // 90 merges stay under the 100 alias expansions of a file

const action = (i: number, fields: string, note: boolean) => `  - ${fields}link: billing-api/action_${i}
${note ? '    x-ticket: VOICE-1234\n' : ''}    parameters:
      type: object
      properties:
        invoice_number: { type: string, description: Invoice number as printed }
      required: [invoice_number]
`;

const PER_AGENT = 'phases: [in-call]\n    maxSuccessfulCalls: 3\n    allowedStates: [billing]\n    ';

type Form = 'plain' | 'extension' | 'anchor' | 'merge';

function agent(n: number, form: Form): string {
  const head = `name: Support\nstatus: active\nstates: [identify, billing]\n`;
  if (form === 'merge') {
    const defaults = 'x-defaults: &defaults\n  phases: [in-call]\n  maxSuccessfulCalls: 3\n  allowedStates: [billing]\n';
    return `${defaults}${head}actions:\n${Array.from({ length: n }, (_, i) => action(i, '<<: *defaults\n    ', false)).join('')}`;
  }
  // `anchor`: the plain file with one unused anchor, which `yaml` reads: what the YAML parser costs, merges aside.
  const notes = form === 'extension' ? 'x-owner: voice-team\nx-notes: { reviewed: true }\n' : form === 'anchor' ? 'x-unused: &unused 1\n' : '';
  return `${notes}${head}actions:\n${Array.from({ length: n }, (_, i) => action(i, PER_AGENT, form === 'extension')).join('')}`;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

console.log(`analyzeFile of one agent file, median of ${int(RUNS)} runs (after ${int(RUNS / 4)} warm-up runs)\n`);
console.log(
  `${'actions'.padEnd(9)}${'form'.padEnd(12)}${'fast path'.padEnd(22)}${'per file'.padStart(12)}${'per action'.padStart(14)}${'findings'.padStart(10)}`,
);
for (const n of SIZES) {
  for (const form of ['plain', 'extension', 'anchor', 'merge'] as const) {
    const text = agent(n, form);
    const uri = `file:///bench/support-${n}-${form}.agent.yaml`;
    for (let i = 0; i < RUNS / 4; i++) analyzeFile(uri, text, 'agent');
    const times: number[] = [];
    let findings = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      findings = analyzeFile(uri, text, 'agent').local.length;
      times.push(performance.now() - t0);
    }
    const m = median(times);
    const fast = fastYamlBailReason(text) === undefined ? 'taken' : 'declined (yaml)';
    console.log(
      `${String(n).padEnd(9)}${form.padEnd(12)}${fast.padEnd(22)}${`${m.toFixed(3)} ms`.padStart(12)}${`${((m / n) * 1000).toFixed(1)} µs`.padStart(14)}${String(findings).padStart(10)}`,
    );
  }
}
