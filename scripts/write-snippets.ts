// Writes snippets/stellar.code-snippets from the core's snippet table (server/src/service/scaffold/snippets.ts),
// the one source completion also reads. test/scaffold.test.ts fails when the file and the table differ.
// Run: node --import tsx scripts/write-snippets.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { snippetsFile } from '../server/src/service/scaffold/snippets';

const out = path.join(__dirname, '..', 'snippets', 'stellar.code-snippets');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, snippetsFile());
console.log(`write-snippets: ${path.relative(process.cwd(), out)}`);
