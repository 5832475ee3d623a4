// The demo behind `npm start` (scripts/demo.mjs) and the bundled demo API of the example workspace
// (examples/acme-support/demo-api/server.mjs). Uses dist/cli.js, built by `npm test`'s pretest.
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';

const repo = path.resolve(__dirname, '..');
const example = path.join(repo, 'examples', 'acme-support');
const serverScript = path.join(example, 'demo-api', 'server.mjs');
const cli = path.join(repo, 'dist', 'cli.js');

async function demoSecrets(): Promise<Record<string, string>> {
  const m = await import(pathToFileURL(path.join(example, 'demo-api', 'demo-secrets.mjs')).href);
  return m.DEMO_SECRETS as Record<string, string>;
}

/** Starts the demo API on a free port. */
function startServer(): Promise<{ child: ChildProcess; base: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [serverScript, '--port', '0', '--quiet'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`demo API did not start: ${out}`));
    }, 10_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(out);
      if (m) {
        clearTimeout(timer);
        assert.notEqual(Number(m[2]), 0);
        resolve({ child, base: m[1] });
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) {
      resolve();
      return;
    }
    const kill = setTimeout(() => child.kill('SIGKILL'), 3000);
    child.once('close', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

describe('npm start demo (scripts/demo.mjs)', () => {
  it('checks the example, runs lookup_invoice against the demo API and never prints a secret', async () => {
    assert.ok(existsSync(cli), 'dist/cli.js is built by pretest');
    const before = new Set(readdirSync(tmpdir()).filter((f) => f.startsWith('stellar-demo-')));
    const r = spawnSync(process.execPath, [path.join(repo, 'scripts', 'demo.mjs')], {
      cwd: repo,
      encoding: 'utf8',
      timeout: 45_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    const output = r.stdout + r.stderr;
    assert.equal(r.status, 0, output);
    assert.match(output, /error SK012 Binding 'billing-api\/refund_payment'/);
    assert.match(output, /warning SK013 Binding 'billing-api\/lookup_invoice'/);
    assert.match(output, /GET http:\/\/127\.0\.0\.1:\d+\/invoices\/lookup\?invoice_number=INV-204518/);
    assert.match(output, /^200 OK/m);
    assert.match(output, /Output variables:\n {2}invoice_status = open\n {2}amount_due = 149\n {2}currency = EUR\n {2}due_date = 2026-12-01\n/);
    assert.match(output, /\(run exited 0\)/);
    for (const [name, value] of Object.entries(await demoSecrets())) {
      assert.ok(!output.includes(value), `the output shows the value of ${name}`);
    }
    const leftover = readdirSync(tmpdir()).filter((f) => f.startsWith('stellar-demo-') && !before.has(f));
    assert.deepEqual(leftover, [], 'the temporary workspace copy is removed');
    assert.ok(
      readFileSync(path.join(example, 'integrations', 'billing-api', 'billing-api.integration.yaml'), 'utf8').includes('http://127.0.0.1:4010'),
      'the committed example is unchanged',
    );
  });
});

describe('demo API (examples/acme-support/demo-api/server.mjs)', () => {
  let server: { child: ChildProcess; base: string } | undefined;
  let secrets: Record<string, string>;
  before(async () => {
    server = await startServer();
    secrets = await demoSecrets();
  });
  after(() => stop(server?.child));

  it('answers 401 JSON without auth or with a wrong token, and 200 with the demo token', async () => {
    const url = `${server!.base}/invoices/lookup?invoice_number=INV-204518`;
    for (const headers of [{}, { authorization: 'Bearer not-the-token' }] as Record<string, string>[]) {
      const res = await fetch(url, { headers });
      assert.equal(res.status, 401);
      assert.match(res.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(((await res.json()) as { error: string }).error, 'unauthorized');
    }
    const ok = await fetch(url, { headers: { authorization: `Bearer ${secrets.BILLING_API_TOKEN}` } });
    assert.equal(ok.status, 200);
    const body = (await ok.json()) as { invoice: Record<string, unknown> };
    assert.deepEqual(
      Object.keys(body.invoice)
        .filter((k) => ['number', 'amount_due', 'currency', 'due_date', 'status'].includes(k))
        .sort(),
      ['amount_due', 'currency', 'due_date', 'number', 'status'],
    );
  });

  it('answers 404 JSON for an unknown route', async () => {
    const res = await fetch(`${server!.base}/no/such/route`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { error: string }).error, 'not_found');
  });

  it('issues OAuth2 client-credentials tokens with expires_in, and refuses a wrong client secret', async () => {
    const form = (secret: string) =>
      new URLSearchParams({ grant_type: 'client_credentials', client_id: 'stellar-voice-dev', client_secret: secret, scope: 'payments.read refunds.write' });
    const bad = await fetch(`${server!.base}/oauth/token`, {
      method: 'POST',
      body: form('wrong'),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(bad.status, 401);
    const res = await fetch(`${server!.base}/oauth/token`, {
      method: 'POST',
      body: form(secrets.PAYMENTS_CLIENT_SECRET),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    assert.equal(res.status, 200);
    const t = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    assert.equal(t.token_type, 'Bearer');
    assert.ok(t.expires_in > 0);
    const status = await fetch(`${server!.base}/payments/payments/status?payment_id=PAY-7F3K2Q`, { headers: { authorization: `Bearer ${t.access_token}` } });
    assert.equal(status.status, 200);
    const noToken = await fetch(`${server!.base}/payments/payments/status?payment_id=PAY-7F3K2Q`);
    assert.equal(noToken.status, 401);
  });

  it('checks basic credentials on the CRM and the api key in the query on the status page', async () => {
    const basic = (pw: string) => `Basic ${Buffer.from(`stellar-bot:${pw}`).toString('base64')}`;
    assert.equal((await fetch(`${server!.base}/crm/customers/lookup?identifier=AC10482231`, { headers: { authorization: basic('wrong') } })).status, 401);
    assert.equal(
      (await fetch(`${server!.base}/crm/customers/lookup?identifier=AC10482231`, { headers: { authorization: basic(secrets.CRM_API_PASSWORD) } })).status,
      200,
    );
    assert.equal((await fetch(`${server!.base}/statuspage/api/v2/incidents/unresolved`)).status, 401);
    assert.equal((await fetch(`${server!.base}/statuspage/api/v2/incidents/unresolved?api_key=${secrets.STATUSPAGE_API_KEY}`)).status, 200);
  });

  it('serves every development-slot action of the example: `stellar-kit run` exits 0 with all output variables', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stellar-demoapi-test-'));
    try {
      cpSync(example, dir, { recursive: true, filter: (src) => path.basename(src) !== 'demo-api' });
      for (const rel of [
        'integrations/billing-api/billing-api.integration.yaml',
        'integrations/payments-api/payments-api.integration.yaml',
        'integrations/crm-api/crm-api.integration.yaml',
        'auth/payments-oauth.auth.yaml',
      ]) {
        const f = path.join(dir, rel);
        writeFileSync(f, readFileSync(f, 'utf8').split('http://127.0.0.1:4010').join(server!.base));
      }
      const env: Record<string, string | undefined> = {};
      for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('STELLAR_SECRET_')) env[k] = v;
      for (const [k, v] of Object.entries(secrets)) env[`STELLAR_SECRET_${k}_DEVELOPMENT`] = v;
      const runs: [string, string[]][] = [
        ['billing-support/lookup_invoice', ['invoice_number=INV-204518']],
        ['billing-support/list_orders', ['customer_id=AC10482231', 'status=shipped']],
        ['billing-support/update_address', ['customer_id=AC10482231', 'street=Keizersgracht 1', 'postal_code=1015 CJ', 'city=Amsterdam', 'country=NL']],
        ['billing-support/cancel_subscription', ['subscription_id=SUB-3381', 'reason=not_using']],
        ['order-desk/get_payment_status', ['payment_id=PAY-7F3K2Q']],
        ['order-desk/refund_payment', ['payment_id=PAY-7F3K2Q', 'amount=24.5', 'reason=damaged']],
        ['helpdesk-triage/lookup_customer', ['identifier=AC10482231']],
        ['helpdesk-triage/create_ticket', ['customer_id=AC10482231', 'subject=Router keeps rebooting', 'details=Since the last update', 'priority=high']],
        ['helpdesk-triage/update_contact_preferences', ['customer_id=AC10482231', 'sms_opt_in=true', 'email_opt_in=false']],
        ['winback-offers/lookup_customer', ['account_number=AC10482231']],
        ['winback-offers/log_interaction', ['customer_id=AC10482231', 'outcome=retained', 'offer_accepted=true', 'summary=Accepted 20 percent off']],
      ];
      for (const [target, params] of runs) {
        const r = spawnSync(
          process.execPath,
          [
            cli,
            'run',
            target,
            '--env',
            'development',
            ...params.flatMap((p) => ['--param', p]),
            '--var',
            'call.from=+31612345678',
            '--format',
            'json',
            '--folder',
            dir,
          ],
          { encoding: 'utf8', env, timeout: 15_000 },
        );
        assert.equal(r.status, 0, `${target}: ${r.stdout}${r.stderr}`);
        const j = JSON.parse(r.stdout) as { status: number; outputVariables: { name: string; found: boolean }[] };
        assert.ok(j.status >= 200 && j.status < 300, target);
        assert.ok(j.outputVariables.length > 0 && j.outputVariables.every((o) => o.found), `${target}: ${r.stdout}`);
        for (const v of Object.values(secrets)) assert.ok(!(r.stdout + r.stderr).includes(v), `${target} shows a secret`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
