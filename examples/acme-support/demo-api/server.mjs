#!/usr/bin/env node
// The Acme Support demo API: a small, dependency-free stand-in for the development slots of the example
// workspace, so `stellar-kit run ... --env development` has something real to talk to.
//
//   node examples/acme-support/demo-api/server.mjs [--port 4010]     (or PORT=4010; port 0 picks a free one)
//
// Routes (each checks the auth its integration's development connector sends, 401 JSON otherwise):
//   Billing API  (bearer BILLING_API_TOKEN)             base http://127.0.0.1:<port>
//     GET    /invoices/lookup?invoice_number=INV-204518
//     GET    /orders?customer_id=...&status=...&limit=...
//     PUT    /customers/address
//     DELETE /subscriptions?subscription_id=...&reason=...
//   Payments API (oauth2 client credentials)           base http://127.0.0.1:<port>/payments
//     POST   /oauth/token                               (form: grant_type=client_credentials, client_id, client_secret)
//     GET    /payments/payments/status?payment_id=...
//     POST   /payments/refunds                          (also needs X-Refund-Approval)
//   CRM          (basic stellar-bot:CRM_API_PASSWORD)     base http://127.0.0.1:<port>/crm
//     GET    /crm/customers/lookup?identifier=...  (or account_number=...)
//     POST   /crm/tickets                               (also needs X-Crm-App-Key)
//     PATCH  /crm/customers/preferences
//     POST   /crm/interactions                          (also needs X-Crm-App-Key)
//   Status page  (api-key STATUSPAGE_API_KEY in the query parameter api_key)
//     GET    /statuspage/api/v2/incidents/unresolved
// Anything else: 404 JSON. Secret values come from demo-secrets.mjs.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';
import { DEMO_CRM_USERNAME, DEMO_OAUTH_CLIENT_ID, DEMO_SECRETS } from './demo-secrets.mjs';

const HOST = '127.0.0.1';
const TOKEN_LIFETIME_S = 3600;

function sameSecret(given, expected) {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body, null, 2) + '\n';
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store', ...headers });
  res.end(text);
}

const unauthorized = (res, scheme, message) =>
  send(res, 401, { error: 'unauthorized', message }, { 'www-authenticate': `${scheme} realm="acme-demo"` });

function bearerOf(req) {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1].trim() : undefined;
}

function basicOf(req) {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
  if (!m) return undefined;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

function readBody(req, limit = 64 * 1024) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > limit) { reject(Object.assign(new Error('body too large'), { status: 413 })); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function jsonBody(req) {
  const text = await readBody(req);
  if (!text.trim()) return {};
  try { return JSON.parse(text); } catch { throw Object.assign(new Error('request body is not valid JSON'), { status: 400 }); }
}

/** Access tokens issued by /oauth/token, with their expiry (ms since the epoch). */
const issuedTokens = new Map();

// ---- Auth checks: each returns true when the request may go on, else it has answered 401/403. ----

function billingAuth(req, res) {
  if (sameSecret(bearerOf(req), DEMO_SECRETS.BILLING_API_TOKEN)) return true;
  unauthorized(res, 'Bearer', 'Billing API: send Authorization: Bearer <BILLING_API_TOKEN>.');
  return false;
}

function paymentsAuth(req, res) {
  const token = bearerOf(req);
  const expires = token === undefined ? undefined : issuedTokens.get(token);
  if (expires !== undefined && expires > Date.now()) return true;
  if (expires !== undefined) issuedTokens.delete(token);
  unauthorized(res, 'Bearer', 'Payments API: send an access token from POST /oauth/token (client credentials).');
  return false;
}

function crmAuth(req, res) {
  const b = basicOf(req);
  if (b && b.username === DEMO_CRM_USERNAME && sameSecret(b.password, DEMO_SECRETS.CRM_API_PASSWORD)) return true;
  unauthorized(res, 'Basic', `CRM: send basic credentials of the service user '${DEMO_CRM_USERNAME}'.`);
  return false;
}

function crmAppKey(req, res) {
  if (sameSecret(req.headers['x-crm-app-key'], DEMO_SECRETS.CRM_APP_KEY)) return true;
  send(res, 403, { error: 'forbidden', message: 'CRM: ticket and interaction writes need the X-Crm-App-Key header.' });
  return false;
}

// ---- Handlers ----

async function oauthToken(req, res) {
  const form = new URLSearchParams(await readBody(req));
  let clientId = form.get('client_id') ?? undefined;
  let clientSecret = form.get('client_secret') ?? undefined;
  const basic = basicOf(req); // RFC 6749 also allows client_secret_basic.
  if (basic) { clientId = decodeURIComponent(basic.username); clientSecret = decodeURIComponent(basic.password); }
  if (form.get('grant_type') !== 'client_credentials') {
    return send(res, 400, { error: 'unsupported_grant_type', error_description: 'Only grant_type=client_credentials is supported.' });
  }
  if (clientId !== DEMO_OAUTH_CLIENT_ID || !sameSecret(clientSecret, DEMO_SECRETS.PAYMENTS_CLIENT_SECRET)) {
    return send(res, 401, { error: 'invalid_client', error_description: 'Unknown client or wrong client secret.' }, { 'www-authenticate': 'Basic realm="acme-demo"' });
  }
  const token = `demo-at-${randomBytes(12).toString('hex')}`;
  issuedTokens.set(token, Date.now() + TOKEN_LIFETIME_S * 1000);
  send(res, 200, { access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S, scope: form.get('scope') ?? 'payments.read refunds.write' });
}

function lookupInvoice(url, res) {
  const number = url.searchParams.get('invoice_number');
  if (!number) return send(res, 400, { error: 'bad_request', message: 'invoice_number is required.' });
  if (!/^INV-[0-9]{6}$/.test(number)) return send(res, 404, { error: 'not_found', message: `No invoice '${number}'.` });
  const n = Number(number.slice(4));
  const paid = n % 5 === 0;
  send(res, 200, {
    invoice: {
      number,
      customer_id: 'AC10482231',
      issued_at: '2026-11-01',
      due_date: '2026-12-01',
      amount_total: 149.0,
      amount_due: paid ? 0 : 149.0,
      currency: 'EUR',
      status: paid ? 'paid' : 'open',
      lines: [
        { description: 'Acme Plus subscription, November 2026', amount: 119.0 },
        { description: 'Express shipping', amount: 30.0 },
      ],
    },
  });
}

function listOrders(url, res) {
  const customer = url.searchParams.get('customer_id');
  if (!customer) return send(res, 400, { error: 'bad_request', message: 'customer_id is required.' });
  const status = url.searchParams.get('status');
  const limit = Math.min(Math.max(Number(url.searchParams.get('limit')) || 10, 1), 10);
  const all = [
    { id: 'ORD-778120', placed_at: '2026-11-14T09:12:00Z', status: 'shipped', total: 89.95, currency: 'EUR', shipment: { carrier: 'DHL', tracking_url: 'https://track.acme.example/ORD-778120' } },
    { id: 'ORD-771904', placed_at: '2026-10-29T17:40:00Z', status: 'delivered', total: 24.5, currency: 'EUR', shipment: { carrier: 'PostNL', tracking_url: 'https://track.acme.example/ORD-771904' } },
    { id: 'ORD-765311', placed_at: '2026-10-03T11:05:00Z', status: 'returned', total: 149.0, currency: 'EUR', shipment: { carrier: 'DHL', tracking_url: 'https://track.acme.example/ORD-765311' } },
  ].filter((o) => !status || o.status === status);
  send(res, 200, { customer_id: customer, total_count: all.length, orders: all.slice(0, limit) });
}

async function updateAddress(req, res) {
  const body = await jsonBody(req);
  const a = body.address ?? {};
  if (!body.customer_id || !a.street || !a.postal_code || !a.city || !a.country) {
    return send(res, 422, { error: 'invalid_address', message: 'customer_id and address.street, postal_code, city and country are required.' });
  }
  send(res, 200, {
    customer_id: body.customer_id,
    address: { ...a, formatted: `${a.street}, ${a.postal_code} ${a.city}, ${a.country}`, updated_at: new Date().toISOString() },
  });
}

function cancelSubscription(url, res) {
  const id = url.searchParams.get('subscription_id');
  if (!id) return send(res, 400, { error: 'bad_request', message: 'subscription_id is required.' });
  send(res, 200, {
    subscription: { id, status: 'cancel_at_period_end', cancel_reason: url.searchParams.get('reason') ?? 'other', current_period_end: '2026-12-31T23:59:59Z' },
  });
}

function paymentStatus(url, res) {
  const id = url.searchParams.get('payment_id');
  if (!id) return send(res, 400, { error: 'bad_request', message: 'payment_id is required.' });
  // Every demo payment was declined once and then paid on the retry, so all three output variables have a value.
  send(res, 200, {
    payment: {
      id,
      method: 'card',
      amount: 89.95,
      currency: 'EUR',
      status: 'paid',
      paid_at: '2026-11-14T09:14:31Z',
      failure: { code: 'card_declined', reason: 'First attempt declined by the issuer (insufficient funds); retry succeeded.' },
    },
  });
}

async function refundPayment(req, res) {
  if (!sameSecret(req.headers['x-refund-approval'], DEMO_SECRETS.REFUND_APPROVAL_TOKEN)) {
    return send(res, 403, { error: 'forbidden', message: 'Refunds need a valid X-Refund-Approval header.' });
  }
  const body = await jsonBody(req);
  if (!body.payment_id || typeof body.amount !== 'number' || !(body.amount > 0)) {
    return send(res, 422, { error: 'invalid_refund', message: 'payment_id and a positive amount are required.' });
  }
  if (body.amount > 200) return send(res, 422, { error: 'needs_review', message: 'Refunds above 200.00 need a human.' });
  send(res, 201, {
    refund: { id: `RF-${randomBytes(4).toString('hex').toUpperCase()}`, payment_id: body.payment_id, amount: body.amount, reason: body.reason ?? null, status: 'pending', estimated_arrival_days: 5 },
  });
}

function lookupCustomer(url, res) {
  // helpdesk-triage sends identifier (account number or email), winback-offers account_number.
  const identifier = url.searchParams.get('identifier') ?? url.searchParams.get('account_number') ?? url.searchParams.get('email');
  if (!identifier) return send(res, 400, { error: 'bad_request', message: 'identifier or account_number is required.' });
  send(res, 200, {
    customer: {
      id: /^AC[0-9]{8}$/.test(identifier) ? identifier : 'AC10482231',
      display_name: 'Jordan Example',
      email: 'jordan@customer.example',
      tier: 'gold',
      open_tickets: 1,
      since: '2021-04-17',
    },
  });
}

async function createTicket(req, res) {
  const body = await jsonBody(req);
  if (!body.customer_id || !body.subject) return send(res, 422, { error: 'invalid_ticket', message: 'customer_id and subject are required.' });
  const id = `TCK-${48000 + Math.floor(Math.random() * 1000)}`;
  send(res, 201, { ticket: { id, subject: body.subject, priority: body.priority ?? 'normal', status: 'open', portal_url: `https://support.acme.example/tickets/${id}` } });
}

async function updatePreferences(req, res) {
  const body = await jsonBody(req);
  if (!body.customer_id) return send(res, 422, { error: 'invalid_preferences', message: 'customer_id is required.' });
  send(res, 200, {
    preferences: { customer_id: body.customer_id, sms_opt_in: body.sms_opt_in ?? false, email_opt_in: body.email_opt_in ?? false, preferred_language: body.preferred_language ?? 'en', version: 7, updated_at: new Date().toISOString() },
  });
}

async function logInteraction(req, res) {
  const body = await jsonBody(req);
  send(res, 201, { interaction: { id: `INT-${randomBytes(4).toString('hex').toUpperCase()}`, customer_id: body.customer_id ?? null, recorded_at: new Date().toISOString() } });
}

function statusIncidents(url, res) {
  if (!sameSecret(url.searchParams.get('api_key') ?? undefined, DEMO_SECRETS.STATUSPAGE_API_KEY)) {
    return send(res, 401, { error: 'unauthorized', message: 'Status page: pass the api_key query parameter.' });
  }
  send(res, 200, { meta: { total: 1 }, incidents: [{ id: 'inc-2291', name: 'Degraded checkout in eu-west', status: 'monitoring', started_at: '2026-11-16T07:50:00Z' }] });
}

/** [method, path, auth check or undefined, handler(req, res, url)] */
const ROUTES = [
  ['POST', '/oauth/token', undefined, (req, res) => oauthToken(req, res)],
  ['GET', '/invoices/lookup', billingAuth, (_req, res, url) => lookupInvoice(url, res)],
  ['GET', '/orders', billingAuth, (_req, res, url) => listOrders(url, res)],
  ['PUT', '/customers/address', billingAuth, (req, res) => updateAddress(req, res)],
  ['DELETE', '/subscriptions', billingAuth, (_req, res, url) => cancelSubscription(url, res)],
  ['GET', '/payments/payments/status', paymentsAuth, (_req, res, url) => paymentStatus(url, res)],
  ['POST', '/payments/refunds', paymentsAuth, (req, res) => refundPayment(req, res)],
  ['GET', '/crm/customers/lookup', crmAuth, (_req, res, url) => lookupCustomer(url, res)],
  ['POST', '/crm/tickets', crmAuth, (req, res) => crmAppKey(req, res) && createTicket(req, res)],
  ['PATCH', '/crm/customers/preferences', crmAuth, (req, res) => updatePreferences(req, res)],
  ['POST', '/crm/interactions', crmAuth, (req, res) => crmAppKey(req, res) && logInteraction(req, res)],
  ['GET', '/statuspage/api/v2/incidents/unresolved', undefined, (_req, res, url) => statusIncidents(url, res)],
];

async function handle(req, res, log) {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const pathname = url.pathname.replace(/\/+$/, '') || '/';
  res.on('finish', () => log(`${req.method} ${pathname} → ${res.statusCode}`)); // never the query: it may hold a key
  const onPath = ROUTES.filter((r) => r[1] === pathname);
  if (onPath.length === 0) return send(res, 404, { error: 'not_found', message: `No route ${req.method} ${pathname}.` });
  const route = onPath.find((r) => r[0] === req.method);
  if (!route) return send(res, 405, { error: 'method_not_allowed', message: `${pathname} allows ${onPath.map((r) => r[0]).join(', ')}.` }, { allow: onPath.map((r) => r[0]).join(', ') });
  const [, , auth, handler] = route;
  if (auth && !auth(req, res)) return;
  await handler(req, res, url);
}

/** Starts the demo API; resolves with the server and its actual port. */
export function startDemoApi({ port = 4010, log = () => {} } = {}) {
  const server = createServer((req, res) => {
    handle(req, res, log).catch((e) => {
      if (!res.headersSent) send(res, e?.status ?? 500, { error: e?.status ? 'bad_request' : 'internal_error', message: String(e?.message ?? e) });
      else res.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve({ server, port: server.address().port }));
  });
}

function portFromArgs(argv, env) {
  let value = env.PORT;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--port') value = argv[++i];
    else if (argv[i].startsWith('--port=')) value = argv[i].slice('--port='.length);
  }
  if (value === undefined || value === '') return 4010;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port '${value}'`);
  return n;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  let port;
  try { port = portFromArgs(process.argv.slice(2), process.env); } catch (e) {
    process.stderr.write(`demo-api: ${e.message}\nUsage: node server.mjs [--port <n>]  (or PORT=<n>; 0 picks a free port)\n`);
    process.exit(2);
  }
  const quiet = process.argv.includes('--quiet');
  startDemoApi({ port, log: quiet ? () => {} : (line) => process.stderr.write(`demo-api: ${line}\n`) }).then(({ server, port: actual }) => {
    process.stdout.write(`Acme demo API listening on http://${HOST}:${actual}\n`);
    const stop = () => {
      server.close(() => process.exit(0));
      server.closeAllConnections();
      setTimeout(() => process.exit(0), 1000).unref();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }, (e) => {
    process.stderr.write(`demo-api: cannot listen on ${HOST}:${port}: ${e.message}\n`);
    process.exit(1);
  });
}
