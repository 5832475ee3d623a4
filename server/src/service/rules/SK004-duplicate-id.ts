import type { FileAnalysis } from '../analyze';
import type { Lookup } from '../lookup';
import { type AddFinding, defineRule, related } from './rule';

/** Two files define the same id: reported in each, pointing at the others. */
export function checkDuplicateId(f: FileAnalysis, l: Lookup, k: string, label: string, add: AddFinding): void {
  const all = l.providers(k);
  if (all.length < 2) return;
  const others = all.filter((o) => o.uri !== f.uri);
  const name = k.slice(k.indexOf(':') + 1);
  const range = f.summary?.idRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const why = label === 'agent' ? 'so the platform cannot tell the two agents apart' : 'so references to it are ambiguous';
  add(
    'SK004',
    range,
    `Duplicate ${label} id '${name}': ${others.length === 1 ? 'another file defines' : `${others.length} other files define`} it too, ${why}. Rename or remove one of them.`,
    others.map((o) => related(o.uri, o.summary?.idRange ?? range, `'${name}' is also defined here`)),
  );
}

/** SK004: Duplicate id. */
export const SK004 = defineRule({
  code: 'SK004',
  severity: 'error',
  title: 'Duplicate id',
  doc: 'Two files define the same integration, auth connector or agent id (the file name without its\nsuffix), or the same shared action id within one integration (two `lookup_invoice.action.yaml` with\n`integration: billing-api`, in different folders). References to it would be ambiguous. Reported on\nevery copy, each pointing at the others. The same action id under two different integrations is fine.',
  data: {},
});
