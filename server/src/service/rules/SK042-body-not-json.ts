import { defineRule } from './rule';

/** SK042: Body template is not valid JSON. */
export const SK042 = defineRule({
  code: 'SK042',
  severity: 'error',
  title: 'Body template is not valid JSON',
  doc: "The body template is rendered twice with sample values of the parameters' types (`string` → `sample`,\n`number`/`integer` → `1`, `boolean` → `true`, `array` → `[sample]`), once with every condition true\nand once with every condition false, and one of the renderings is not JSON. The message shows the\nrendering.",
  data: {},
});
