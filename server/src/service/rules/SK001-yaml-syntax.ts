import { defineRule } from './rule';

/** SK001: YAML syntax error. */
export const SK001 = defineRule({
  code: 'SK001',
  severity: 'error',
  variants: { yamlWarning: { severity: 'warning', when: 'a YAML warning (an unknown tag, for example) rather than an error: the file still loads' } },
  title: 'YAML syntax error',
  doc: "The file is not valid YAML. Every syntax error is reported where it is, for example:",
  data: {},
});
