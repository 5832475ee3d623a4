// Preloaded into the CLI by bench/check.ts (`node --require bench/rss-preload.cjs dist/cli.js ...`):
// reports the process's peak resident set size on stderr when it exits.
process.on('exit', () => {
  try {
    require('node:fs').writeSync(2, `\n__BENCH_MAXRSS_KB=${process.resourceUsage().maxRSS}\n`);
  } catch {
    /* stderr closed */
  }
});
