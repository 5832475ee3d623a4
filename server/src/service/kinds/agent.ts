import { agentBodyOnGetMessage } from '../rules/SK041-body-on-get';
import { checkParameters } from '../rules/SK043-parameters-schema';
import { checkPhases } from '../rules/SK050-phase';
import { checkAllowedStates } from '../rules/SK051-undeclared-state';
import { checkHandover, recipientMessage } from '../rules/SK071-phone-or-handover-target';
import { apiCallUrlMessage } from '../rules/SK082-path-or-url';
import type { AgentActionSummary, AgentSummary, Ref } from '../summary';
import {
  checkBodyJson,
  checkHeaders,
  checkNoControl,
  checkTemplate,
  collectSecretRefs,
  FileFindings,
  E164,
  isRecord,
  isTemplate,
  str,
  type Path,
} from './common';
import { isHttpUrl } from './integration';
import { hasOwnKey, itemHeadRange } from '../yamlFile';

export function analyzeAgent(
  ctx: FileFindings,
  v: Record<string, unknown>,
  base: Omit<AgentSummary, 'kind' | 'states' | 'actions' | 'strictStateSeparation'>,
): AgentSummary {
  const states: Ref[] = [];
  if (Array.isArray(v.states))
    v.states.forEach((st, i) => {
      if (typeof st === 'string') states.push(ctx.ref(st, ['states', i]));
    });
  const s: AgentSummary = {
    ...base,
    kind: 'agent',
    name: str(v.name),
    description: str(v.description),
    status: str(v.status),
    states,
    strictStateSeparation: v.strictStateSeparation === true,
    actions: [],
  };
  const stateNames = new Set(states.map((x) => x.target));
  if (Array.isArray(v.actions)) {
    v.actions.forEach((a, i) => {
      if (isRecord(a)) s.actions.push(analyzeAgentAction(ctx, a, ['actions', i], i, stateNames, s.strictStateSeparation));
    });
  }
  return s;
}

function analyzeAgentAction(
  ctx: FileFindings,
  a: Record<string, unknown>,
  path: Path,
  index: number,
  states: Set<string>,
  strict: boolean,
): AgentActionSummary {
  const link = str(a.link);
  const type = link === undefined ? str(a.type) : undefined;
  const s: AgentActionSummary = {
    index,
    range: link !== undefined ? ctx.value([...path, 'link']) : typeof a.name === 'string' ? ctx.value([...path, 'name']) : ctx.object(path),
    type,
    name: link === undefined ? str(a.name) : undefined,
    description: link === undefined ? str(a.description) : undefined,
  };
  const naming = link !== undefined ? 'link' : typeof a.name === 'string' ? 'name' : undefined;
  if (naming && !hasOwnKey(ctx.file, path, naming)) s.itemRange = itemHeadRange(ctx.file, path) ?? ctx.object(path);
  if (link !== undefined) s.link = { target: link, range: s.range };
  if (s.name !== undefined) s.nameRange = ctx.value([...path, 'name']);
  const label = link !== undefined ? `Binding '${link}'` : `Action '${s.name ?? `#${index + 1}`}'`;

  // Per-agent fields, common to every form.
  if (a.parameters !== undefined) {
    s.parametersRange = ctx.object([...path, 'parameters']);
    s.parameterNames = checkParameters(ctx, a.parameters, [...path, 'parameters']);
  }
  checkPhases(ctx, a, path, type, label, s);
  checkAllowedStates(ctx, a, path, states, strict, label, s);

  let body: ReturnType<typeof checkTemplate>;
  if (a.bodyTemplate !== undefined) {
    s.bodyTemplateRange = ctx.object([...path, 'bodyTemplate']);
    body = checkTemplate(ctx, a.bodyTemplate, [...path, 'bodyTemplate'], 'bodyTemplate', s.parameterNames);
    checkBodyJson(ctx, body, a.bodyTemplate, [...path, 'bodyTemplate'], a.parameters);
  }

  switch (type) {
    case 'api-call': {
      s.method = str(a.method);
      if (typeof a.auth === 'string') s.auth = ctx.ref(a.auth, [...path, 'auth']);
      const url = str(a.url);
      if (url !== undefined && checkNoControl(ctx, url, [...path, 'url'], 'url') && !isHttpUrl(url)) {
        ctx.add('SK082', ctx.value([...path, 'url']), apiCallUrlMessage(label, url));
      }
      checkHeaders(ctx, a.headers, [...path, 'headers']);
      const headerSecrets: Ref[] = [];
      collectSecretRefs(ctx, a.headers, [...path, 'headers'], headerSecrets);
      if (headerSecrets.length) s.headerSecrets = headerSecrets;
      if (a.bodyTemplate !== undefined && (s.method === 'GET' || s.method === 'DELETE')) {
        ctx.add('SK041', s.bodyTemplateRange!, agentBodyOnGetMessage(label, s.method));
      }
      break;
    }
    case 'handover':
      checkHandover(ctx, a, path, label, s.parameterNames);
      break;
    case 'send-text-message': {
      if (typeof a.channel === 'string') s.channel = ctx.ref(a.channel, [...path, 'channel']);
      const recipient = str(a.recipient);
      if (recipient !== undefined && recipient !== 'caller') {
        if (isTemplate(recipient)) checkTemplate(ctx, recipient, [...path, 'recipient'], 'recipient', s.parameterNames);
        else if (!E164.test(recipient)) ctx.add('SK071', ctx.value([...path, 'recipient']), recipientMessage(label, recipient));
      }
      checkTemplate(ctx, a.message, [...path, 'message'], 'message', s.parameterNames);
      break;
    }
    default:
      break;
  }
  return s;
}
