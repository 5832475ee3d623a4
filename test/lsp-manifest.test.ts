// The extension manifest's `contributes`, the grammars and the client agree with the server.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../server/src/service/rules';
import { kindOf } from '../server/src/service/files';
import { normalizeSettings } from '../server/src/lsp/settings';
import { repo } from './lsp/client';

const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const contributes = pkg.contributes;
const read = (rel: string) => JSON.parse(readFileSync(path.join(repo, rel), 'utf8'));

type Rule = { match?: string; begin?: string; end?: string; patterns?: Rule[]; include?: string };

function regexes(grammar: { patterns?: Rule[]; repository?: Record<string, Rule> }): string[] {
  const out: string[] = [];
  const visit = (r: Rule) => {
    for (const k of ['match', 'begin', 'end'] as const) if (r[k]) out.push(r[k]!);
    r.patterns?.forEach(visit);
  };
  grammar.patterns?.forEach(visit);
  Object.values(grammar.repository ?? {}).forEach(visit);
  return out;
}

describe('extension manifest', () => {
  it('contributes one stellar-yaml language for every Stellar file name', () => {
    const [lang] = contributes.languages;
    assert.equal(lang.id, 'stellar-yaml');
    assert.ok(lang.aliases.includes('Stellar YAML'));
    assert.deepEqual(lang.filenames, ['stellar.yaml']);
    for (const pattern of lang.filenamePatterns) assert.ok(kindOf(`file:///w/x${pattern.slice(1)}`), pattern);
    assert.equal(lang.filenamePatterns.length, 7);
    const config = read(lang.configuration);
    assert.equal(config.comments.lineComment, '#');
    assert.deepEqual(config.brackets, [
      ['{', '}'],
      ['[', ']'],
    ]);
  });

  it('ships a grammar that includes YAML and an injection for templates and secret references', () => {
    const [main, injection] = contributes.grammars;
    const g = read(main.path);
    assert.equal(g.scopeName, main.scopeName);
    assert.equal(main.language, 'stellar-yaml');
    assert.deepEqual(g.patterns, [{ include: 'source.yaml' }]);
    const inj = read(injection.path);
    assert.equal(inj.scopeName, injection.scopeName);
    assert.equal(injection.language, undefined, 'an injection grammar has no language');
    assert.deepEqual(injection.injectTo, ['source.stellar-yaml', 'source.yaml']);
    assert.match(inj.injectionSelector, /L:source\.stellar-yaml/);
    for (const re of regexes(inj)) assert.doesNotThrow(() => new RegExp(re), re);

    const rx = (name: string) => new RegExp(inj.repository[name].match ?? inj.repository[name].begin);
    assert.match('{{- .parameters.invoice }}', rx('template'));
    assert.equal('.parameters.invoice_number'.match(rx('parameter'))?.[4], 'invoice_number');
    assert.equal('.variables.call.from'.match(rx('variable-field'))?.[3], '.call.from');
    for (const k of ['if', 'else', 'end', 'range', 'with']) assert.match(k, rx('keyword'));
    assert.match('"+3120"', rx('string'));
    assert.equal('{ secret: BILLING_TOKEN }'.match(rx('secret-reference'))?.[4], 'BILLING_TOKEN');
    assert.equal(new RegExp(inj.repository.template.end).exec('x -}}')?.[0], '-}}');
  });

  it('declares the settings the server reads, with the right values', () => {
    const props = contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), [
      'stellarKit.exclude',
      'stellarKit.review.baseBranch',
      'stellarKit.run.allowPrivateNetwork',
      'stellarKit.run.output',
      'stellarKit.severity',
      'stellarKit.telnyx.baseUrl',
      'stellarKit.trace.server',
    ]);
    // Read by the client's runs; application scope, so a workspace's own settings cannot open private networks.
    assert.equal(props['stellarKit.run.allowPrivateNetwork'].scope, 'application');
    assert.deepEqual(props['stellarKit.run.allowPrivateNetwork'].default, []);
    assert.deepEqual(props['stellarKit.run.allowPrivateNetwork'].items.enum, ['development', 'staging', 'production']);
    // Read by the client's Run Action: the Run panel unless the user asks for the text output.
    assert.deepEqual(props['stellarKit.run.output'].enum, ['panel', 'text']);
    assert.equal(props['stellarKit.run.output'].default, 'panel');
    // Read by the client when it runs send-text-message actions; a workspace may not redirect the API key while untrusted.
    assert.equal(props['stellarKit.telnyx.baseUrl'].default, 'https://api.telnyx.com');
    assert.ok(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations.includes('stellarKit.telnyx.baseUrl'));
    const severity = props['stellarKit.severity'];
    assert.deepEqual(severity.additionalProperties.enum, ['error', 'warning', 'information', 'hint', 'off']);
    for (const { code } of allRules()) assert.match(code, new RegExp(severity.propertyNames.pattern));
    assert.deepEqual(props['stellarKit.trace.server'].enum, ['off', 'messages', 'verbose']);
    assert.equal(props['stellarKit.review.baseBranch'].default, '');
    assert.deepEqual(
      normalizeSettings({
        severity: severity.default,
        exclude: props['stellarKit.exclude'].default,
        review: { baseBranch: props['stellarKit.review.baseBranch'].default },
      }),
      { severity: {}, exclude: [], baseBranch: '' },
    );
    assert.deepEqual(
      normalizeSettings({ severity: { sk013: 'Hint', SK014: 'loud' }, exclude: ['./legacy/', 'fixtures', 3], review: { baseBranch: ' origin/develop ' } }),
      { severity: { SK013: 'hint' }, exclude: ['legacy', 'fixtures'], baseBranch: 'origin/develop' },
    );
    // Given to git as a revision: never as an option.
    assert.equal(normalizeSettings({ review: { baseBranch: '--output=x' } }).baseBranch, '');
    assert.deepEqual(normalizeSettings(null), { severity: {}, exclude: [], baseBranch: '' });
  });

  it('contributes the commands the code lenses name, and the client registers them', () => {
    const commands = contributes.commands.map((c: { command: string }) => c.command);
    const client = readFileSync(path.join(repo, 'client/src/commands.ts'), 'utf8');
    for (const id of ['stellarKit.showReferences', 'stellarKit.runAction']) {
      assert.ok(commands.includes(id), id);
      assert.ok(client.includes(`'${id}'`), `client registers ${id}`);
    }
    assert.ok(contributes.yamlValidation.length >= 7, 'yamlValidation stays');
    assert.equal(pkg.main, './dist/client.js');
  });
});
