import type { Range } from '../types';
import { type AddFinding, defineRule, related } from './rule';

/** An agent-specific api-call. */
export function agentBodyOnGetMessage(label: string, method: string): string {
  return `${label} is a ${method}: its bodyTemplate is ignored because parameters are sent as query parameters. Remove bodyTemplate or change the method to POST, PUT or PATCH.`;
}

/** A binding whose shared action is a GET or DELETE: points at the action's method. */
export function checkBindingBody(
  label: string,
  bodyTemplateRange: Range | undefined,
  action: { uri: string; idRange: Range; method?: string; methodRange?: Range },
  add: AddFinding,
): void {
  if (!bodyTemplateRange || (action.method !== 'GET' && action.method !== 'DELETE')) return;
  add(
    'SK041',
    bodyTemplateRange,
    `${label}: the shared action is a ${action.method}, so this bodyTemplate is ignored (parameters are sent as query parameters). Remove bodyTemplate.`,
    [related(action.uri, action.methodRange ?? action.idRange, `method ${action.method}`)],
  );
}

/** SK041: Body template on a GET or DELETE action. */
export const SK041 = defineRule({
  code: 'SK041',
  severity: 'warning',
  title: 'Body template on a GET or DELETE action',
  doc: 'A binding to a GET or DELETE shared action, or a GET or DELETE `api-call`, has a `bodyTemplate`. It is\nignored: for GET and DELETE the collected parameters are sent as query parameters.',
  data: {},
});
