/**
 * The end-to-end scenarios of e2e/tests/, written against the `vscode` API: they run in an extension host
 * (VS Code via @vscode/test-electron, or code-server's) with the example workspace open. The runner
 * (runTest.ts, or e2e/tests/6-api-suite.test.ts) copies the workspace, starts the demo API and passes
 * STELLAR_E2E_API_ORIGIN and STELLAR_E2E_TOKEN (the demo Billing API token).
 */
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { BILLING_SUPPORT, EXAMPLE_FINDINGS, ORDER_DESK } from '../../lib/example';
import { EXTENSION_ID, fileUri, findings, openEditor, positionOf, ScriptedUi, settledFindings, until } from './helpers';

export async function activationAndProblems(): Promise<void> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  await until('the extension to activate (workspaceContains)', () => ext.isActive, 30_000);
  await until('the first findings', () => findings().length >= 2, 60_000);
  assert.deepEqual(
    (await settledFindings()).map((f) => f.key),
    EXAMPLE_FINDINGS,
  );
}

export async function treeViews(): Promise<void> {
  // VS Code's API does not expose another extension's tree items (e2e/tests/3-trees.test.ts reads them from
  // the screen), nor a webview's page (e2e/tests/7-matrix.test.ts reads it); here: the views are contributed, they
  // open, and opening a shared action opens its file.
  const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
  const views = (ext.packageJSON.contributes.views.stellarKit as { id: string }[]).map((v) => v.id);
  assert.deepEqual(views, ['stellarKit.integrations', 'stellarKit.agents', 'stellarKit.matrix', 'stellarKit.secrets']);
  await vscode.commands.executeCommand('stellarKit.matrix.focus');
  await vscode.commands.executeCommand('stellarKit.integrations.focus');
  await vscode.commands.executeCommand('stellarKit.agents.focus');
  const uri = fileUri('integrations/payments-api/actions/refund_payment.action.yaml').toString();
  await vscode.commands.executeCommand('stellarKit.openItem', {
    kind: 'sharedAction',
    node: { uri, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 11 } } },
  });
  await until('refund_payment.action.yaml in the active editor', () => vscode.window.activeTextEditor?.document.uri.toString() === uri);
}

export async function runAction(): Promise<void> {
  const token = process.env.STELLAR_E2E_TOKEN;
  const origin = process.env.STELLAR_E2E_API_ORIGIN;
  assert.ok(token && origin, 'the runner passes STELLAR_E2E_TOKEN and STELLAR_E2E_API_ORIGIN');
  const ui = new ScriptedUi();
  // The text output (prompts in input boxes, the result in a document): the Run panel's webview is not reachable
  // through the API, so e2e/tests/4-run-action.test.ts drives the panel on screen instead.
  const settings = vscode.workspace.getConfiguration('stellarKit');
  await settings.update('run.output', 'text', vscode.ConfigurationTarget.Global);
  try {
    ui.answers.set('Run which action?', 'billing-support/lookup_invoice');
    ui.answers.set('billing-support/lookup_invoice: invoice_number', 'INV-204518');
    ui.answers.set('Secret BILLING_API_TOKEN (development)', token);
    ui.answers.set('Secret BILLING_API_TOKEN (production)', token);
    const run = async (environment: string) => {
      ui.answers.set('Run in which environment?', environment);
      ui.asked.length = 0;
      await vscode.commands.executeCommand('stellarKit.runAction');
      const doc = vscode.window.activeTextEditor?.document;
      return doc?.uri.scheme === 'stellar-run' ? doc : undefined;
    };

    const first = await run('development');
    // The secret was never sent to the demo API's origin: the editor asks first (run/origins.ts).
    const originPrompt = (env: string) => new RegExp(`^confirm Send secret BILLING_API_TOKEN \\(${env}\\) to ${origin.replace(/[.]/g, '\\.')}\\?`);
    assert.deepEqual(
      ui.asked.filter((a) => !a.startsWith('confirm')),
      [
        'pick Run which action?',
        'pick Run in which environment?',
        'input billing-support/lookup_invoice: invoice_number',
        'password Secret BILLING_API_TOKEN (development)',
      ],
    );
    assert.equal(ui.asked.filter((a) => originPrompt('development').test(a)).length, 1, `the origin is asked about once: ${JSON.stringify(ui.asked)}`);
    assert.ok(first, 'a result document opened');
    const text = first.getText();
    assert.ok(text.includes(`GET ${origin}/invoices/lookup?invoice_number=INV-204518`), text);
    assert.match(text, /Status: 200 OK/);
    assert.match(text, /Output variables:\n {2}invoice_status = "open" .*\n {2}amount_due = 149 /);
    assert.match(text, /Body:\n\{\n {2}"invoice": \{/);
    assert.ok(!text.includes(token), 'the result shows the secret');

    const second = await run('development');
    assert.ok(!ui.asked.some((a) => a.startsWith('password')), `the stored secret is reused: ${JSON.stringify(ui.asked)}`);
    assert.ok(!ui.asked.some((a) => a.startsWith('confirm')), `the approved origin is remembered: ${JSON.stringify(ui.asked)}`);
    assert.ok(second && second !== first, 'a second result document opened');

    ui.confirmWith = undefined;
    const declined = await run('production');
    assert.ok(
      ui.asked.some((a) => /^confirm Send GET .* to PRODUCTION\?$/.test(a)),
      `production asks for confirmation: ${JSON.stringify(ui.asked)}`,
    );
    assert.ok(!ui.asked.some((a) => a.startsWith('password')), 'declining sends nothing (no secret needed)');
    assert.equal(declined, second, 'no result document after declining');

    ui.confirmWith = 'Send to production';
    const prod = await run('production');
    assert.ok(ui.asked.includes('password Secret BILLING_API_TOKEN (production)'), 'secrets are per environment');
    assert.ok(
      ui.asked.some((a) => originPrompt('production').test(a)),
      'origins are remembered per environment',
    );
    assert.ok(prod && /^billing-support\/lookup_invoice in production\n/.test(prod.getText()) && /Status: 200 OK/.test(prod.getText()));
    assert.ok(!prod.getText().includes(token));
  } finally {
    ui.dispose();
    await settings.update('run.output', undefined, vscode.ConfigurationTarget.Global);
  }
}

export async function languageFeatures(): Promise<void> {
  const editor = await openEditor(BILLING_SUPPORT);
  const doc = editor.document;
  const at = positionOf(doc, 'link: billing-api/lookup_invoice', 'link: '.length + 4);
  const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
  const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
  for (const target of ['billing-api/lookup_invoice', 'payments-api/refund_payment', 'crm-api/lookup_customer', 'helpdesk-mcp/search_articles']) {
    assert.ok(labels.includes(target), `completion offers ${target}: ${JSON.stringify(labels)}`);
  }
  assert.ok(!labels.includes('billing-api/refund_payment'), 'the moved action is not offered');

  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, at);
  const hover = hovers
    .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
    .join('\n')
    .replace(/`/g, '');
  for (const part of ['billing-api/lookup_invoice', 'GET /invoices/lookup', 'X-Api-Version', 'amount_due', '$.invoice.amount_due']) {
    assert.ok(hover.includes(part), `the hover shows ${part}: ${hover}`);
  }

  const defs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
  const target = defs.map((d) => ('targetUri' in d ? d.targetUri : d.uri).toString());
  assert.deepEqual(target, [fileUri('integrations/billing-api/actions/lookup_invoice.action.yaml').toString()]);
}

export async function editingDefaults(): Promise<void> {
  // What Red Hat YAML gave these files, now from Stellar Kit: 2-space defaults, Format Document, folding, selection.
  const rel = 'integrations/billing-api/billing-api.integration.yaml';
  const editor = await openEditor(rel);
  const doc = editor.document;
  assert.equal(doc.languageId, 'stellar-yaml');
  const config = vscode.workspace.getConfiguration('editor', { languageId: 'stellar-yaml' });
  assert.equal(config.get('tabSize'), 2);
  assert.equal(config.get('insertSpaces'), true);
  assert.equal(config.get('detectIndentation'), false);
  const original = doc.getText();
  // Every indentation doubled: a 4-space file (this one has no block scalars, whose inner indentation would double too).
  const wide = original.replace(/^( +)/gm, (m) => m + m);
  assert.notEqual(wide, original);
  assert.ok(await editor.edit((b) => b.replace(new vscode.Range(doc.positionAt(0), doc.positionAt(original.length)), wide)));
  const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', doc.uri, { tabSize: 2, insertSpaces: true });
  assert.ok(edits && edits.length > 0, 'Format Document offers edits');
  const apply = new vscode.WorkspaceEdit();
  apply.set(doc.uri, edits);
  assert.ok(await vscode.workspace.applyEdit(apply));
  assert.equal(doc.getText(), original, 'Format Document brings back the 2-space file');
  const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', doc.uri);
  assert.ok(
    folds.some((f) => doc.lineAt(f.start).text.startsWith('environments:')),
    `environments: folds: ${JSON.stringify(folds)}`,
  );
  const at = positionOf(doc, 'baseUrl', 2);
  const [sel] = await vscode.commands.executeCommand<vscode.SelectionRange[]>('vscode.executeSelectionRangeProvider', doc.uri, [at]);
  // VS Code merges its own word ranges (`base` of `baseUrl`) with the server's.
  const chain: string[] = [];
  for (let r: vscode.SelectionRange | undefined = sel; r; r = r.parent) chain.push(doc.getText(r.range));
  const key = chain.indexOf('baseUrl');
  const pair = chain.findIndex((t) => /^baseUrl: http\S+$/.test(t));
  const slot = chain.findIndex((t) => t.startsWith('development:\n'));
  assert.ok(key >= 0 && pair > key && slot > pair, `the selection grows from the key to the pair and the slot: ${JSON.stringify(chain)}`);
  await vscode.commands.executeCommand('workbench.action.files.revert');
}

async function applyFix(rel: string, at: vscode.Position, title: string): Promise<void> {
  const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', fileUri(rel), new vscode.Range(at, at));
  const fix = actions.find((a) => a.title === title);
  assert.ok(fix?.edit, `quick fix '${title}' offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(await vscode.workspace.applyEdit(fix.edit), `'${title}' applied`);
}

export async function editAndFix(): Promise<void> {
  const editor = await openEditor(ORDER_DESK);
  const start = positionOf(editor.document, 'billing-api/list_orders');
  assert.ok(await editor.edit((b) => b.replace(new vscode.Range(start, start.translate(0, 'billing-api/list_orders'.length)), 'billing-api/list_orderz')));
  const typed = Date.now();
  await until('SK011 for the wrong link', () => findings().some((f) => f.code === 'SK011' && f.message.includes("'billing-api/list_orderz'")), 5000, 10);
  const elapsed = Date.now() - typed;
  assert.ok(elapsed <= 1000, `SK011 took ${elapsed} ms (limit 1000 ms)`);

  await openEditor(BILLING_SUPPORT);
  await applyFix(BILLING_SUPPORT, new vscode.Position(86, 10), "Re-link to 'payments-api/refund_payment'");
  await until('SK012 to go away', () => !findings().some((f) => f.code === 'SK012'));

  const lockFile = fileUri('agents/order-desk.agent.lock.yaml').fsPath;
  assert.match(readFileSync(lockFile, 'utf8'), /name: amount,/);
  await applyFix(ORDER_DESK, new vscode.Position(9, 10), "Accept the current shape of 'billing-api/lookup_invoice' into the lock");
  await until('SK013 to go away', () => !findings().some((f) => f.code === 'SK013'));
  // The fix edits the lock in an unsaved editor document, like any workspace edit; saving writes it.
  const lockDoc = await vscode.workspace.openTextDocument(fileUri('agents/order-desk.agent.lock.yaml'));
  assert.match(lockDoc.getText(), /name: amount_due/);
  assert.ok(await lockDoc.save(), 'the lock saved');
  const lock = await until('the lock on disk', () => {
    const t = readFileSync(lockFile, 'utf8');
    return t.includes('amount_due') && t;
  });
  assert.match(lock, /name: amount_due/);
  assert.match(lock, /X-Api-Version/);
}

/** Record Response Shape as the Run panel calls it: the shape file is written at once, and SK016 reads it. */
export async function recordResponseShape(): Promise<void> {
  const body = JSON.stringify({ invoice: { status: 'open', amount: 1250, currency: 'EUR', due_date: '2026-12-31' } });
  const args = { fileUri: fileUri(ORDER_DESK).toString(), action: 'lookup_invoice', environment: 'development', status: 200, body };
  const r = await vscode.commands.executeCommand<{ ok: boolean; uri?: string; error?: string }>('stellarKit.recordResponseShape', args);
  assert.ok(r?.ok, r?.error);
  const shape = fileUri('integrations/billing-api/actions/lookup_invoice.response.yaml');
  assert.equal(r.uri, shape.toString());
  const text = await until('the shape file on disk', () => {
    try {
      return readFileSync(shape.fsPath, 'utf8');
    } catch {
      return undefined;
    }
  });
  assert.match(text, /^# Written by stellar-kit; do not edit\./);
  assert.ok(!text.includes('1250') && !text.includes('EUR'), 'no value in the shape file');
  const sk016 = await until('SK016 on amount_due', () => findings().find((f) => f.code === 'SK016'), 10_000);
  assert.match(sk016.key, /^integrations\/billing-api\/actions\/lookup_invoice\.action\.yaml:13:11 warning SK016$/);
  assert.match(sk016.message, /'\$\.invoice' has no 'amount_due'/);
  const refused = await vscode.commands.executeCommand<{ ok: boolean; error?: string }>('stellarKit.recordResponseShape', { ...args, status: 404 });
  assert.deepEqual(refused, {
    ok: false,
    error: "The response shape of 'order-desk/lookup_invoice' was not recorded: the status is 404, and only a 2xx response is a contract.",
  });
}

/** In this order: the scenarios that change the workspace come last. */
export const SCENARIOS: [string, () => Promise<void>][] = [
  ['1. opening the example workspace: exactly SK012 and SK013', activationAndProblems],
  ['3. the Integrations, Agents and Environment Matrix views open; a shared action opens its file', treeViews],
  ['4. Run Action in Environment: parameters, result, production confirmation, secret reuse', runAction],
  ['5. completion, hover and go to definition on a link', languageFeatures],
  ['5b. stellar-yaml editing: 2-space defaults, Format Document, folding and selection ranges', editingDefaults],
  ['2. SK011 within a second; quick fixes for SK012 and SK013 rewrite the agent and the lock', editAndFix],
  ['7b. Record Response Shape writes the shape file at once; SK016 reads it', recordResponseShape],
];
