// Catastrophic regular expressions: `^(a+)+$` in a binding's parameters schema, validated against `a…ab`.
// After: the run planning of the core (planRequest, which the CLI and the language server call) on re2js, for
// values up to 100,000 characters, plus the check of the workspace (SK043 findings for patterns RE2 refuses).
// Before: plain ajv (JavaScript's backtracking engine) in a worker thread, terminated past a time budget.
// Prints one JSON line: {"class":"catastrophic regex","ms":n,"peakRssMB":n,"findings":n,"note":"..."}.
// Usage: node --import tsx bench/hostile/regex.ts [--no-before] [--budget-ms 3000]
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import { planRequest } from '../../server/src/service/run/plan';
import { WorkspaceIndex } from '../../server/src/service/workspace';

const EVIL = '^(a+)+$';
const budgetMs = Number(process.argv[process.argv.indexOf('--budget-ms') + 1]) || 3000;
const before = !process.argv.includes('--no-before');

function workspace(): WorkspaceIndex {
  const index = new WorkspaceIndex('file:///ws');
  const files: Record<string, string> = {
    'stellar.yaml': 'secrets: {}\n',
    'codes.integration.yaml': 'kind: custom-api\nname: Codes\nenvironments:\n  development: { baseUrl: "http://127.0.0.1:9" }\n',
    'lookup.action.yaml': 'integration: codes\nname: lookup\ndescription: Look up a code\nmethod: GET\npath: /codes\n',
    'desk.agent.yaml': [
      'name: Desk',
      'status: active',
      'actions:',
      '  - link: codes/lookup',
      `    parameters: { type: object, properties: { code: { type: string, pattern: "${EVIL}" } } }`,
      '  - type: client-event',
      '    name: note',
      '    description: Notes a code',
      '    parameters: { type: object, properties: { other: { type: string, pattern: "^(?=x)x$" } } }',
      '',
    ].join('\n'),
  };
  for (const [name, text] of Object.entries(files)) index.setFile(`file:///ws/${name}`, text);
  return index;
}

/** After: check the workspace, then plan the run for each hostile value (each must be refused). */
function after(): { ms: number; findings: number; lengths: number[] } {
  const t0 = performance.now();
  const index = workspace();
  const findings = index.allFindings().filter((f) => f.code === 'SK043').length;
  const lengths = [25, 40, 1000, 100_000];
  for (const n of lengths) {
    const r = planRequest(index, { agentUri: 'file:///ws/desk.agent.yaml', actionIndex: 0 }, 'development', { code: 'a'.repeat(n) + 'b' });
    if (r.ok || !/must match pattern/.test(r.error)) throw new Error(`a value of ${n + 1} characters was not refused: ${JSON.stringify(r)}`);
  }
  return { ms: performance.now() - t0, findings, lengths };
}

/** Before: plain ajv on one value of `n` a's and a b; the time it took, or undefined when it exceeded the budget. */
function plainAjv(n: number): Promise<number | undefined> {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const Ajv = require('ajv');
    const validate = new Ajv({ allErrors: true, strict: false }).compile({ type: 'object', properties: { code: { type: 'string', pattern: workerData.pattern } } });
    const t0 = performance.now();
    validate({ code: 'a'.repeat(workerData.n) + 'b' });
    parentPort.postMessage(performance.now() - t0);`;
  return new Promise((resolve, reject) => {
    const w = new Worker(code, { eval: true, workerData: { n, pattern: EVIL } });
    const timer = setTimeout(() => {
      void w.terminate();
      resolve(undefined);
    }, budgetMs);
    w.once('message', (ms: number) => {
      clearTimeout(timer);
      void w.terminate();
      resolve(ms);
    });
    w.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

async function main(): Promise<void> {
  const a = after();
  let note = `after (re2js): SK043 for the lookahead pattern, and values of ${a.lengths.map((n) => n + 1).join(', ')} characters refused by the run planning in ${a.ms.toFixed(1)} ms in all`;
  if (before) {
    const short = await plainAjv(25);
    const long = await plainAjv(40);
    const show = (ms: number | undefined) => (ms === undefined ? `hangs (stopped after ${budgetMs} ms)` : `${ms.toFixed(0)} ms`);
    note += `; before (plain ajv, backtracking): 26 characters ${show(short)}, 41 characters ${show(long)}`;
  }
  const peakRssMB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(JSON.stringify({ class: 'catastrophic regex', ms: Math.round(a.ms * 10) / 10, peakRssMB, findings: a.findings, note }));
}

void main();
