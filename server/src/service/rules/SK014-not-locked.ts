import { defineRule } from './rule';

/** SK014: Binding has no lock entry. */
export const SK014 = defineRule({
  code: 'SK014',
  severity: 'information',
  title: 'Binding has no lock entry',
  doc: "The binding resolves, but the agent's lock has no entry for it (or there is no lock file), so later\nchanges of the shared action cannot be detected. Bindings to MCP tools need no entry. Not reported\nwhen the lock file exists but cannot be read (it reports its own errors).",
  data: { fullId: 'string' },
  treeStatus: 'notLocked',
});
