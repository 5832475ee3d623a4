import { defineRule } from './rule';

/** `conditions`: the way undecided conditions were taken, when the template has any. `shown`: the rendering, on one line. */
export function notJsonMessage(reason: string, shown: string, conditions: boolean | undefined): string {
  return `bodyTemplate is not valid JSON once filled with sample values${conditions !== undefined ? ` (with its conditions ${conditions})` : ''}: ${reason}. Rendered: ${shown.length > 120 ? shown.slice(0, 117) + '...' : shown}. Quote string parameters ("{{ .parameters.x }}") and leave numbers and booleans bare.`;
}

/** SK042: Body template is not valid JSON. */
export const SK042 = defineRule({
  code: 'SK042',
  severity: 'error',
  title: 'Body template is not valid JSON',
  doc: "The body template is rendered twice with sample values of the parameters' types (`string` → `sample`,\n`number`/`integer` → `1`, `boolean` → `true`, `array` → `[sample]`), once with every condition true\nand once with every condition false, and one of the renderings is not JSON. The message shows the\nrendering.",
  data: {},
});
