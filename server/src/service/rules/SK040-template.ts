import { defineRule } from './rule';

/** SK040: Template error or unknown parameter. */
export const SK040 = defineRule({
  code: 'SK040',
  severity: 'error',
  title: 'Template error or unknown parameter',
  doc: "A template field (`bodyTemplate`, a handover's `phone` and `queue`, a send-text-message's `recipient`\nand `message`) does not parse as a Go template (an unclosed `{{`, an `{{ if }}` without `{{ end }}`,\nan unexpected `{{ end }}`), or reads `.parameters.X` where `X` is not a property of the action's\n`parameters`: it would render empty. The range is the offending expression.\n`.variables.call.from`, `.variables.call.to` and other `.variables.X` are not checked.",
  data: { parameter: 'string?' },
});
