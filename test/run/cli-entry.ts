// Runs `stellar-kit run` in a child process with real stdout/stderr and environment (the dispatch in main.ts is the lead's).
import { runCommand } from '../../server/src/cli/run';

runCommand(process.argv.slice(2), {
  out: (s) => process.stdout.write(s),
  err: (s) => process.stderr.write(s),
  limits: { connectTimeoutMs: 1000, totalTimeoutMs: 2000 },
}).then((code) => {
  process.exitCode = code;
});
