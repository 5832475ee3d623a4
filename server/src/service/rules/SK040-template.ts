import { defineRule } from './rule';

export const messages = {
  doesNotParse: (label: string, reason: string) => `${label} does not parse as a template: ${reason}.`,
  unknownParameter: (label: string, name: string, parameterNames: string[] | undefined) => {
    const known = parameterNames?.length ? `Defined parameters: ${parameterNames.join(', ')}.` : 'This action defines no parameters.';
    return `${label} reads '.parameters.${name}', which the action's parameters schema does not define, so it would render empty. ${known} Add '${name}' to parameters.properties or fix the name.`;
  },
};

/** SK040: Template error or unknown parameter. */
export const SK040 = defineRule({
  code: 'SK040',
  severity: 'error',
  title: 'Template error or unknown parameter',
  doc: "A template field (`bodyTemplate`, a handover's `phone` and `queue`, a send-text-message's `recipient`\nand `message`) does not parse as a Go template (an unclosed `{{`, an `{{ if }}` without `{{ end }}`,\nan unexpected `{{ end }}`), or reads `.parameters.X` where `X` is not a property of the action's\n`parameters`: it would render empty. The range is the offending expression.\n`.variables.call.from`, `.variables.call.to` and other `.variables.X` are not checked.",
  data: { parameter: 'string?' },
});
