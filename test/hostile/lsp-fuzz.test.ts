// LSP session fuzzing (sessionFuzz.ts) against one live server over stdio, bounded by a time budget and a
// number of sequences, whichever comes first. A sequence that crashes, hangs or breaks the server is saved
// under fixtures/lsp-crashes/ and fails the run; every saved sequence is replayed on a fresh server.
// `npm run test:soak` runs the same fuzzer for STELLAR_SOAK_SECONDS (default 600) without the cap.
import { strict as assert } from 'node:assert';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { copyWorkspace, fileUri, removeDir, TestClient } from '../lsp/client';
import { closeAll, plan, runSteps, saveCrash, savedCrashes, sequenceArb, stellarFiles, type Step } from './sessionFuzz';

const soakSeconds = Number(process.env.STELLAR_SOAK_SECONDS);
const soak = Number.isFinite(soakSeconds) && soakSeconds > 0;
const BUDGET_MS = (soak ? soakSeconds : 20) * 1_000;
const MAX_SEQUENCES = soak ? Number.MAX_SAFE_INTEGER : 2_000;
/** Sequences kept in a saved fixture: the failing one and those just before it. */
const HISTORY = 8;
const SEED = Number(process.env.STELLAR_FUZZ_SEED) || Math.floor(Math.random() * 2 ** 31);

describe('hostile LSP: session fuzzing', () => {
  let c: TestClient;
  before(async () => {
    c = new TestClient(copyWorkspace(undefined, 'stellar-hostile-fuzz-'));
    await c.initialize();
    await c.indexed();
  });
  after(async () => {
    await c.stop();
    removeDir(c.root);
  });

  it(`random sessions of edits and requests leave the server alive and answering (seed ${SEED})`, { timeout: BUDGET_MS + 120_000 }, async (t) => {
    const files = stellarFiles(c.root);
    const root = fileUri(c.root);
    const started = Date.now();
    let sequences = 0;
    let messages = 0;
    // A failure may depend on what earlier sequences left behind (pending requests, open documents): the
    // fixture holds the last few sequences, replayed in order.
    const recent: Step[][] = [];
    while (sequences < MAX_SEQUENCES && Date.now() - started < BUDGET_MS) {
      const seed = SEED + sequences++;
      const [commands] = fc.sample(sequenceArb(files.length), { seed, numRuns: 1 });
      const steps = plan(commands, c.root, files);
      messages += steps.length;
      recent.push(steps);
      if (recent.length > HISTORY) recent.shift();
      const problem = await runSteps(c, steps, root);
      if (problem) {
        const file = saveCrash({ reason: problem, seed, steps: recent.flat() }, root);
        assert.fail(`sequence ${seed}: ${problem}\nsaved as ${file}`);
      }
      await closeAll(c, steps, root);
    }
    t.diagnostic(`${sequences} sequences, ${messages} messages in ${((Date.now() - started) / 1_000).toFixed(1)} s (seed ${SEED})`);
    assert.ok(sequences > 0);
  });
});

describe('hostile LSP: saved crash sequences replay cleanly', () => {
  for (const { file, fixture } of savedCrashes()) {
    it(`${file} (${fixture.reason.slice(0, 80)})`, async () => {
      const c = new TestClient(copyWorkspace(undefined, 'stellar-hostile-replay-'));
      try {
        await c.initialize();
        await c.indexed();
        assert.equal(await runSteps(c, fixture.steps, fileUri(c.root)), undefined);
      } finally {
        await c.stop();
        removeDir(c.root);
      }
    });
  }
});
