import * as validators from '../../generated/validators.js';
import { type FileFindings, isRecord, type Path } from '../kinds/common';
import { mapErrors, pruneErrors } from '../schemaCheck';
import { patternProblem, schemaPatterns } from '../userSchema';
import { keyRangeAt } from '../yamlFile';
import { defineRule } from './rule';

/** SK043: parameters is a JSON Schema of type object. Returns its property names. */
export function checkParameters(ctx: FileFindings, params: unknown, path: Path): string[] | undefined {
  if (!isRecord(params)) return undefined; // the agent schema reports the type
  const validate = validators.jsonSchemaDraft07;
  if (!validate(params)) {
    for (const f of mapErrors(ctx.file, pruneErrors(validate.errors ?? []), path, 'SK043')) {
      f.message = `parameters is not a valid JSON Schema: ${f.message}`;
      ctx.findings.push(f);
    }
  }
  checkPatterns(ctx, params, path);
  const typeNames = ['array', 'boolean', 'integer', 'null', 'number', 'object', 'string'];
  if (params.type !== 'object' && !(typeof params.type === 'string' && !typeNames.includes(params.type))) {
    // an unknown type name is reported above
    const at = params.type === undefined ? ctx.object(path) : ctx.value([...path, 'type']);
    ctx.add(
      'SK043',
      at,
      `parameters must be a JSON Schema with \`type: object\` (the values the AI collects, by name)${params.type === undefined ? '' : `, found type ${JSON.stringify(params.type)}`}.`,
    );
  }
  const props = isRecord(params.properties) ? params.properties : {};
  const names = Object.keys(props);
  if (Array.isArray(params.required) && (params.properties === undefined || isRecord(params.properties))) {
    params.required.forEach((r, i) => {
      if (typeof r === 'string' && !(r in props)) {
        ctx.add(
          'SK043',
          ctx.value([...path, 'required', i]),
          `parameters.required lists '${r}', which is not in parameters.properties: the AI could never collect it. Add the property or remove it from required.`,
        );
      }
    });
  }
  return names;
}

/** SK043: a `pattern` or `patternProperties` key the linear-time engine (RE2) cannot run. */
function checkPatterns(ctx: FileFindings, params: Record<string, unknown>, path: Path): void {
  for (const p of schemaPatterns(params, path)) {
    if (!isJsRegExp(p.pattern)) continue; // the JSON Schema check above reports it
    const problem = patternProblem(p.pattern);
    if (!problem) continue;
    const range = p.isKey ? (keyRangeAt(ctx.file, p.path) ?? ctx.value(p.path)) : ctx.value(p.path);
    const what = p.isKey ? 'patternProperties key' : 'pattern';
    ctx.add(
      'SK043',
      range,
      `parameters: ${what} ${JSON.stringify(p.pattern)} cannot be used: ${problem}. Parameters are validated with a linear-time engine (RE2 syntax) so that no value can hang a run; it has no lookaround or backreferences. Rewrite the pattern without them (or check the value in the service instead).`,
    );
  }
}

function isJsRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

/** SK043: Invalid parameters schema. */
export const SK043 = defineRule({
  code: 'SK043',
  severity: 'error',
  title: 'Invalid parameters schema',
  doc: "An action's `parameters` is not a valid JSON Schema (draft-07), does not have `type: object`, lists\nunder `required` a name that is not in `properties` (the AI could never collect it), or has a `pattern`\n(or `patternProperties` key) that the linear-time engine runs cannot accept: parameters are matched with\nRE2 syntax so no value can hang a run, and RE2 has no lookahead, lookbehind or backreferences\n(see [regular expressions in parameters schemas](format.md#regular-expressions-in-parameters-schemas)).",
  data: { missing: 'string?', at: 'path?', sample: 'unknown?', allowed: 'unknown[]?', suggestion: 'string?' },
});
