// CI outputs as GitHub reads them: SARIF and workflow annotations for a checked folder inside a git repository
// (named `Team Sales #1`, so URIs need percent-encoding), run from another current directory. Validated with the
// official SARIF 2.1.0 schema and the SARIF multitool's GitHub rules (`--rule-kind "Gh;Sarif"`).
import { strict as assert } from 'node:assert';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';

const repoRoot = path.resolve(__dirname, '..');
const cli = path.join(repoRoot, 'dist', 'cli.js');
const multitool = path.join(repoRoot, 'node_modules', '@microsoft', 'sarif-multitool-linux');
const scratch = mkdtempSync(path.join(tmpdir(), 'stellar-ci-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const FOLDER = 'Team Sales #1';

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

interface SarifLog {
  runs: { tool: { driver: { rules: Rule[] } }; columnKind: string; originalUriBaseIds: Record<string, { uri: string }>; results: Result[] }[];
}
interface Rule {
  id: string;
  fullDescription?: { text: string };
  help?: { text: string; markdown: string };
  helpUri?: string;
}
interface Result {
  ruleId: string;
  partialFingerprints: Record<string, string>;
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number; startColumn: number } } }[];
  relatedLocations?: { physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }[];
}

describe('CI outputs for a folder inside a git repository', () => {
  let gitRoot: string;
  let checked: string;
  let elsewhere: string;

  before(() => {
    gitRoot = path.join(scratch, 'repo');
    checked = path.join(gitRoot, 'teams', FOLDER);
    mkdirSync(checked, { recursive: true });
    cpSync(path.join(repoRoot, 'examples', 'acme-support'), checked, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: gitRoot });
    elsewhere = path.join(scratch, 'elsewhere');
    mkdirSync(elsewhere);
  });

  function sarif(args: string[] = []): SarifLog {
    const r = run(['check', checked, '--format', 'sarif', ...args], elsewhere);
    assert.equal(r.code, 1, r.err);
    return JSON.parse(r.out);
  }

  it('names files relative to the git top level, percent-encoded, with SRCROOT resolving to the real files', () => {
    const log = sarif();
    const runOf = log.runs[0];
    assert.equal(runOf.columnKind, 'utf16CodeUnits');
    assert.equal(runOf.originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(gitRoot).href}/`);
    const first = runOf.results[0].locations[0].physicalLocation.artifactLocation;
    assert.deepEqual(first, { uri: 'teams/Team%20Sales%20%231/agents/billing-support.agent.yaml', uriBaseId: 'SRCROOT' });
    for (const r of runOf.results) {
      for (const loc of [...r.locations, ...(r.relatedLocations ?? [])]) {
        const a = loc.physicalLocation.artifactLocation;
        const file = fileURLToPath(new URL(a.uri, runOf.originalUriBaseIds[a.uriBaseId].uri));
        assert.ok(existsSync(file), `${a.uri} resolves to ${file}`);
      }
    }
  });

  it('describes every rule with fullDescription, help (text and markdown from docs/rules.md) and helpUri', () => {
    const rules = sarif().runs[0].tool.driver.rules;
    const doc = readFileSync(path.join(repoRoot, 'docs', 'rules.md'), 'utf8');
    assert.ok(rules.length >= 30);
    for (const rule of rules) {
      assert.ok(rule.fullDescription?.text && rule.fullDescription.text.length > 20, `${rule.id} fullDescription`);
      assert.ok(rule.help?.text && rule.help.markdown, `${rule.id} help`);
      assert.equal(rule.helpUri, `https://stellar-kit.dev/docs/rules#${rule.id.toLowerCase()}`);
      assert.match(rule.help.markdown, /\*\*Fix/, `${rule.id}: the markdown keeps the docs' marks`);
      assert.doesNotMatch(rule.help.text, /\*\*|\]\(/, `${rule.id}: the text has no markdown marks`);
      assert.doesNotMatch(rule.help.markdown, /\]\((?!https:)/, `${rule.id}: links are absolute`);
      const section = doc.split(/\n(?=<a id=")/).find((s) => s.includes(`## ${rule.id} — `))!;
      const firstSentence = section
        .split('\n\n')
        .find((p) => p && !p.startsWith('<a') && !p.startsWith('##') && !p.startsWith('**Severity'))!
        .split(/[.:]/)[0];
      assert.ok(
        rule.help.markdown.includes(firstSentence.replace(/\]\(#/g, '](https://stellar-kit.dev/docs/rules#')),
        `${rule.id}: the help is the docs' section`,
      );
    }
  });

  it("validates against the official SARIF 2.1.0 schema and the multitool's GitHub and SARIF rules", () => {
    const r = run(['check', checked, '--format', 'sarif'], elsewhere);
    const schema = JSON.parse(readFileSync(path.join(multitool, 'sarif-2.1.0.json'), 'utf8'));
    const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
    assert.ok(validate(JSON.parse(r.out)), JSON.stringify(validate.errors, null, 2));
    const file = path.join(scratch, 'team.sarif');
    writeFileSync(file, r.out);
    const report = path.join(scratch, 'team-validation.sarif');
    const tool = spawnSync(path.join(multitool, 'Sarif.Multitool'), ['validate', file, '--rule-kind', 'Gh;Sarif', '-o', report], {
      encoding: 'utf8',
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
      timeout: 120_000,
    });
    assert.equal(tool.status, 0, tool.stdout + tool.stderr);
    const results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results as { level?: string; ruleId: string; message: unknown }[];
    const errors = results.filter((x) => x.level === 'error' || x.level === undefined || x.level === 'warning');
    assert.deepEqual(errors, []);
  });

  it('keeps partialFingerprints when unrelated lines move, and the regions follow', () => {
    const beforeLog = sarif().runs[0].results;
    const agent = path.join(checked, 'agents', 'billing-support.agent.yaml');
    const lock = path.join(checked, 'agents', 'order-desk.agent.yaml');
    const original = [readFileSync(agent, 'utf8'), readFileSync(lock, 'utf8')];
    try {
      writeFileSync(agent, `# Reviewed by the billing team.\n# Another note.\n\n${original[0]}`);
      writeFileSync(lock, `# Desk agent.\n${original[1]}`);
      const afterLog = sarif().runs[0].results;
      assert.deepEqual(
        afterLog.map((r) => r.partialFingerprints),
        beforeLog.map((r) => r.partialFingerprints),
      );
      assert.equal(afterLog[0].locations[0].physicalLocation.region.startLine, beforeLog[0].locations[0].physicalLocation.region.startLine + 3);
      assert.equal(afterLog[1].locations[0].physicalLocation.region.startLine, beforeLog[1].locations[0].physicalLocation.region.startLine + 1);
      assert.equal(new Set(afterLog.map((r) => r.partialFingerprints['stellarKitFinding/v1'])).size, afterLog.length, 'fingerprints differ between results');
    } finally {
      writeFileSync(agent, original[0]);
      writeFileSync(lock, original[1]);
    }
  });

  it('--format github names files relative to the git top level, from any current directory', () => {
    for (const [cwd, folder] of [
      [elsewhere, checked],
      [path.join(gitRoot, 'teams'), FOLDER],
      [checked, '.'],
    ]) {
      const r = run(['check', folder, '--format', 'github'], cwd);
      assert.equal(r.code, 1, r.err);
      const lines = r.out.trim().split('\n');
      assert.equal(lines.length, 2);
      assert.match(lines[0], /^::error file=teams\/Team Sales #1\/agents\/billing-support\.agent\.yaml,line=87,col=11,/);
      assert.match(lines[1], /^::warning file=teams\/Team Sales #1\/agents\/order-desk\.agent\.yaml,line=10,/);
    }
  });

  it('--base-path names files from the folder given; one that does not contain the checked folder is a usage error', () => {
    const own = run(['check', checked, '--format', 'github', '--base-path', checked], elsewhere);
    assert.match(own.out, /^::error file=agents\/billing-support\.agent\.yaml,/);
    const teams = JSON.parse(run(['check', checked, '--format', 'sarif', '--base-path', path.join(gitRoot, 'teams')], elsewhere).out) as SarifLog;
    assert.equal(teams.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, 'Team%20Sales%20%231/agents/billing-support.agent.yaml');
    assert.equal(teams.runs[0].originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(path.join(gitRoot, 'teams')).href}/`);
    const relative = run(['check', FOLDER, '--format', 'github', '--base-path', '.'], path.join(gitRoot, 'teams'));
    assert.match(relative.out, /^::error file=Team Sales #1\/agents\//);
    const outside = run(['check', checked, '--format', 'sarif', '--base-path', elsewhere], elsewhere);
    assert.equal(outside.code, 2);
    assert.match(outside.err, /^stellar-kit: --base-path '.*elsewhere' does not contain the checked folder/);
    assert.equal(outside.out, '');
    const missing = run(['check', checked, '--format', 'sarif', '--base-path', path.join(scratch, 'nope')], elsewhere);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /--base-path '.*nope' does not exist/);
  });
});

describe('CI outputs outside a git repository', () => {
  it('names files relative to the checked folder; columns count UTF-16 code units', () => {
    const dir = path.join(scratch, 'plain', 'Ünïcode ws');
    mkdirSync(dir, { recursive: true });
    const line = '  development: { baseUrl: "http://127.0.0.1:1/😀", autth: tok }';
    writeFileSync(path.join(dir, 'stellar.yaml'), 'secrets: {}\n');
    writeFileSync(path.join(dir, 'api.integration.yaml'), `kind: custom-api\nname: API\nenvironments:\n${line}\n`);
    const log = JSON.parse(run(['check', dir, '--format', 'sarif', '--fail-on', 'none'], scratch).out) as SarifLog;
    const typo = log.runs[0].results.find((r) => r.ruleId === 'SK003');
    assert.ok(typo, JSON.stringify(log.runs[0].results.map((r) => r.ruleId)));
    assert.deepEqual(typo.locations[0].physicalLocation.artifactLocation, { uri: 'api.integration.yaml', uriBaseId: 'SRCROOT' });
    assert.equal(log.runs[0].originalUriBaseIds.SRCROOT.uri, `${pathToFileURL(dir).href}/`);
    assert.match(log.runs[0].originalUriBaseIds.SRCROOT.uri, /%C3%9Cn%C3%AFcode%20ws\/$/);
    assert.equal(typo.locations[0].physicalLocation.region.startLine, 4);
    assert.equal(typo.locations[0].physicalLocation.region.startColumn, line.indexOf('autth') + 1, 'the emoji counts as two UTF-16 code units');
  });
});

describe('the README workflow', () => {
  it('is a complete GitHub Actions workflow whose commands run', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('upload-sarif'));
    assert.ok(block, 'a yaml block with the workflow');
    const wf = parse(block) as {
      on: unknown;
      jobs: Record<
        string,
        { 'runs-on': string; permissions: Record<string, string>; steps: { uses?: string; run?: string; if?: string; with?: Record<string, unknown> }[] }
      >;
    };
    assert.ok(wf.on);
    const job = Object.values(wf.jobs)[0];
    assert.equal(job.permissions['security-events'], 'write');
    const uses = job.steps.map((st) => st.uses).filter(Boolean);
    assert.ok(
      uses.includes('actions/checkout@v4') && uses.includes('actions/setup-node@v4') && uses.includes('github/codeql-action/upload-sarif@v3'),
      String(uses),
    );
    assert.equal(job.steps.find((st) => st.uses === 'actions/setup-node@v4')?.with?.['node-version'], 20);
    const upload = job.steps.find((st) => st.uses === 'github/codeql-action/upload-sarif@v3')!;
    assert.equal(upload.if, 'always()');
    assert.equal(upload.with?.sarif_file, 'stellar.sarif');
    // The check commands, run as written (npx stellar-kit = dist/cli.js) in a clean copy of the example.
    const dir = mkdtempSync(path.join(scratch, 'wf-'));
    cpSync(path.join(repoRoot, 'examples', 'acme-support'), dir, { recursive: true });
    execFileSync('git', ['init', '-q'], { cwd: dir });
    const runs = job.steps.map((st) => st.run).filter((r): r is string => typeof r === 'string' && r.startsWith('npx stellar-kit'));
    assert.equal(runs.length, 2);
    const [annotations, sarifStep] = runs.map((r) => r.replace(/^npx stellar-kit /, '').split(' > ')).map(([cmd, out]) => ({ args: cmd.split(' '), out }));
    const a = run(annotations.args, dir);
    assert.equal(a.code, 1, 'the example has an error: the step fails');
    assert.match(a.out, /^::error file=agents\/billing-support\.agent\.yaml,/);
    const b = run(sarifStep.args, dir);
    assert.equal(b.code, 0, 'the SARIF step never fails on findings');
    assert.equal(sarifStep.out, 'stellar.sarif');
    assert.equal((JSON.parse(b.out) as SarifLog).runs[0].results.length, 2);
  });

  it('has a review workflow whose review command runs against the base branch and writes the comment it posts', () => {
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
    const block = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.includes('stellar-kit review'));
    assert.ok(block, 'a yaml block with the review workflow');
    type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; env?: Record<string, string> };
    const wf = parse(block) as { on: Record<string, unknown>; jobs: Record<string, { permissions: Record<string, string>; steps: Step[] }> };
    assert.ok('pull_request' in wf.on);
    const job = Object.values(wf.jobs)[0];
    assert.equal(job.permissions['pull-requests'], 'write');
    assert.equal(job.steps.find((st) => st.uses === 'actions/checkout@v4')?.with?.['fetch-depth'], 0, 'the base branch is fetched');
    const review = job.steps.find((st) => st.run?.includes('stellar-kit review'))!;
    assert.equal(review.env?.BASE_REF, '${{ github.base_ref }}');
    const post = job.steps.find((st) => st.run?.includes('gh pr comment'))!;
    assert.match(post.if ?? '', /always\(\)/);
    assert.match(post.run!, /^gh pr comment "\$PR" --edit-last --body-file review\.md \|\| gh pr comment "\$PR" --body-file review\.md$/);
    // A pull request on a copy of the example: the base on main (fetched as origin/main), then a branch that
    // rewords a shared action's description and deletes another that two agents link.
    const dir = mkdtempSync(path.join(scratch, 'review-wf-'));
    cpSync(path.join(repoRoot, 'examples', 'acme-support'), dir, { recursive: true });
    const git = (...a: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'commit.gpgsign=false', ...a], { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'base');
    git('update-ref', 'refs/remotes/origin/main', 'HEAD');
    git('checkout', '-q', '-b', 'pr');
    const logAction = path.join(dir, 'integrations/crm-api/actions/log_interaction.action.yaml');
    writeFileSync(logAction, readFileSync(logAction, 'utf8').replace('once the call has ended', 'after the call'));
    rmSync(path.join(dir, 'integrations/billing-api/actions/cancel_subscription.action.yaml'));
    git('commit', '-q', '-am', 'pr');
    // The step's script as written, by bash, with the CLI for `npx stellar-kit` and the base branch from the environment.
    const script = review.run!.replace(/^npx stellar-kit /, `"${process.execPath}" "${cli}" `);
    const r = spawnSync('bash', ['-c', script], { cwd: dir, encoding: 'utf8', env: { ...process.env, BASE_REF: 'main' } });
    assert.equal(r.status, 1, `new errors fail the step: ${r.stderr}`);
    const md = readFileSync(path.join(dir, 'review.md'), 'utf8');
    assert.match(md, /^## Stellar review against `origin\/main`/);
    assert.match(md, /\| `crm-api\/log_interaction` \| description changed: 'once' became 'after', .* \| 1: `winback-offers` \(inactive\) \|\n/);
    assert.match(md, /\| `billing-api\/cancel_subscription` \| deleted \| `billing-support`, `winback-offers` \(inactive\) \|\n/);
    assert.match(md, /### New findings \(\d+\)\n\n- \*\*error\*\* SK011 `agents\/billing-support\.agent\.yaml:\d+`/);
  });
});
