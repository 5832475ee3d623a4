// Hostile class 'deep-block' (test/hostile/inputs.ts) through the core and the language server: one JSON line.
import { runClass } from '../hostile-lib';

void runClass('deep-block');
