// Hostile class 'unknown-keys' (test/hostile/inputs.ts) through the core and the language server: one JSON line.
import { runClass } from '../hostile-lib';

void runClass('unknown-keys');
