#!/usr/bin/env node
// Generates a synthetic Stellar workspace for the benchmark: `node bench/generate.mjs [--files 2000] [--seed 42] [--out DIR]`.
//
// Proportions (of the file count): 1 stellar.yaml, ~5% integrations (custom-api mostly, some mcp-server with
// their tools locks, some messaging-channel), ~5% auth connectors, ~22% agents (5-15 bindings each plus a few
// agent-specific actions), ~22% agent locks matching the current shapes, the rest (~45%) shared actions.
// Popularity is skewed (Zipf): a few integrations and actions are linked by many agents, most by a few.
// A handful of deliberate problems (max(1, round(files / 1000)) of each): moved shared actions (SK012),
// deleted shared actions (SK011), changed shapes since the lock (SK013) and undeclared secrets (SK021).
// Deterministic: the same --files and --seed always give byte-identical files.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bump when the generated content changes, so check.ts regenerates stale workspaces. */
export const GENERATOR_VERSION = 3;

// ---------------------------------------------------------------------------------------------------------
// Deterministic randomness

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Rng {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  float() {
    return this.next();
  }
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  } // inclusive
  chance(p) {
    return this.next() < p;
  }
  pick(list) {
    return list[Math.floor(this.next() * list.length)];
  }
  shuffle(list) {
    const a = [...list];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample(list, n) {
    return this.shuffle(list).slice(0, n);
  }
  /** Index drawn from weights (not normalised). */
  weighted(weights) {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i];
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

const zipf = (n, s = 1) => Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, s));

// ---------------------------------------------------------------------------------------------------------
// Vocabulary, modelled on examples/acme-support

/** name|plural|id parameter|id pattern (or -)|fields returned */
const DOMAINS = {
  billing: {
    label: 'Billing',
    about: 'Invoices, statements, credit notes and payment plans.',
    nouns: [
      'invoice|invoices|invoice_number|^INV-[0-9]{6}$|status,amount_due,currency,due_date',
      'statement|statements|statement_id|-|period,closing_balance,currency',
      'credit_note|credit-notes|credit_note_id|^CN-[0-9]{6}$|amount,status,issued_at',
      'payment_plan|payment-plans|plan_id|-|status,next_installment,remaining_amount',
    ],
  },
  crm: {
    label: 'CRM',
    about: 'Customer records, contact preferences and interaction history.',
    nouns: [
      'customer|customers|customer_id|-|display_name,tier,open_tickets',
      'contact|contacts|contact_id|-|email,phone,preferred_language',
      'interaction|interactions|interaction_id|-|channel,outcome,created_at',
      'consent|consents|consent_id|-|sms_opt_in,email_opt_in,updated_at',
    ],
  },
  orders: {
    label: 'Orders',
    about: 'Web shop orders, order lines and delivery slots.',
    nouns: [
      'order|orders|order_number|^ORD-[0-9]{7}$|status,total,placed_at',
      'order_line|order-lines|line_id|-|sku,quantity,status',
      'delivery_slot|delivery-slots|slot_id|-|starts_at,ends_at,carrier',
      'gift_card|gift-cards|card_number|^GC[0-9]{10}$|balance,currency,expires_at',
    ],
  },
  payments: {
    label: 'Payments',
    about: 'Card and bank payments, refunds and mandates.',
    nouns: [
      'payment|payments|payment_id|^PAY-[A-Z0-9]{6}$|status,amount,paid_at',
      'refund|refunds|refund_id|-|status,amount,estimated_arrival_days',
      'mandate|mandates|mandate_id|-|status,iban_last4,signed_at',
      'chargeback|chargebacks|chargeback_id|-|status,reason,deadline',
    ],
  },
  shipping: {
    label: 'Shipping',
    about: 'Shipments, parcels, pickups and tracking.',
    nouns: [
      'shipment|shipments|tracking_number|^[A-Z0-9]{10,18}$|status,carrier,eta',
      'parcel|parcels|parcel_id|-|weight_kg,status,location',
      'pickup|pickups|pickup_id|-|scheduled_for,status,driver_name',
      'return_label|return-labels|label_id|-|url,expires_at,carrier',
    ],
  },
  inventory: {
    label: 'Inventory',
    about: 'Stock levels, reservations and warehouse transfers.',
    nouns: [
      'stock_item|stock-items|sku|^[A-Z]{3}-[0-9]{5}$|available,reserved,warehouse',
      'reservation|reservations|reservation_id|-|status,expires_at,quantity',
      'transfer|transfers|transfer_id|-|status,from_warehouse,to_warehouse',
      'backorder|backorders|backorder_id|-|status,expected_at,quantity',
    ],
  },
  loyalty: {
    label: 'Loyalty',
    about: 'Loyalty accounts, points, vouchers and tiers.',
    nouns: [
      'member|members|member_number|^LM[0-9]{8}$|tier,points_balance,joined_at',
      'voucher|vouchers|voucher_code|^[A-Z0-9]{8}$|status,value,expires_at',
      'points_transaction|points-transactions|transaction_id|-|points,reason,booked_at',
      'reward|rewards|reward_id|-|title,points_cost,stock',
    ],
  },
  appointments: {
    label: 'Appointments',
    about: 'Appointments, technicians and service windows.',
    nouns: [
      'appointment|appointments|appointment_id|^APT-[0-9]{6}$|status,starts_at,location',
      'technician_visit|technician-visits|visit_id|-|status,technician_name,window_start',
      'service_window|service-windows|window_id|-|starts_at,ends_at,capacity',
      'waitlist_entry|waitlist|entry_id|-|position,status,created_at',
    ],
  },
  claims: {
    label: 'Claims',
    about: 'Insurance claims, damage reports and claim documents.',
    nouns: [
      'claim|claims|claim_number|^CLM-[0-9]{7}$|status,assessed_amount,handler',
      'damage_report|damage-reports|report_id|-|status,severity,submitted_at',
      'claim_document|claim-documents|document_id|-|status,type,uploaded_at',
      'assessor_visit|assessor-visits|visit_id|-|status,scheduled_for,assessor_name',
    ],
  },
  policies: {
    label: 'Policies',
    about: 'Insurance policies, coverages and premiums.',
    nouns: [
      'policy|policies|policy_number|^POL-[0-9]{8}$|status,premium,renewal_date',
      'coverage|coverages|coverage_id|-|type,limit,deductible',
      'premium_quote|premium-quotes|quote_id|-|monthly_premium,currency,valid_until',
      'beneficiary|beneficiaries|beneficiary_id|-|name,share_percent,relation',
    ],
  },
  tickets: {
    label: 'Helpdesk',
    about: 'Support tickets, comments and escalations.',
    nouns: [
      'ticket|tickets|ticket_id|^TCK-[0-9]{5}$|status,assignee,priority',
      'ticket_comment|ticket-comments|comment_id|-|author,visibility,created_at',
      'escalation|escalations|escalation_id|-|status,level,owner',
      'known_issue|known-issues|issue_id|-|title,status,workaround',
    ],
  },
  accounts: {
    label: 'Accounts',
    about: 'Customer accounts, logins and security settings.',
    nouns: [
      'account|accounts|account_number|^AC[0-9]{8}$|status,plan,created_at',
      'login|logins|login_id|-|last_login_at,failed_attempts,locked',
      'security_question|security-questions|question_id|-|question,set_at,attempts_left',
      'device|devices|device_id|-|model,last_seen_at,trusted',
    ],
  },
  subscriptions: {
    label: 'Subscriptions',
    about: 'Subscriptions, plans, add-ons and renewals.',
    nouns: [
      'subscription|subscriptions|subscription_id|^SUB-[0-9]{6}$|status,plan,current_period_end',
      'addon|addons|addon_id|-|name,monthly_price,status',
      'renewal|renewals|renewal_id|-|renews_at,price,status',
      'plan_change|plan-changes|change_id|-|from_plan,to_plan,effective_at',
    ],
  },
  returns: {
    label: 'Returns',
    about: 'Return requests, inspections and exchanges.',
    nouns: [
      'return_request|return-requests|rma_number|^RMA-[0-9]{6}$|status,refund_amount,received_at',
      'inspection|inspections|inspection_id|-|result,inspected_at,notes',
      'exchange|exchanges|exchange_id|-|status,new_sku,ships_at',
      'return_window|return-windows|order_number|-|open_until,eligible,reason',
    ],
  },
  catalog: {
    label: 'Catalog',
    about: 'Products, prices, availability and bundles.',
    nouns: [
      'product|products|sku|^[A-Z]{3}-[0-9]{5}$|title,price,in_stock',
      'bundle|bundles|bundle_id|-|title,price,items',
      'price_alert|price-alerts|alert_id|-|status,target_price,created_at',
      'review|reviews|review_id|-|rating,status,published_at',
    ],
  },
  bookings: {
    label: 'Bookings',
    about: 'Travel bookings, seats and passengers.',
    nouns: [
      'booking|bookings|booking_reference|^[A-Z0-9]{6}$|status,departure_at,total',
      'seat|seats|seat_number|-|cabin,status,price',
      'passenger|passengers|passenger_id|-|name,checked_in,bags',
      'voucher_booking|voucher-bookings|voucher_booking_id|-|status,value,expires_at',
    ],
  },
  energy: {
    label: 'Energy',
    about: 'Meter readings, tariffs and supply contracts.',
    nouns: [
      'meter_reading|meter-readings|meter_number|^[0-9]{12}$|reading,read_at,estimated',
      'tariff|tariffs|tariff_id|-|name,unit_rate,standing_charge',
      'supply_contract|supply-contracts|contract_number|^EC[0-9]{8}$|status,ends_at,tariff',
      'outage_report|outage-reports|report_id|-|status,area,restored_at',
    ],
  },
  telecom: {
    label: 'Telecom',
    about: 'Mobile lines, SIM cards, bundles and roaming.',
    nouns: [
      'mobile_line|mobile-lines|msisdn|^\\+[1-9][0-9]{7,14}$|status,plan,data_left_mb',
      'sim_card|sim-cards|iccid|^[0-9]{19,20}$|status,activated_at,type',
      'data_bundle|data-bundles|bundle_code|-|size_gb,price,valid_days',
      'roaming_profile|roaming-profiles|profile_id|-|status,zone,daily_cap',
    ],
  },
  banking: {
    label: 'Banking',
    about: 'Cards, transfers and account limits.',
    nouns: [
      'card|cards|card_id|-|status,last4,expires_at',
      'transfer_order|transfer-orders|transfer_order_id|-|status,amount,execute_at',
      'limit|limits|limit_id|-|daily_limit,currency,updated_at',
      'dispute|disputes|dispute_id|-|status,amount,opened_at',
    ],
  },
  identity: {
    label: 'Identity',
    about: 'Identity verification, one-time codes and documents.',
    nouns: [
      'verification|verifications|verification_id|-|status,method,expires_at',
      'one_time_code|one-time-codes|code_id|-|sent_at,channel,attempts_left',
      'id_document|id-documents|document_number|-|status,type,expires_at',
      'address_check|address-checks|check_id|-|result,checked_at,source',
    ],
  },
};
const DOMAIN_KEYS = Object.keys(DOMAINS);

function parseNoun(spec) {
  const [n, plural, idParam, pattern, fields] = spec.split('|');
  return { n, plural, idParam, pattern: pattern === '-' ? undefined : pattern, fields: fields.split(','), words: n.replace(/_/g, ' ') };
}
for (const d of Object.values(DOMAINS)) d.nouns = d.nouns.map(parseNoun);

const article = (w) => (/^[aeiou]/.test(w) ? 'an' : 'a');
const cap = (s) => s.charAt(0).toUpperCase() + s.slice(1);
const human = (s) => s.replace(/_/g, ' ');
const pl = (w) => (/(s|x|ch|sh)$/.test(w) ? `${w}es` : /[^aeiou]y$/.test(w) ? `${w.slice(0, -1)}ies` : `${w}s`);

const STATUS_ENUM = ['open', 'pending', 'completed', 'cancelled'];
const REASON_ENUM = ['too_expensive', 'not_needed', 'duplicate', 'other'];

function idParamOf(noun) {
  const p = {
    name: noun.idParam,
    type: 'string',
    description: `The ${human(noun.idParam)} of the ${noun.words}${noun.pattern ? `, as the caller reads it from their documents` : ''}`,
  };
  if (noun.pattern) p.pattern = noun.pattern;
  return p;
}

/** Verb templates: each makes one shared action for a noun. */
const VERBS = [
  {
    key: 'lookup',
    id: (o) => `lookup_${o.n}`,
    method: 'GET',
    path: (o) => `/${o.plural}/lookup`,
    desc: (o) => `Look up ${article(o.words)} ${o.words} by its ${human(o.idParam)} and return its ${o.fields.map(human).join(', ')}.`,
    params: (o) => [idParamOf(o)],
    outputs: (o) => o.fields.map((f) => ({ name: `${o.n}_${f}`.replace(/^(.{40}).*/, '$1'), path: `$.${o.n}.${f}` })),
  },
  {
    key: 'list',
    id: (o) => `list_${pl(o.n)}`,
    method: 'GET',
    path: (o) => `/${o.plural}`,
    desc: (o) => `List the customer's most recent ${pl(o.words)} with their status, so the caller can say which one they mean.`,
    params: () => [
      { name: 'customer_id', type: 'string', description: 'Customer id returned by an earlier lookup' },
      { name: 'status', type: 'string', enum: STATUS_ENUM },
      { name: 'limit', type: 'integer', minimum: 1, maximum: 10 },
    ],
    outputs: (o) => [
      { name: `${o.n}_count`, path: '$.total_count' },
      { name: `latest_${o.n}_id`, path: `$.${o.plural.replace(/-/g, '_')}[0].id` },
      { name: `latest_${o.n}_status`, path: `$.${o.plural.replace(/-/g, '_')}[0].status` },
    ],
  },
  {
    key: 'status',
    id: (o) => `get_${o.n}_status`,
    method: 'GET',
    path: (o) => `/${o.plural}/status`,
    desc: (o) => `Get the current status of ${article(o.words)} ${o.words}, including the reason when it is on hold.`,
    params: (o) => [idParamOf(o)],
    outputs: (o) => [
      { name: `${o.n}_status`, path: `$.${o.n}.status` },
      { name: 'hold_reason', path: `$.${o.n}.hold.reason` },
      { name: 'status_updated_at', path: `$.${o.n}.updated_at` },
    ],
  },
  {
    key: 'search',
    id: (o) => `search_${pl(o.n)}`,
    method: 'GET',
    path: (o) => `/${o.plural}/search`,
    desc: (o) => `Search ${pl(o.words)} by a free-text description when the caller does not know the ${human(o.idParam)}.`,
    params: () => [
      { name: 'query', type: 'string', description: 'What the caller said, in their own words', minLength: 2 },
      { name: 'limit', type: 'integer', minimum: 1, maximum: 5 },
    ],
    outputs: (o) => [
      { name: 'match_count', path: '$.total' },
      { name: `top_${o.n}_id`, path: '$.results[0].id' },
    ],
  },
  {
    key: 'create',
    id: (o) => `create_${o.n}`,
    method: 'POST',
    path: (o) => `/${o.plural}`,
    desc: (o) => `Create ${article(o.words)} ${o.words} for the customer. Read the details back to the caller and get a yes before calling.`,
    params: () => [
      { name: 'customer_id', type: 'string' },
      { name: 'details', type: 'string', maxLength: 500 },
      { name: 'priority', type: 'string', enum: ['low', 'normal', 'high'] },
      { name: `notify_customer`, type: 'boolean' },
    ],
    outputs: (o) => [
      { name: `${o.n}_id`, path: `$.${o.n}.id` },
      { name: `${o.n}_url`, path: `$.${o.n}.portal_url` },
    ],
  },
  {
    key: 'update',
    id: (o) => `update_${o.n}`,
    method: 'PUT',
    path: (o) => `/${o.plural}/details`,
    desc: (o) => `Replace the details of ${article(o.words)} ${o.words}. Confirm the new values with the caller first.`,
    params: (o) => [idParamOf(o), { name: 'details', type: 'string' }, { name: 'effective_date', type: 'string', format: 'date' }],
    outputs: (o) => [
      { name: `${o.n}_updated_at`, path: `$.${o.n}.updated_at` },
      { name: `${o.n}_version`, path: `$.${o.n}.version` },
    ],
  },
  {
    key: 'patch',
    id: (o) => `change_${o.n}_preferences`,
    method: 'PATCH',
    path: (o) => `/${o.plural}/preferences`,
    desc: (o) => `Change how the customer wants to be kept informed about ${article(o.words)} ${o.words} (SMS and email opt-in).`,
    params: (o) => [idParamOf(o), { name: 'sms_opt_in', type: 'boolean' }, { name: 'email_opt_in', type: 'boolean' }],
    outputs: () => [{ name: 'preferences_version', path: '$.preferences.version' }],
  },
  {
    key: 'cancel',
    id: (o) => `cancel_${o.n}`,
    method: 'DELETE',
    path: (o) => `/${o.plural}`,
    desc: (o) => `Cancel ${article(o.words)} ${o.words}. Only call after the caller confirmed twice.`,
    params: (o) => [idParamOf(o), { name: 'reason', type: 'string', enum: REASON_ENUM }],
    outputs: (o) => [
      { name: `${o.n}_status`, path: `$.${o.n}.status` },
      { name: 'cancelled_at', path: `$.${o.n}.cancelled_at` },
    ],
  },
  {
    key: 'verify',
    id: (o) => `verify_${o.n}`,
    method: 'POST',
    path: (o) => `/${o.plural}/verify`,
    desc: (o) => `Check the code the caller read out against the ${o.words} before sharing any details.`,
    params: (o) => [idParamOf(o), { name: 'code', type: 'string', pattern: '^[0-9]{6}$' }],
    outputs: () => [
      { name: 'verified', path: '$.verification.passed' },
      { name: 'attempts_left', path: '$.verification.attempts_left' },
    ],
  },
  {
    key: 'reschedule',
    id: (o) => `reschedule_${o.n}`,
    method: 'PATCH',
    path: (o) => `/${o.plural}/schedule`,
    desc: (o) => `Move ${article(o.words)} ${o.words} to another date the caller prefers.`,
    params: (o) => [
      idParamOf(o),
      { name: 'preferred_date', type: 'string', format: 'date', description: 'ISO 8601 date, for example 2026-12-01' },
      { name: 'flexible', type: 'boolean' },
    ],
    outputs: (o) => [{ name: 'scheduled_for', path: `$.${o.n}.scheduled_for` }],
  },
  {
    key: 'resend',
    id: (o) => `resend_${o.n}_confirmation`,
    method: 'POST',
    path: (o) => `/${o.plural}/confirmations`,
    desc: (o) => `Send the ${o.words} confirmation again by email or SMS when the caller did not receive it.`,
    params: (o) => [idParamOf(o), { name: 'channel', type: 'string', enum: ['email', 'sms'] }],
    outputs: () => [{ name: 'confirmation_sent_at', path: '$.confirmation.sent_at' }],
  },
  {
    key: 'note',
    id: (o) => `add_${o.n}_note`,
    method: 'POST',
    path: (o) => `/${o.plural}/notes`,
    desc: (o) => `Record a note on the ${o.words} once the call has ended, so the next agent sees what was agreed.`,
    params: (o) => [idParamOf(o), { name: 'note', type: 'string' }, { name: 'amount', type: 'number', minimum: 0 }],
    outputs: () => [{ name: 'note_id', path: '$.note.id' }],
  },
];

const MCP_KINDS = [
  { key: 'helpdesk', label: 'Helpdesk', about: 'Help center articles and ticket status, served over MCP (Streamable HTTP).' },
  { key: 'knowledge', label: 'Knowledge base', about: 'Product manuals and troubleshooting guides, served over MCP.' },
  { key: 'docs', label: 'Docs', about: 'Internal policy documents, served over MCP.' },
  { key: 'status', label: 'Service status', about: 'Live service health and incidents, served over MCP.' },
];
const TOOLS = [
  [
    'search_articles',
    'Search the help center and return the best matching articles with a short excerpt.',
    { query: 'string', locale: 'string', limit: 'integer' },
  ],
  ['get_article', 'Fetch one help center article by its id.', { article_id: 'string' }],
  ['get_ticket_status', 'Get the status, assignee and last public update of a support ticket.', { ticket_id: 'string' }],
  ['add_ticket_comment', 'Add a public or internal comment to an existing support ticket.', { ticket_id: 'string', body: 'string', public: 'boolean' }],
  ['list_categories', 'List the help center categories with their article counts.', {}],
  ['lookup_known_issue', 'Find a known issue matching the symptoms the caller describes.', { symptoms: 'string', product: 'string' }],
  ['get_service_health', "Return the health of each service in the caller's region.", { region: 'string' }],
  ['summarize_thread', "Summarize the customer's recent support conversation history.", { customer_id: 'string', max_items: 'integer' }],
];

const STATES = [
  'greeting',
  'identify',
  'verify',
  'triage',
  'troubleshooting',
  'billing',
  'payments',
  'order_lookup',
  'scheduling',
  'offer',
  'escalation',
  'closing',
  'wrap_up',
];
const ROLES = ['support', 'desk', 'triage', 'concierge', 'assistant', 'hotline', 'intake', 'followup', 'retention', 'scheduler'];
const UNITS = ['care', 'sales', 'retention', 'billing', 'logistics', 'claims', 'field-service', 'onboarding'];
const REGIONS = ['eu', 'us', 'apac'];
const VARIANTS = ['', '-eu', '-us', '-legacy', '-v3', '-apac', '-b2b', '-sandbox'];

// ---------------------------------------------------------------------------------------------------------
// YAML writing helpers (the files are written by hand-like templates, not a serializer, to look like the examples)

const RESERVED = /^(true|false|yes|no|on|off|null|y|n|~)$/i;
/** A scalar inside a flow collection (`{ a: b }`): plain when safe, else double-quoted. */
function flow(s) {
  return /^[A-Za-z_$/][A-Za-z0-9_.$/+-]*$/.test(s) && !RESERVED.test(s) ? s : JSON.stringify(s);
}
/** A scalar in block context (`key: value`). */
function block(s) {
  if (s === '' || RESERVED.test(s) || /^[-?:,[\]{}#&*!|>'"%@`0-9+.\s]/.test(s) || /: |\s#|:$|\s$/.test(s)) return JSON.stringify(s);
  return s;
}
const secretRef = (name) => `{ secret: ${name} }`;

function paramSchemaLines(params, indent, required) {
  const pad = ' '.repeat(indent);
  const out = [`${pad}type: object`, `${pad}properties:`];
  for (const p of params) {
    out.push(`${pad}  ${p.name}:`, `${pad}    type: ${p.type}`);
    if (p.description) out.push(`${pad}    description: ${block(p.description)}`);
    if (p.pattern) out.push(`${pad}    pattern: ${JSON.stringify(p.pattern)}`);
    if (p.format) out.push(`${pad}    format: ${p.format}`);
    if (p.enum) out.push(`${pad}    enum: [${p.enum.join(', ')}]`);
    if (p.minimum !== undefined) out.push(`${pad}    minimum: ${p.minimum}`);
    if (p.maximum !== undefined) out.push(`${pad}    maximum: ${p.maximum}`);
    if (p.minLength !== undefined) out.push(`${pad}    minLength: ${p.minLength}`);
    if (p.maxLength !== undefined) out.push(`${pad}    maxLength: ${p.maxLength}`);
  }
  if (required.length) out.push(`${pad}required: [${required.join(', ')}]`);
  return out;
}

/** A JSON body template filling each parameter; valid JSON with any sample values. */
function bodyTemplateLines(params, indent, rng) {
  const pad = ' '.repeat(indent);
  const fields = params.map((p) => (p.type === 'string' ? `"${p.name}": "{{ .parameters.${p.name} }}"` : `"${p.name}": {{ .parameters.${p.name} }}`));
  if (rng.chance(0.4)) fields.push('"caller_number": "{{ .variables.call.from }}"');
  fields.push(`"source": "${rng.pick(['voice-agent', 'stellar', 'ivr'])}"`);
  return [`${pad}bodyTemplate: |`, `${pad}  {`, ...fields.map((f, i) => `${pad}    ${f}${i < fields.length - 1 ? ',' : ''}`), `${pad}  }`];
}

// ---------------------------------------------------------------------------------------------------------
// The model

export function generate({ files = 2000, seed = 42, out } = {}) {
  if (!Number.isInteger(files) || files < 200) throw new Error('--files must be an integer >= 200');
  const rng = new Rng(seed * 1000003 + files);
  const problemsEach = Math.max(1, Math.round(files / 1000));

  // File budget.
  const nIntFiles = Math.round(files * 0.05);
  const nAuth = Math.round(files * 0.05);
  const nAgents = Math.round(files * 0.22);
  const nMcp = Math.max(1, Math.round(nIntFiles * 0.06));
  const nMsg = Math.max(1, Math.round(nIntFiles * 0.06));
  const nCustom = nIntFiles - 2 * nMcp - nMsg; // each MCP server also has a tools lock
  // Deleted shared actions (a deliberate problem) are modelled but not written: generate that many more.
  const nActions = files - 1 - nIntFiles - nAuth - 2 * nAgents + problemsEach;

  // ---- auth connectors
  const auths = [];
  const usedAuthIds = new Set();
  const usedSecrets = new Set();
  const authFor = (baseId, type, envs) => {
    let id = baseId;
    for (let k = 2; usedAuthIds.has(id); k++) id = `${baseId}-${k}`;
    usedAuthIds.add(id);
    const stem = id
      .toUpperCase()
      .replace(/-/g, '_')
      .replace(/_(TOKEN|OAUTH|BASIC|KEY)(_\d+)?$/, '$2');
    let secret = `${stem}_${{ bearer: 'API_TOKEN', 'api-key': 'API_KEY', basic: 'PASSWORD', oauth2: 'CLIENT_SECRET' }[type]}`;
    for (let k = 2; usedSecrets.has(secret); k++)
      secret = `${stem}_${k}_${{ bearer: 'API_TOKEN', 'api-key': 'API_KEY', basic: 'PASSWORD', oauth2: 'CLIENT_SECRET' }[type]}`;
    usedSecrets.add(secret);
    const a = { id, type, envs, secret };
    auths.push(a);
    return a;
  };

  // ---- integrations
  const integrations = [];
  const usedIntIds = new Set();
  const uniqueIntId = (base) => {
    let id = base;
    for (let k = 2; usedIntIds.has(id); k++) id = `${base}-${k}`;
    usedIntIds.add(id);
    return id;
  };
  const domainOrder = rng.shuffle(DOMAIN_KEYS);
  for (let i = 0; i < nCustom; i++) {
    const dk = domainOrder[i % domainOrder.length];
    const round = Math.floor(i / domainOrder.length);
    const variant = VARIANTS[round % VARIANTS.length] + (round >= VARIANTS.length ? `-${Math.floor(round / VARIANTS.length) + 1}` : '');
    const id = uniqueIntId(`${dk}-api${variant}`);
    const devProdOnly = rng.chance(0.06);
    const envs = devProdOnly ? ['development', 'production'] : ['development', 'staging', 'production'];
    integrations.push({
      kind: 'custom-api',
      id,
      domain: dk,
      variant,
      envs,
      actions: [],
      appKeySecret: rng.chance(0.15) ? `${id.toUpperCase().replace(/-/g, '_')}_APP_KEY` : undefined,
    });
  }
  for (let i = 0; i < nMcp; i++) {
    const mk = MCP_KINDS[i % MCP_KINDS.length];
    const id = uniqueIntId(`${mk.key}-mcp`);
    const tools = rng.sample(TOOLS, rng.int(3, Math.min(8, TOOLS.length)));
    integrations.push({ kind: 'mcp-server', id, mcp: mk, tools });
  }
  for (let i = 0; i < nMsg; i++) {
    const id = uniqueIntId(i === 0 ? 'sms' : `sms-${rng.pick(REGIONS)}`);
    integrations.push({ kind: 'messaging-channel', id, envs: ['development', 'staging', 'production'] });
  }
  const customs = integrations.filter((x) => x.kind === 'custom-api');
  const mcps = integrations.filter((x) => x.kind === 'mcp-server');
  const channels = integrations.filter((x) => x.kind === 'messaging-channel');

  // Auth: one connector per integration (a few custom APIs have none) while the budget lasts, then shared
  // connectors of a compatible kind, then extra connectors (used by agent api-calls) up to the budget.
  for (const it of integrations) {
    if (it.kind === 'custom-api' && rng.chance(0.05)) continue; // no auth
    if (auths.length < nAuth) {
      if (it.kind === 'custom-api') {
        const type = ['bearer', 'bearer', 'oauth2', 'basic', 'api-key'][rng.int(0, 4)];
        it.auth = authFor(`${it.id.replace(/-api/, '')}-${{ bearer: 'token', oauth2: 'oauth', basic: 'basic', 'api-key': 'key' }[type]}`, type, it.envs);
      } else if (it.kind === 'mcp-server') {
        it.auth = authFor(`${it.id.replace(/-mcp$/, '')}-mcp-token`, 'bearer', ['development', 'staging', 'production']);
      } else {
        it.auth = authFor(`telnyx-${it.id}-key`, 'api-key', ['development', 'staging', 'production']);
      }
    } else if (it.kind === 'messaging-channel') {
      it.auth =
        auths.find((a) => a.type === 'api-key' && a.id.startsWith('telnyx')) ?? authFor('telnyx-key', 'api-key', ['development', 'staging', 'production']);
    } else if (it.kind === 'mcp-server') {
      it.auth = auths.find((a) => a.type === 'bearer' && a.envs.length === 3) ?? authFor(`${it.id}-token`, 'bearer', ['development', 'staging', 'production']);
    } else {
      const ok = auths.filter((a) => !a.id.startsWith('telnyx') && it.envs.every((e) => a.envs.includes(e)));
      if (ok.length) it.auth = rng.pick(ok);
    }
  }
  while (auths.length < nAuth) {
    const type = rng.pick(['bearer', 'api-key', 'api-key', 'oauth2']);
    authFor(
      `${rng.pick(['callbacks', 'statuspage', 'weather', 'geo', 'fraud', 'translate', 'survey', 'calendar'])}-${type === 'api-key' ? 'key' : type === 'oauth2' ? 'oauth' : 'token'}`,
      type,
      ['development', 'staging', 'production'],
    );
  }
  const apiCallAuths = auths.filter((a) => !a.id.startsWith('telnyx'));

  // ---- shared actions: distributed over custom APIs (Zipf-ish sizes), ids from the integration's domain
  const perInt = customs.map(() => 0);
  for (let i = 0; i < nActions; i++) perInt[i < customs.length ? i : rng.weighted(customs.map((_, j) => 1 + (j % 7 === 0 ? 2 : 0)))]++;
  const actions = [];
  customs.forEach((it, ci) => {
    const d = DOMAINS[it.domain];
    const combos = [];
    for (const noun of d.nouns) for (const verb of VERBS) combos.push({ noun, verb });
    const chosen = rng.shuffle(combos);
    const taken = new Set();
    for (let k = 0; k < perInt[ci]; k++) {
      const c = chosen[k % chosen.length];
      let id = c.verb.id(c.noun);
      if (taken.has(id)) id = `${id}_${Math.floor(k / chosen.length) + 1}`;
      taken.add(id);
      const headers = [['Accept', 'application/json']];
      if (c.verb.method === 'POST' || c.verb.method === 'PUT') headers.unshift(['Content-Type', 'application/json']);
      if (c.verb.method === 'PATCH') headers.unshift(['Content-Type', 'application/merge-patch+json']);
      if (rng.chance(0.12)) headers.push(['X-Api-Version', '2026-09-01']);
      if (it.appKeySecret && c.verb.method !== 'GET') headers.push(['X-App-Key', { secret: it.appKeySecret }]);
      const a = {
        integration: it,
        id,
        name: id,
        description: c.verb.desc(c.noun),
        method: c.verb.method,
        path: c.verb.path(c.noun),
        headers,
        outputVariables: c.verb.outputs(c.noun),
        params: c.verb.params(c.noun),
        linkers: 0,
        file: true,
        folder: it.id,
      };
      it.actions.push(a);
      actions.push(a);
    }
  });

  // ---- agents
  const slotKey = (it) => it.envs.join(',');
  const intWeights = zipf(customs.length, 0.9);
  const customOrder = rng.shuffle(customs); // popularity rank
  const agents = [];
  const usedAgentIds = new Set();
  for (let i = 0; i < nAgents; i++) {
    const primary = customOrder[rng.weighted(intWeights)];
    const dLabel = DOMAINS[primary.domain].label;
    const role = rng.pick(ROLES);
    const region = rng.pick(REGIONS);
    let id = `${primary.domain}-${role}-${region}`;
    for (let k = 2; usedAgentIds.has(id); k++) id = `${primary.domain}-${role}-${region}-${k}`;
    usedAgentIds.add(id);
    const states = rng.sample(STATES, rng.int(2, 4));
    const strict = rng.chance(0.3);
    const agent = {
      id,
      folder: `agents/${UNITS[i % UNITS.length]}/${region}`,
      name: `${dLabel} ${cap(role)} (${region.toUpperCase()})`,
      description: `Voice agent for ${DOMAINS[primary.domain].about.toLowerCase().replace(/\.$/, '')}, for callers in the ${region.toUpperCase()} region.`,
      status: rng.chance(0.85) ? 'active' : 'inactive',
      states,
      strict,
      bindings: [],
      tools: [],
      own: [],
      names: new Set(),
      lockedAt: new Date(Date.UTC(2026, rng.int(6, 10), rng.int(1, 28), rng.int(7, 18), rng.int(0, 59))).toISOString(),
    };
    // Integrations the agent uses: the primary plus 0-2 with the same slots (so the agent runs everywhere).
    const want = rng.int(5, 15);
    const used = [primary];
    const compatible = customOrder.filter((x) => x !== primary && slotKey(x) === slotKey(primary));
    const extra = rng.int(0, 2);
    for (let k = 0; k < extra && compatible.length; k++) used.push(compatible[rng.weighted(zipf(compatible.length, 0.9))]);
    let pool = used.flatMap((it) => it.actions.map((a, r) => ({ a, w: 1 / Math.pow(r + 1, 0.8) })));
    while (pool.length < want && compatible.length) {
      const more = rng.pick(compatible);
      if (used.includes(more)) {
        if (used.length >= compatible.length + 1) break;
        continue;
      }
      used.push(more);
      pool = pool.concat(more.actions.map((a, r) => ({ a, w: 1 / Math.pow(r + 1, 0.8) })));
    }
    while (agent.bindings.length < want && pool.length) {
      const k = rng.weighted(pool.map((p) => p.w));
      const { a } = pool.splice(k, 1)[0];
      if (agent.names.has(a.name)) continue;
      agent.names.add(a.name);
      a.linkers++;
      agent.bindings.push(bindingOf(a, agent, rng));
    }
    // MCP tools.
    if (mcps.length && rng.chance(0.25)) {
      const m = rng.pick(mcps);
      for (const t of rng.sample(m.tools, rng.int(1, 2))) {
        if (agent.names.has(t[0])) continue;
        agent.names.add(t[0]);
        agent.tools.push({ link: `${m.id}/${t[0]}`, phases: ['in-call'], max: rng.chance(0.5) ? rng.int(1, 5) : undefined, allowed: allowedOf(agent, rng) });
      }
    }
    agent.own = ownActions(agent, rng, channels, apiCallAuths);
    agents.push(agent);
  }

  // ---- deliberate problems, chosen among linked actions; each gets a unique id so the finding is unambiguous.
  const problems = { moved: [], deleted: [], changedShape: [], undeclaredSecret: [] };
  const linked = rng.shuffle(actions.filter((a) => a.linkers >= 1 && a.linkers <= 12));
  const take = () => linked.pop();
  for (let k = 0; k < problemsEach; k++) {
    const moved = take();
    if (moved) {
      const from = moved.integration;
      const same = customs.filter((x) => x !== from && slotKey(x) === slotKey(from) && x.domain === from.domain);
      const to = rng.pick(same.length ? same : customs.filter((x) => x !== from));
      moved.id = moved.name = `${moved.id}_${from.id.replace(/-/g, '_')}`; // unique
      moved.folder = to.id;
      moved.movedTo = to;
      moved.comment = `# Moved from ${from.id} to ${to.id}: the full id is now ${to.id}/${moved.id}.`;
      problems.moved.push({ from: `${from.id}/${moved.id}`, to: `${to.id}/${moved.id}`, linkers: moved.linkers });
    }
    const deleted = take();
    if (deleted) {
      deleted.id = deleted.name = `${deleted.id}_${deleted.integration.id.replace(/-/g, '_')}_old`;
      deleted.file = false;
      problems.deleted.push({ fullId: `${deleted.integration.id}/${deleted.id}`, linkers: deleted.linkers });
    }
    const changed = take();
    if (changed) {
      changed.lockedShape = {
        ...shapeOf(changed),
        outputVariables: changed.outputVariables.map((o) => ({ ...o })),
        headers: changed.headers.map((h) => [...h]),
      };
      const ov = changed.outputVariables[0];
      changed.outputVariables = [{ name: `${ov.name}_v2`, path: ov.path }, ...changed.outputVariables.slice(1)];
      changed.headers = [...changed.headers.filter((h) => h[0] !== 'X-Trace-Source'), ['X-Trace-Source', 'stellar']];
      problems.changedShape.push({
        fullId: `${changed.integration.id}/${changed.id}`,
        linkers: changed.linkers,
        changes: ['output variable renamed', 'header added'],
      });
    }
  }
  const secretVictims = rng.sample(
    auths.filter((a) => a.type !== 'basic'),
    problemsEach,
  );
  for (const a of secretVictims) {
    a.usedSecret = a.secret.replace(/_(TOKEN|API_KEY|CLIENT_SECRET)$/, (m) => ({ _TOKEN: '_TOKN', _API_KEY: '_APIKEY', _CLIENT_SECRET: '_CLIENT_SECRT' })[m]);
    problems.undeclaredSecret.push({ auth: a.id, used: a.usedSecret, declared: a.secret });
  }

  // ---------------------------------------------------------------------------------------------------------
  // Rendering
  const outFiles = new Map();
  const put = (rel, text) => {
    if (outFiles.has(rel)) throw new Error(`generator: duplicate file ${rel}`);
    outFiles.set(rel, text);
  };

  // stellar.yaml
  const secretLines = [];
  for (const a of auths)
    secretLines.push(
      `  ${a.secret}: ${block(`${{ bearer: 'Bearer token', 'api-key': 'API key', basic: 'Password of the service user', oauth2: 'OAuth2 client secret' }[a.type]} for ${a.id} (per environment)`)}`,
    );
  for (const it of customs) if (it.appKeySecret) secretLines.push(`  ${it.appKeySecret}: Application key ${it.id} requires on writes`);
  secretLines.push('  LEGACY_FTP_PASSWORD: ""');
  put(
    'stellar.yaml',
    [
      '# Synthetic Stellar workspace generated by bench/generate.mjs: do not edit by hand.',
      '# Every secret a file references is declared here. Values never live in the repository.',
      'secrets:',
      ...secretLines,
      '',
    ].join('\n'),
  );

  // auth connectors
  for (const a of auths) {
    const secret = a.usedSecret ?? a.secret;
    const lines = [
      `type: ${a.type}`,
      `name: ${block(`${cap(human(a.id.replace(/-/g, ' ')))} (${a.type})`)}`,
      `description: ${block(`Credentials of ${a.id}; ${a.envs.length === 3 ? 'the sandbox credentials work in development and staging.' : 'there is no staging instance, so only development and production.'}`)}`,
      'environments:',
    ];
    for (const env of a.envs) {
      lines.push(`  ${env}:`);
      if (a.type === 'bearer') lines.push(`    token: ${secretRef(secret)}`);
      else if (a.type === 'api-key') {
        if (a.id.startsWith('telnyx')) lines.push('    in: header', '    name: Authorization');
        else lines.push('    in: query', '    name: api_key');
        lines.push(`    value: ${secretRef(secret)}`);
      } else if (a.type === 'basic') lines.push('    username: stellar-bot', `    password: ${secretRef(secret)}`);
      else {
        lines.push(
          `    tokenUrl: ${env === 'development' ? 'http://127.0.0.1:4010/oauth/token' : `https://auth.${env === 'staging' ? 'staging.' : ''}${a.id}.acme.example/oauth2/token`}`,
          `    clientId: stellar-voice-${env.slice(0, 3)}`,
          `    clientSecret: ${secretRef(secret)}`,
          '    scopes: [read, write]',
        );
      }
    }
    put(`auth/${a.id}.auth.yaml`, lines.join('\n') + '\n');
  }

  // integrations
  for (const it of integrations) {
    const dir = `integrations/${it.id}`;
    if (it.kind === 'custom-api') {
      const d = DOMAINS[it.domain];
      const lines = [
        'kind: custom-api',
        `name: ${block(`${d.label} API${it.variant ? ` (${it.variant.slice(1).toUpperCase()})` : ''}`)}`,
        `description: ${block(d.about)}`,
        'headers:',
        '  X-Client: stellar',
      ];
      if (rng.chance(0.5)) lines.push('  Accept: application/json');
      lines.push('environments:');
      for (const env of it.envs) {
        lines.push(`  ${env}:`);
        lines.push(
          `    baseUrl: ${env === 'development' ? `http://127.0.0.1:4010/${it.id}` : `https://${it.id}.${env === 'staging' ? 'staging.' : ''}acme.example/v2`}`,
        );
        if (it.auth) lines.push(`    auth: ${it.auth.id}`);
      }
      put(`${dir}/${it.id}.integration.yaml`, lines.join('\n') + '\n');
    } else if (it.kind === 'mcp-server') {
      const lines = ['kind: mcp-server', `name: ${block(it.mcp.label)}`, `description: ${block(it.mcp.about)}`, `url: https://${it.id}.acme.example/mcp`];
      if (it.auth) lines.push(`auth: ${it.auth.id}`);
      put(`${dir}/${it.id}.integration.yaml`, lines.join('\n') + '\n');
      const tl = [
        `# Written by Stellar Kit. Do not edit: run "Discover tools" on ${it.id}.`,
        `integration: ${it.id}`,
        `discoveredAt: "2026-11-16T14:05:12.000Z"`,
        'tools:',
      ];
      for (const [name, desc, props] of it.tools) {
        tl.push(
          `  - name: ${name}`,
          `    description: ${block(desc)}`,
          '    inputSchema:',
          '      type: object',
          '      properties:' + (Object.keys(props).length ? '' : ' {}'),
        );
        for (const [p, t] of Object.entries(props)) tl.push(`        ${p}:`, `          type: ${t}`);
        const req = Object.keys(props).slice(0, 1);
        if (req.length) tl.push(`      required: [${req.join(', ')}]`);
      }
      put(`${dir}/${it.id}.tools.lock.yaml`, tl.join('\n') + '\n');
    } else {
      const lines = [
        'kind: messaging-channel',
        `name: ${block(`Acme SMS (${it.id})`)}`,
        'description: Outbound SMS through Telnyx, used by send-text-message actions.',
        'provider: telnyx',
        'environments:',
      ];
      it.envs.forEach((env, k) => {
        lines.push(
          `  ${env}:`,
          `    fromNumber: "+1415555${String(rng.int(1000, 9999))}"`,
          `    messagingProfileId: 40017a3c-5d8e-4c1b-9f0e-${String(rng.int(0, 0xffffffffff).toString(16)).padStart(10, '0')}${k}${k}`,
          `    auth: ${it.auth.id}`,
        );
      });
      put(`${dir}/${it.id}.integration.yaml`, lines.join('\n') + '\n');
    }
  }

  // shared actions
  for (const a of actions) {
    if (!a.file) continue;
    const integrationId = a.movedTo ? a.movedTo.id : a.integration.id;
    const lines = [];
    if (a.comment) lines.push(a.comment);
    lines.push(
      `integration: ${integrationId}`,
      `name: ${a.name}`,
      `description: ${block(a.description)}`,
      `method: ${a.method}`,
      `path: ${a.path}`,
      'headers:',
    );
    for (const [k, v] of a.headers) lines.push(`  ${k}: ${typeof v === 'string' ? block(v) : secretRef(v.secret)}`);
    lines.push('outputVariables:');
    for (const o of a.outputVariables) lines.push(`  - name: ${o.name}`, `    path: ${block(o.path)}`);
    put(`integrations/${a.folder}/actions/${a.id}.action.yaml`, lines.join('\n') + '\n');
  }

  // agents and locks
  for (const ag of agents) {
    const lines = [
      `name: ${block(ag.name)}`,
      `description: ${block(ag.description)}`,
      `status: ${ag.status}`,
      'states:',
      ...ag.states.map((s) => `  - ${s}`),
      `strictStateSeparation: ${ag.strict}`,
      'actions:',
    ];
    const blocks = [];
    for (const b of ag.bindings) {
      const l = [`  - link: ${b.a.integration.id}/${b.a.id}`, '    parameters:', ...paramSchemaLines(b.params, 6, b.required)];
      if (b.body) l.push(...b.body);
      if (b.phases) l.push(`    phases: [${b.phases.join(', ')}]`);
      if (b.max !== undefined) l.push(`    maxSuccessfulCalls: ${b.max}`);
      if (b.allowed) l.push(`    allowedStates: [${b.allowed.join(', ')}]`);
      blocks.push(l);
    }
    for (const t of ag.tools) {
      const l = [`  - link: ${t.link}`, `    phases: [${t.phases.join(', ')}]`];
      if (t.max !== undefined) l.push(`    maxSuccessfulCalls: ${t.max}`);
      if (t.allowed) l.push(`    allowedStates: [${t.allowed.join(', ')}]`);
      blocks.push(l);
    }
    for (const o of ag.own) blocks.push(o);
    lines.push(blocks.map((b) => b.join('\n')).join('\n\n'));
    put(`${ag.folder}/${ag.id}.agent.yaml`, lines.join('\n') + '\n');

    const lock = [
      `# Written by Stellar Kit. Do not edit: run \`stellar-kit lock ${ag.id}.agent.yaml\`.`,
      `agent: ${ag.id}`,
      `lockedAt: "${ag.lockedAt}"`,
      'actions:',
    ];
    for (const b of ag.bindings) {
      const shape = b.a.lockedShape ?? shapeOf(b.a);
      lock.push(
        `  ${b.a.integration.id}/${b.a.id}:`,
        `    lockedAt: "${b.lockedAt}"`,
        `    name: ${b.a.name}`,
        `    description: ${block(shape.description)}`,
        `    method: ${shape.method}`,
        `    path: ${shape.path}`,
        `    headers: { ${shape.headers.map(([k, v]) => `${k}: ${typeof v === 'string' ? flow(v) : secretRef(v.secret)}`).join(', ')} }`,
        '    outputVariables:',
        ...shape.outputVariables.map((o) => `      - { name: ${o.name}, path: ${flow(o.path)} }`),
      );
    }
    if (ag.bindings.length === 0) lock[lock.length - 1] = 'actions: {}';
    put(`${ag.folder}/${ag.id}.agent.lock.yaml`, lock.join('\n') + '\n');
  }

  if (outFiles.size !== files) throw new Error(`generator: produced ${outFiles.size} files, expected ${files}`);

  const linkCounts = actions
    .filter((a) => a.file)
    .map((a) => a.linkers)
    .sort((x, y) => y - x);
  const meta = {
    generatorVersion: GENERATOR_VERSION,
    files,
    seed,
    counts: {
      manifest: 1,
      customApi: customs.length,
      mcpServer: mcps.length,
      toolsLock: mcps.length,
      messagingChannel: channels.length,
      auth: auths.length,
      sharedActions: actions.filter((a) => a.file).length,
      agents: agents.length,
      agentLocks: agents.length,
      bindings: agents.reduce((n, a) => n + a.bindings.length, 0),
      toolBindings: agents.reduce((n, a) => n + a.tools.length, 0),
      agentSpecificActions: agents.reduce((n, a) => n + a.own.length, 0),
    },
    linkersPerAction: { max: linkCounts[0], p50: linkCounts[Math.floor(linkCounts.length / 2)], unlinked: linkCounts.filter((c) => c === 0).length },
    problems,
    expectedFindings: {
      SK011: problems.deleted.reduce((n, p) => n + p.linkers, 0),
      SK012: problems.moved.reduce((n, p) => n + p.linkers, 0),
      SK013: problems.changedShape.reduce((n, p) => n + p.linkers, 0),
      SK021: secretVictims.reduce((n, a) => n + a.envs.length, 0),
    },
  };

  if (out) {
    rmSync(out, { recursive: true, force: true });
    const dirs = new Set();
    for (const rel of outFiles.keys()) dirs.add(path.dirname(path.join(out, rel)));
    for (const d of dirs) mkdirSync(d, { recursive: true });
    for (const [rel, text] of outFiles) writeFileSync(path.join(out, rel), text);
    writeFileSync(`${out}.meta.json`, JSON.stringify(meta, null, 2) + '\n');
  }
  return { files: outFiles, meta };
}

function shapeOf(a) {
  return { description: a.description, method: a.method, path: a.path, headers: a.headers, outputVariables: a.outputVariables };
}

function allowedOf(agent, rng) {
  if (agent.strict || rng.chance(0.6)) return rng.sample(agent.states, rng.int(1, agent.states.length));
  return undefined;
}

function bindingOf(a, agent, rng) {
  const params = a.params;
  const required = params.filter((p, i) => i === 0 || rng.chance(0.4)).map((p) => p.name);
  const write = a.method === 'POST' || a.method === 'PUT' || a.method === 'PATCH';
  const phases =
    a.id.startsWith('add_') && a.id.endsWith('_note') ? ['post-call'] : rng.chance(0.7) ? ['in-call'] : rng.chance(0.3) ? ['in-call', 'post-call'] : undefined;
  return {
    a,
    params,
    required,
    body: write ? bodyTemplateLines(params, 4, rng) : undefined,
    phases,
    max: rng.chance(0.55) ? rng.int(1, 5) : undefined,
    allowed: allowedOf(agent, rng),
    lockedAt: new Date(Date.parse(agent.lockedAt) - rng.int(0, 60) * 86400000).toISOString(),
  };
}

function ownActions(agent, rng, channels, apiCallAuths) {
  const out = [];
  const name = (n) => {
    let x = n;
    for (let k = 2; agent.names.has(x); k++) x = `${n}_${k}`;
    agent.names.add(x);
    return x;
  };
  const tail = (phases) => {
    const l = [];
    if (phases) l.push(`    phases: [${phases.join(', ')}]`);
    const allowed = allowedOf(agent, rng);
    if (allowed) l.push(`    allowedStates: [${allowed.join(', ')}]`);
    return l;
  };
  if (rng.chance(0.6)) {
    const kind = rng.pick(['phone', 'phone', 'queue', 'queue', 'sip']);
    const l = [
      '  - type: handover',
      `    name: ${name(kind === 'sip' ? 'escalate_to_engineer' : kind === 'queue' ? 'transfer_to_team' : 'transfer_to_specialist')}`,
      `    description: ${block('Transfer the caller to a person when they ask for one or the question is out of scope.')}`,
      `    handoverType: ${kind}`,
    ];
    if (kind === 'phone')
      l.push(
        rng.chance(0.5)
          ? `    phone: "+1415555${rng.int(1000, 9999)}"`
          : `    phone: '{{ if eq .variables.call.to "+31201234567" }}+31207654321{{ else }}+14155550142{{ end }}'`,
      );
    else if (kind === 'sip') l.push('    sipUri: sip:oncall@pbx.acme.example;transport=tls');
    else if (rng.chance(0.5)) l.push(`    queue: support-tier${rng.int(1, 3)}`);
    else {
      l.push(
        '    queue: "{{ .parameters.queue }}"',
        '    fallbackQueue: general',
        '    parameters:',
        ...paramSchemaLines([{ name: 'queue', type: 'string', enum: ['general', 'returns', 'escalations'] }], 6, ['queue']),
      );
    }
    out.push([...l, ...tail(['in-call'])]);
  }
  if (rng.chance(0.5)) {
    out.push([
      '  - type: static-response',
      `    name: ${name('opening_hours')}`,
      '    description: Use when the caller asks when the team is available.',
      '    response: Our specialists are available Monday to Friday from 8 am to 6 pm Eastern time.',
      ...tail(undefined),
    ]);
  }
  if (channels.length && rng.chance(0.35)) {
    const ch = rng.pick(channels);
    out.push([
      '  - type: send-text-message',
      `    name: ${name('send_reference_link')}`,
      '    description: Text the caller a link with their reference when they ask for it.',
      `    channel: ${ch.id}`,
      rng.chance(0.7) ? '    recipient: caller' : '    recipient: "{{ .variables.call.from }}"',
      '    message: "Acme: your reference is {{ .parameters.reference }}. Reply STOP to opt out."',
      '    parameters:',
      ...paramSchemaLines([{ name: 'reference', type: 'string' }], 6, ['reference']),
      ...tail(['in-call', 'post-call']),
    ]);
  }
  if (rng.chance(0.25)) {
    out.push([
      '  - type: client-event',
      `    name: ${name('show_payment_form')}`,
      "    description: Open the secure form in the caller's app so they can type instead of reading numbers aloud.",
      '    parameters:',
      ...paramSchemaLines(
        [
          { name: 'reference', type: 'string' },
          { name: 'amount', type: 'number' },
        ],
        6,
        ['reference'],
      ),
      ...tail(['in-call']),
    ]);
  }
  if (apiCallAuths.length && rng.chance(0.25)) {
    const auth = rng.pick(apiCallAuths);
    const post = rng.chance(0.5);
    const l = [
      '  - type: api-call',
      `    name: ${name(post ? 'schedule_callback' : 'check_outage')}`,
      `    description: ${post ? 'Book a callback when the caller cannot stay on the line.' : "Check the status page for an ongoing outage in the caller's region."}`,
      `    method: ${post ? 'POST' : 'GET'}`,
      `    url: https://${auth.id}.acme.example/v1/${post ? 'callbacks' : 'incidents/unresolved'}`,
      `    auth: ${auth.id}`,
      '    headers:',
      '      Accept: application/json',
      '    outputVariables:',
      `      - name: ${post ? 'callback_id' : 'outage_count'}`,
      `        path: ${post ? '$.callback.id' : '$.meta.total'}`,
      '    parameters:',
    ];
    const params = post
      ? [
          { name: 'preferred_time', type: 'string', format: 'date-time' },
          { name: 'topic', type: 'string' },
        ]
      : [{ name: 'region', type: 'string', enum: ['us-east', 'us-west', 'eu-west'] }];
    l.push(
      ...paramSchemaLines(
        params,
        6,
        params.map((p) => p.name),
      ),
    );
    if (post) l.push(...bodyTemplateLines(params, 4, rng));
    out.push([...l, ...tail(['in-call'])]);
  }
  if (rng.chance(0.8)) {
    out.push([
      '  - type: end-call',
      `    name: ${name('end_call')}`,
      '    description: End the call once the caller has no further questions and has said goodbye.',
      ...tail(['in-call']),
    ]);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// CLI

export function workspaceDir(files) {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), '.work', `ws-${files}`);
}

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const files = Number(arg('files', '2000'));
  const seed = Number(arg('seed', '42'));
  const out = path.resolve(arg('out', workspaceDir(files)));
  const t0 = performance.now();
  const { meta } = generate({ files, seed, out });
  console.log(`Generated ${meta.files} files into ${path.relative(process.cwd(), out)} in ${Math.round(performance.now() - t0)} ms (seed ${seed}).`);
  console.log(JSON.stringify({ counts: meta.counts, linkersPerAction: meta.linkersPerAction, expectedFindings: meta.expectedFindings }));
}
