import { defineRule } from './rule';

export const messages = {
  header: (name: string) =>
    `Header '${name}' holds what looks like a literal credential: anyone with the repository can read it. Use { secret: NAME } and declare NAME in stellar.yaml.`,
  credential: (field: string, env: string) =>
    `'${field}' for ${env} is a literal credential: anyone with the repository can read it. Write { secret: NAME } and declare NAME in stellar.yaml; the value then lives in VS Code's secret storage or STELLAR_SECRET_NAME.`,
};

/** SK022: Literal credential. */
export const SK022 = defineRule({
  code: 'SK022',
  severity: 'warning',
  title: 'Literal credential',
  doc: 'A value that belongs in a secret is written literally, so anyone with the repository can read it:',
  data: { field: 'string', env: 'string?' },
});
