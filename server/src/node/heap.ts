/**
 * The heap settings of Stellar Kit's own processes (the CLI, the language server, the analysis workers).
 *
 * A check allocates a lot that dies young: each file's parse trees and the findings' building blocks. V8 doubles
 * the young generation whenever it fills up, up to 16 MB per semi-space, and keeps it at that size, so a check of
 * 2,000 files peaks at about 170 MB although the index keeps 34 MB. Growing it by a factor of 1 (never) keeps the
 * young generation at its starting size: the same check peaks at about 140 MB in the same time (bench/README.md).
 * Set at run time, first thing, because a command-line flag would need `env -S` in the CLI's shebang, which
 * busybox (Alpine images) lacks. V8 reads the factor each time it would grow the space.
 */
import { setFlagsFromString } from 'node:v8';

let tuned = false;

export function tuneHeap(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString('--semi-space-growth-factor=1');
}
