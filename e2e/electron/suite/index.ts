/**
 * Entry of the API suite in an extension host (`extensionTestsPath`): runs the scenarios in order, prints one
 * line per scenario and rejects when one failed (the host then exits non-zero).
 */
import { SCENARIOS } from './scenarios';

export async function run(): Promise<void> {
  const failures: string[] = [];
  for (const [name, scenario] of SCENARIOS) {
    const started = Date.now();
    try {
      await scenario();
      console.log(`stellar-e2e: ✔ ${name} (${Date.now() - started} ms)`);
    } catch (e) {
      failures.push(name);
      console.log(`stellar-e2e: ✖ ${name} (${Date.now() - started} ms)\n${(e as Error).stack ?? e}`);
    }
  }
  console.log(`stellar-e2e: ${SCENARIOS.length - failures.length} passed, ${failures.length} failed`);
  if (failures.length) throw new Error(`${failures.length} scenario(s) failed: ${failures.join('; ')}`);
}
