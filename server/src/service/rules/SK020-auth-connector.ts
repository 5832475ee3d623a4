import { defineRule } from './rule';

/** SK020: Unknown or unsuitable auth connector. */
export const SK020 = defineRule({
  code: 'SK020',
  severity: 'error',
  title: 'Unknown or unsuitable auth connector',
  doc: "An `auth` value (an integration slot, an MCP server, an agent's `api-call`) names an auth connector\nthat does not exist, or one of a type that place does not accept: a messaging channel's slot needs an\n`api-key` connector.",
  data: { auth: 'string', needs: 'string[]?' },
});
