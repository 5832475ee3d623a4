import { TextEdit } from 'vscode-languageserver-types';
import { closest } from '../closest';
import { nodeAt, valueAt } from '../features/cursor';
import { single } from '../features/fixEdits';
import { removePair } from '../features/yamlEdits';
import { defineRule, type QuickFix } from './rule';

/** The closest known key, unless the map already has it. */
export function changeToKnownKey(): QuickFix {
  return {
    title: 'Change to the closest known key',
    createCodeAction({ uri, file, diagnostic, data, fix }) {
      const suggestion = typeof data.suggestion === 'string' ? data.suggestion : undefined;
      if (suggestion === undefined) return;
      const hit = nodeAt(file.yaml, file.lines.offsetAt(diagnostic.range.start));
      const siblings = hit?.isKey ? valueAt(file.yaml.value, hit.path.slice(0, -1)) : undefined;
      const taken = siblings && typeof siblings === 'object' && suggestion in (siblings as object);
      if (!taken) fix(`Change to '${suggestion}'`, single(uri, [TextEdit.replace(diagnostic.range, suggestion)]), true);
    },
  };
}

export function removeKey(): QuickFix {
  return {
    title: 'Remove the key',
    createCodeAction({ uri, file, diagnostic, fix }) {
      const hit = nodeAt(file.yaml, file.lines.offsetAt(diagnostic.range.start));
      if (hit?.isKey) fix(`Remove '${String(hit.path[hit.path.length - 1])}'`, single(uri, removePair(file, hit.path)));
    },
  };
}

/** An unknown key of a map whose known keys are `known`: a binding's shared fields get their own advice. */
export function unknownKey(key: string, known: string[]): { message: string; data: { key: string; suggestion: string | undefined; known: string[] } } {
  const guess = closest(key, known);
  const shared = known.includes('link') && ['name', 'description', 'method', 'path', 'headers', 'outputVariables'].includes(key);
  const hint = shared
    ? `A binding cannot override the shared action's '${key}': every agent linking it sees the same value. Change it in the shared action file, or remove it here.`
    : guess
      ? `Did you mean '${guess}'?`
      : known.length
        ? `Known keys here: ${known.join(', ')}.`
        : 'No keys are allowed here.';
  return { message: `Unknown key '${key}': it is ignored. ${hint}`, data: { key, suggestion: shared ? undefined : guess, known } };
}

/** SK003: Unknown key. */
export const SK003 = defineRule({
  code: 'SK003',
  severity: 'warning',
  title: 'Unknown key',
  doc: 'A key the format does not know. It is ignored, which usually means a typo: the message names the\nclosest known key. On a binding, the shared fields `name`, `description`, `method`, `path`, `headers`\nand `outputVariables` are SK003 too: a binding cannot override them, because every agent linking the\nshared action sees the same values. Never SK003: a merge key `<<`, and extension fields, keys starting\nwith `x-` in any map of fields (`x-defaults:`, `x-owner:`), which every check ignores; `x_owner` or\n`X-owner` are not extension fields ([format.md](format.md#yaml-merge-keys-and-extension-fields)).',
  data: { key: 'string', suggestion: 'string?', known: 'string[]' },
  quickFixes: [changeToKnownKey(), removeKey()],
});
