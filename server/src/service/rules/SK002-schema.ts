import { TextEdit } from 'vscode-languageserver-types';
import { nodeAt } from '../features/cursor';
import { missingFieldsOf, single } from '../features/fixEdits';
import { insertMapEntry, removePair } from '../features/yamlEdits';
import { defineRule, type QuickFix } from './rule';

/** Every required field missing from that map, each with a value to start from. */
export const addMissingFields: QuickFix = {
  title: 'Add missing required fields',
  createCodeAction({ index, uri, file, data, fix }) {
    if (typeof data.missing !== 'string' || !Array.isArray(data.at)) return;
    const missing = missingFieldsOf(index, uri, data.at);
    fix(`Add missing required field${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m.field}'`).join(', ')}`,
      single(uri, missing.flatMap((m) => insertMapEntry(file, data.at as (string | number)[], m.field, m.sample))), true);
  },
};

/** The closest allowed value (also SK050's). */
export const changeToAllowed: QuickFix = {
  title: 'Change to the closest allowed value',
  createCodeAction({ uri, diagnostic, data, fix }) {
    if (typeof data.suggestion === 'string') fix(`Change to '${data.suggestion}'`, single(uri, [TextEdit.replace(diagnostic.range, data.suggestion)]), true);
  },
};

/** A field that is not allowed there (an MCP tool binding's parameters or bodyTemplate). */
export const removeField: QuickFix = {
  title: 'Remove the field that is not allowed',
  createCodeAction({ uri, file, diagnostic, data, fix }) {
    if (typeof data.remove !== 'string') return;
    const hit = nodeAt(file.yaml, file.lines.offsetAt(diagnostic.range.start));
    if (hit?.isKey) fix(`Remove '${data.remove}'`, single(uri, removePair(file, hit.path)), true);
  },
};

/** SK002 raised by the cross-file checks: a shared action under a messaging channel. */
export function actionUnderChannelMessage(id: string): string {
  return `'${id}' is a messaging channel: shared actions belong to Custom API integrations. Use a send-text-message action in the agent instead.`;
}

/** A binding links a messaging channel. */
export function linkToChannelMessage(label: string, id: string): string {
  return `${label}: '${id}' is a messaging channel, which has no actions to link. Use a send-text-message action with channel: ${id}.`;
}

/** A binding to an MCP tool sets parameters or bodyTemplate. */
export function mcpToolFieldMessage(label: string, field: 'parameters' | 'bodyTemplate'): string {
  return `${label} links an MCP tool: its ${field === 'parameters' ? 'parameters come' : 'request is built'} from the server's tool definition, so '${field}' is not allowed here. Remove it.`;
}

/** SK002: Schema violation. */
export const SK002 = defineRule({
  code: 'SK002',
  severity: 'error',
  title: 'Schema violation',
  doc: "A field breaks the format: a required field is missing, a value has the wrong type, is out of range\n(`maxSuccessfulCalls: 0`), is not one of the allowed values (`method: get`), or does not match its\npattern (ids, action names, a `link` that is not `<integration-id>/<action-id>`). Also SK002:",
  data: { missing: 'string?', at: 'path?', sample: 'unknown?', allowed: 'unknown[]?', suggestion: 'string?', remove: 'string?' },
  quickFixes: [addMissingFields, changeToAllowed, removeField],
});
