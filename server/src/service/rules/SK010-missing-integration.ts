import { nearest } from '../closest';
import { valueAt } from '../features/cursor';
import { bindingIndexAt, linkTargets, relink, removeSeqItemsEdit } from '../features/fixEdits';
import { defineRule, type QuickFix } from './rule';

/** A mistyped link: the existing full ids closest to it, the closest preferred. */
export function relinkToClosest(): QuickFix {
  return {
    title: "Did you mean '<full id>'? Re-link to it",
    createCodeAction({ index, file, diagnostic, fix }) {
      const i = bindingIndexAt(file, diagnostic.range);
      if (i === undefined) return;
      const link = String(valueAt(file.yaml.value, ['actions', i, 'link']));
      nearest(link, linkTargets(index)).forEach((g, k) => fix(`Did you mean '${g}'? Re-link to it`, relink(index, file, diagnostic.range, g), k === 0));
    },
  };
}

/** Removes the binding from the agent's actions (also offered for SK011 and SK090). */
export function removeBinding(): QuickFix {
  return {
    title: 'Remove the binding',
    createCodeAction({ file, diagnostic, fix }) {
      const i = bindingIndexAt(file, diagnostic.range);
      if (i === undefined) return;
      const link = String(valueAt(file.yaml.value, ['actions', i, 'link']));
      fix(`Remove the binding '${link}'`, removeSeqItemsEdit(file, ['actions'], [i]));
    },
  };
}

/** A shared action file names an integration that does not exist. */
export function actionIntegrationMissingMessage(actionId: string, id: string): string {
  return `Shared action '${actionId}' belongs to integration '${id}', which does not exist. Create ${id}.integration.yaml or fix the name.`;
}

/** A binding links into an integration that does not exist. */
export function bindingIntegrationMissingMessage(label: string, id: string): string {
  return `${label}: integration '${id}' does not exist. Fix the link or create ${id}.integration.yaml.`;
}

/** SK010: Integration does not exist. */
export const SK010 = defineRule({
  code: 'SK010',
  severity: 'error',
  title: 'Integration does not exist',
  doc: 'A binding links `<integration-id>/<action-id>` where no integration has that id and no shared action\nof that id or name exists anywhere else (otherwise it is [SK012](#sk012)). A shared action whose\n`integration:` names a missing integration is SK010 too, on its `integration` value.',
  data: { integration: 'string', fullId: 'string?' },
  quickFixes: [relinkToClosest(), removeBinding()],
  treeStatus: 'broken',
});
