// The compiler holds each finding's `data` to its rule's declared shape (rules/index.ts DataByCode): the lines
// marked @ts-expect-error must not compile (`npm run build` type-checks this file), and the rest run.
import { strict as assert } from 'node:assert';
import { describe, test } from 'node:test';
import { dataProblem, finding, ruleOf } from '../server/src/service/rules';
import '../server/src/service/analyze';

const range = { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } };

describe('finding data types', () => {
  test("a finding's data has its rule's shape, checked by the compiler", () => {
    const ok = finding('SK013', 'file:///a.agent.yaml', range, 'changed', [], { fullId: 'billing-api/lookup_invoice', changes: ['method'] });
    assert.equal(ok.severity, 'warning');
    assert.deepEqual(ok.data, { fullId: 'billing-api/lookup_invoice', changes: ['method'] });
    // @ts-expect-error fullId is a string in SK013's data
    const wrong = finding('SK013', 'file:///a', range, 'm', [], { fullId: 1, changes: [] });
    // ...and the registry test's runtime check would catch it too.
    assert.equal(dataProblem(ruleOf('SK013')!.data, wrong.data), "field 'fullId' is not string");
    // @ts-expect-error SK014 findings carry no field 'changes'
    finding('SK014', 'file:///a', range, 'm', [], { fullId: 'a/b', changes: [] });
    // @ts-expect-error SK999 is not a code of the registry
    assert.throws(() => finding('SK999', 'file:///a', range, 'm'), /not in the rule registry/);
    // A named variant takes its code's data and its own severity.
    assert.equal(finding('SK061.cannotTell', 'file:///a', range, 'm').severity, 'information');
  });
});
