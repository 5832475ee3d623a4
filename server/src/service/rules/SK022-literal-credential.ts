import { defineRule } from './rule';

/** SK022: Literal credential. */
export const SK022 = defineRule({
  code: 'SK022',
  severity: 'warning',
  title: 'Literal credential',
  doc: "A value that belongs in a secret is written literally, so anyone with the repository can read it:",
  data: { field: 'string', env: 'string?' },
});
