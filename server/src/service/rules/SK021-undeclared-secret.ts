import { defineRule } from './rule';

/** SK021: Undeclared secret. */
export const SK021 = defineRule({
  code: 'SK021',
  severity: 'error',
  title: 'Undeclared secret',
  doc: "A secret reference `{ secret: NAME }` names a secret that `stellar.yaml` does not declare under\n`secrets:` (or there is no `stellar.yaml` at the workspace root). Its value could not be looked up.\nThe message suggests a close declared name. Lock files are not checked: they record shapes as they\nwere.",
  data: { secret: 'string', suggestion: 'string?' },
});
