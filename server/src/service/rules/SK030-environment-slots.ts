import { defineRule } from './rule';

export const messages = {
  mcpWithSlots:
    'An MCP server has no environment slots: the platform uses its one `url` in every environment. Remove `environments` and set `url` (and `auth`) at the top level.',
  /** `label`: 'A Custom API integration' or 'A messaging channel'; `listed`: `environments:` is there but lists no slot. */
  noSlot: (label: string, slotExample: string, listed: boolean) =>
    listed
      ? `${label} needs at least one environment slot, and \`environments:\` lists none: no agent can use it anywhere. Add a slot under it (${slotExample}).`
      : `${label} needs at least one environment slot (development, staging or production); without one no agent can use it. Add \`environments:\` with a slot (${slotExample}).`,
};

/** SK030: Environment slots missing or not allowed. */
export const SK030 = defineRule({
  code: 'SK030',
  severity: 'error',
  title: 'Environment slots missing or not allowed',
  doc: 'A Custom API integration or messaging channel has no environment slot (no `environments`, or an empty\none), so no agent can use it; or an MCP server has `environments` (it has one `url` for every\nenvironment).',
  data: {},
});
