/**
 * Snippets: one per kind of agent action and one per file kind, in VS Code snippet syntax. The same
 * action bodies are what completion inserts on a new `- ` item of an agent's `actions:`, so the
 * snippet file (`snippets/stellar.code-snippets`, written from `snippetsFile()` and held equal by
 * test/scaffold.test.ts) and completion never differ. Defaults are the example workspace's names, so
 * every body with its placeholders left at their defaults passes `check` there.
 */

export interface ActionSnippet {
  /** What completion shows: `link:` or `type: <type>`, with the handover's type when there are several. */
  label: string;
  /** The snippet's prefix in the snippet file, after `- `. */
  prefix: string;
  description: string;
  /** The item's lines without the `- ` of the list item, each line's indentation relative to the item. */
  lines: string[];
}

const common = (n: number) => [`phases: [\${${n}|in-call,post-call|}]`];

export const ACTION_SNIPPETS: readonly ActionSnippet[] = [
  {
    label: 'link:',
    prefix: 'binding',
    description: 'A binding to a shared action or an MCP tool: `link: <integration-id>/<action-id>`, with the per-agent fields.',
    lines: ['link: ${1:billing-api/lookup_invoice}', ...common(2)],
  },
  {
    label: 'type: api-call',
    prefix: 'api-call',
    description: 'An API call of this agent only: an absolute `url`, its own method, headers, auth and output variables.',
    lines: [
      'type: api-call',
      'name: ${1:check_order}',
      'description: ${2:Look up an order by its number.}',
      'method: ${3|GET,POST,PUT,PATCH,DELETE|}',
      'url: ${4:https://api.example.com/orders}',
      ...common(5),
    ],
  },
  {
    label: 'type: static-response',
    prefix: 'static-response',
    description: 'A fixed answer the agent gives, with no request.',
    lines: [
      'type: static-response',
      'name: ${1:opening_hours}',
      'description: ${2:Tell the caller when the office is open.}',
      'response: ${3:We are open Monday to Friday, 9:00 to 17:00.}',
    ],
  },
  {
    label: 'type: handover (phone)',
    prefix: 'handover-phone',
    description: 'Hands the call over to a phone number (E.164, or a template).',
    lines: [
      'type: handover',
      'name: ${1:transfer_to_billing}',
      'description: ${2:Transfer the caller to the billing team.}',
      'handoverType: phone',
      "phone: '${3:+14155550123}'",
      'phases: [in-call]',
    ],
  },
  {
    label: 'type: handover (queue)',
    prefix: 'handover-queue',
    description: 'Hands the call over to a queue.',
    lines: [
      'type: handover',
      'name: ${1:transfer_to_queue}',
      'description: ${2:Transfer the caller to the support queue.}',
      'handoverType: queue',
      'queue: ${3:support}',
      'phases: [in-call]',
    ],
  },
  {
    label: 'type: handover (sip)',
    prefix: 'handover-sip',
    description: 'Hands the call over to a SIP URI.',
    lines: [
      'type: handover',
      'name: ${1:transfer_to_desk}',
      'description: ${2:Transfer the caller to the front desk.}',
      'handoverType: sip',
      'sipUri: ${3:sip:desk@pbx.example.com}',
      'phases: [in-call]',
    ],
  },
  {
    label: 'type: end-call',
    prefix: 'end-call',
    description: 'Ends the call (in-call only).',
    lines: ['type: end-call', 'name: ${1:end_call}', 'description: ${2:End the call once the caller has no more questions.}', 'phases: [in-call]'],
  },
  {
    label: 'type: client-event',
    prefix: 'client-event',
    description: 'Sends an event with the collected values to the app; Stellar sends no request.',
    lines: [
      'type: client-event',
      'name: ${1:show_order}',
      'description: ${2:Show the order on the screen.}',
      'parameters:',
      '  type: object',
      '  properties:',
      '    ${3:order_number}:',
      '      type: string',
    ],
  },
  {
    label: 'type: send-text-message',
    prefix: 'send-text-message',
    description: 'Sends a text message through a messaging-channel integration.',
    lines: [
      'type: send-text-message',
      'name: ${1:send_confirmation}',
      'description: ${2:Text the caller a confirmation.}',
      'channel: ${3:sms}',
      'recipient: ${4:caller}',
      'message: ${5:Thank you for calling.}',
    ],
  },
];

export interface FileSnippet {
  prefix: string;
  description: string;
  lines: string[];
}

export const FILE_SNIPPETS: readonly FileSnippet[] = [
  {
    prefix: 'integration-custom-api',
    description: 'A custom-api integration (`<id>.integration.yaml`) with a development slot.',
    lines: [
      'kind: custom-api',
      'name: ${1:Orders API}',
      'description: ${2:What this API is for.}',
      'environments:',
      '  development:',
      '    baseUrl: ${3:https://api.example.com}',
    ],
  },
  {
    prefix: 'integration-mcp-server',
    description: 'An MCP server integration (`<id>.integration.yaml`): one url, tools discovered from it.',
    lines: ['kind: mcp-server', 'name: ${1:Knowledge base}', 'description: ${2:What this server offers.}', 'url: ${3:https://mcp.example.com/mcp}'],
  },
  {
    prefix: 'integration-messaging-channel',
    description: 'A Telnyx messaging channel (`<id>.integration.yaml`) with a development slot.',
    lines: [
      'kind: messaging-channel',
      'name: ${1:SMS}',
      'provider: telnyx',
      'environments:',
      '  development:',
      "    fromNumber: '${2:+14155550100}'",
      '    messagingProfileId: ${3:00000000-0000-0000-0000-000000000000}',
      '    auth: ${4:telnyx-key}',
    ],
  },
  {
    prefix: 'shared-action',
    description: 'A shared action (`<id>.action.yaml`) of a custom-api integration.',
    lines: [
      'integration: ${1:billing-api}',
      'name: ${2:list_invoices}',
      'description: ${3:What the agent reads to decide when to call it.}',
      'method: ${4|GET,POST,PUT,PATCH,DELETE|}',
      'path: ${5:/invoices}',
    ],
  },
  ...(['bearer', 'api-key', 'basic', 'oauth2'] as const).map((type) => ({
    prefix: `auth-${type}`,
    description: `A ${type} auth connector (\`<id>.auth.yaml\`) with development credentials.`,
    lines: [`type: ${type}`, 'name: ${1:Orders API credentials}', 'environments:', '  development:', ...credentialSnippet(type).map((l) => `    ${l}`)],
  })),
  {
    prefix: 'agent',
    description: 'An agent (`<id>.agent.yaml`) with one action.',
    lines: [
      'name: ${1:Support agent}',
      'description: ${2:What the agent is for.}',
      'status: ${3|active,inactive|}',
      'states: []',
      'actions:',
      '  - type: end-call',
      '    name: end_call',
      '    description: End the call once the caller has no more questions.',
      '    phases: [in-call]',
    ],
  },
];

function credentialSnippet(type: 'bearer' | 'api-key' | 'basic' | 'oauth2'): string[] {
  const secret = (n: number) => `{ secret: \${${n}:BILLING_API_TOKEN} }`;
  switch (type) {
    case 'bearer':
      return [`token: ${secret(2)}`];
    case 'api-key':
      return ['in: ${3|header,query|}', 'name: ${4:X-Api-Key}', `value: ${secret(2)}`];
    case 'basic':
      return ['username: ${3:stellar}', `password: ${secret(2)}`];
    case 'oauth2':
      return ['tokenUrl: ${3:https://auth.example.com/oauth/token}', 'clientId: ${4:stellar}', `clientSecret: ${secret(2)}`, 'scopes: []'];
  }
}

/** An action snippet as the lines of a list item: `- ` before the first, two spaces before the others. */
export function actionItemLines(s: ActionSnippet): string[] {
  return s.lines.map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`));
}

/** The snippet file's JSON: every action and file snippet, keyed by a readable title. */
export function snippetsFile(): string {
  const out: Record<string, { prefix: string; description: string; body: string[] }> = {};
  // `- ` leads the prefix as it leads the body: typed after an item's dash, the snippet replaces the dash too.
  for (const s of ACTION_SNIPPETS) out[`Action: ${s.prefix}`] = { prefix: `- ${s.prefix}`, description: s.description, body: actionItemLines(s) };
  for (const s of FILE_SNIPPETS) out[`File: ${s.prefix}`] = { prefix: s.prefix, description: s.description, body: s.lines };
  return JSON.stringify(out, null, 2) + '\n';
}

/** A snippet body with every placeholder at its default (the first choice, the default text, or nothing). */
export function withDefaults(body: string): string {
  return body
    .replace(/\$\{\d+\|([^,|}]*)[^}]*\|\}/g, '$1')
    .replace(/\$\{\d+:([^}]*)\}/g, '$1')
    .replace(/\$\{\d+\}|\$\d+/g, '');
}
