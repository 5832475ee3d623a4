import * as validators from '../../generated/validators.js';
import { mapErrors, pruneErrors } from '../schemaCheck';
import { keyRangeAt } from '../yamlFile';
import { patternProblem, schemaPatterns } from '../userSchema';
import type { AgentActionSummary, AgentSummary, Ref } from '../summary';
import { checkBodyJson, checkHeaders, checkNoControl, checkTemplate, Ctx, E164, isRecord, isTemplate, str, type Path } from './common';
import { isHttpUrl } from './integration';
import { hasOwnKey, itemHeadRange } from '../yamlFile';

export function analyzeAgent(ctx: Ctx, v: Record<string, unknown>, base: Omit<AgentSummary, 'kind' | 'states' | 'actions' | 'strictStateSeparation'>): AgentSummary {
  const states: Ref[] = [];
  if (Array.isArray(v.states)) v.states.forEach((st, i) => { if (typeof st === 'string') states.push(ctx.ref(st, ['states', i])); });
  const s: AgentSummary = {
    ...base, kind: 'agent', name: str(v.name), status: str(v.status), states,
    strictStateSeparation: v.strictStateSeparation === true, actions: [],
  };
  const stateNames = new Set(states.map((x) => x.target));
  if (Array.isArray(v.actions)) {
    v.actions.forEach((a, i) => {
      if (isRecord(a)) s.actions.push(analyzeAgentAction(ctx, a, ['actions', i], i, stateNames, s.strictStateSeparation));
    });
  }
  return s;
}

function analyzeAgentAction(ctx: Ctx, a: Record<string, unknown>, path: Path, index: number, states: Set<string>, strict: boolean): AgentActionSummary {
  const link = str(a.link);
  const type = link === undefined ? str(a.type) : undefined;
  const s: AgentActionSummary = {
    index,
    range: link !== undefined ? ctx.value([...path, 'link']) : typeof a.name === 'string' ? ctx.value([...path, 'name']) : ctx.object(path),
    type,
    name: link === undefined ? str(a.name) : undefined,
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
        ctx.add('SK082', ctx.value([...path, 'url']), `${label}: url '${url}' is not an absolute http(s) URL. An agent-specific API call has no integration base URL; write the full URL (e.g. https://api.example.com/orders).`);
      }
      checkHeaders(ctx, a.headers, [...path, 'headers']);
      if (a.bodyTemplate !== undefined && (s.method === 'GET' || s.method === 'DELETE')) {
        ctx.add('SK041', s.bodyTemplateRange!, `${label} is a ${s.method}: its bodyTemplate is ignored because parameters are sent as query parameters. Remove bodyTemplate or change the method to POST, PUT or PATCH.`);
      }
      break;
    }
    case 'handover': checkHandover(ctx, a, path, label, s.parameterNames); break;
    case 'send-text-message': {
      if (typeof a.channel === 'string') s.channel = ctx.ref(a.channel, [...path, 'channel']);
      const recipient = str(a.recipient);
      if (recipient !== undefined && recipient !== 'caller') {
        if (isTemplate(recipient)) checkTemplate(ctx, recipient, [...path, 'recipient'], 'recipient', s.parameterNames);
        else if (!E164.test(recipient)) ctx.add('SK071', ctx.value([...path, 'recipient']), `${label}: recipient '${recipient}' is not 'caller', a template or an E.164 number (e.g. +31201234567).`);
      }
      checkTemplate(ctx, a.message, [...path, 'message'], 'message', s.parameterNames);
      break;
    }
    default: break;
  }
  return s;
}

/** SK043: parameters is a JSON Schema of type object. Returns its property names. */
function checkParameters(ctx: Ctx, params: unknown, path: Path): string[] | undefined {
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
  if (params.type !== 'object' && !(typeof params.type === 'string' && !typeNames.includes(params.type))) { // an unknown type name is reported above
    const at = params.type === undefined ? ctx.object(path) : ctx.value([...path, 'type']);
    ctx.add('SK043', at, `parameters must be a JSON Schema with \`type: object\` (the values the AI collects, by name)${params.type === undefined ? '' : `, found type ${JSON.stringify(params.type)}`}.`);
  }
  const props = isRecord(params.properties) ? params.properties : {};
  const names = Object.keys(props);
  if (Array.isArray(params.required) && (params.properties === undefined || isRecord(params.properties))) {
    params.required.forEach((r, i) => {
      if (typeof r === 'string' && !(r in props)) {
        ctx.add('SK043', ctx.value([...path, 'required', i]), `parameters.required lists '${r}', which is not in parameters.properties: the AI could never collect it. Add the property or remove it from required.`);
      }
    });
  }
  return names;
}

/** SK043: a `pattern` or `patternProperties` key the linear-time engine (RE2) cannot run. */
function checkPatterns(ctx: Ctx, params: Record<string, unknown>, path: Path): void {
  for (const p of schemaPatterns(params, path)) {
    if (!isJsRegExp(p.pattern)) continue; // the JSON Schema check above reports it
    const problem = patternProblem(p.pattern);
    if (!problem) continue;
    const range = p.isKey ? keyRangeAt(ctx.file, p.path) ?? ctx.value(p.path) : ctx.value(p.path);
    const what = p.isKey ? 'patternProperties key' : 'pattern';
    ctx.add('SK043', range, `parameters: ${what} ${JSON.stringify(p.pattern)} cannot be used: ${problem}. Parameters are validated with a linear-time engine (RE2 syntax) so that no value can hang a run; it has no lookaround or backreferences. Rewrite the pattern without them (or check the value in the service instead).`);
  }
}

function isJsRegExp(pattern: string): boolean {
  try { new RegExp(pattern); return true; } catch { return false; }
}

function checkPhases(ctx: Ctx, a: Record<string, unknown>, path: Path, type: string | undefined, label: string, s: AgentActionSummary): void {
  if (!Array.isArray(a.phases)) return;
  s.phasesRange = ctx.object([...path, 'phases']);
  const phases = a.phases.filter((p): p is string => typeof p === 'string');
  if (type === 'end-call') {
    phases.forEach((p, i) => {
      if (p === 'post-call') ctx.add('SK050', ctx.value([...path, 'phases', i]), `${label} ends the call, so it can only run in-call: after the call there is nothing to end. Remove 'post-call'.`);
    });
  }
  if (phases.length === 0 && a.phases.length === 0) {
    ctx.add('SK050', s.phasesRange, `${label} has an empty phases list, so it can never run. List 'in-call', 'post-call' or both, or remove phases for the default.`);
  }
}

function checkAllowedStates(ctx: Ctx, a: Record<string, unknown>, path: Path, states: Set<string>, strict: boolean, label: string, s: AgentActionSummary): void {
  const allowed = Array.isArray(a.allowedStates) ? a.allowedStates : undefined;
  if (allowed) {
    s.allowedStates = [];
    allowed.forEach((st, i) => {
      if (typeof st !== 'string') return;
      s.allowedStates!.push(ctx.ref(st, [...path, 'allowedStates', i]));
      if (!states.has(st)) {
        const known = states.size ? `Declared states: ${[...states].join(', ')}.` : 'The agent declares no states.';
        ctx.add('SK051', ctx.value([...path, 'allowedStates', i]), `${label}: allowed state '${st}' is not declared in the agent's states. ${known}`, { state: st });
      }
    });
  }
  if (strict && (!allowed || allowed.length === 0)) {
    ctx.add('SK052', s.range, `${label} has no allowedStates while strictStateSeparation is on: it is reachable from no state. Add allowedStates or turn strict separation off.`);
  }
}

function checkHandover(ctx: Ctx, a: Record<string, unknown>, path: Path, label: string, params: string[] | undefined): void {
  const kind = str(a.handoverType);
  const target = kind === 'phone' ? 'phone' : kind === 'queue' ? 'queue' : kind === 'sip' ? 'sipUri' : undefined;
  if (target && (a[target] === undefined || a[target] === null || a[target] === '')) {
    const at = a.handoverType !== undefined ? ctx.value([...path, 'handoverType']) : ctx.object(path);
    ctx.add('SK071', at, `${label} is a ${kind} handover without its target: set \`${target}\`${kind === 'phone' ? ' (E.164 or a template)' : kind === 'sip' ? ' (a sip: URI)' : ' (a queue id)'}.`, { missing: target });
  }
  const phone = str(a.phone);
  if (phone !== undefined) {
    if (isTemplate(phone)) checkTemplate(ctx, phone, [...path, 'phone'], 'phone', params);
    else if (!E164.test(phone)) ctx.add('SK071', ctx.value([...path, 'phone']), `${label}: phone '${phone}' is not an E.164 number (a + then up to 15 digits, e.g. +31201234567) or a template.`);
  }
  const queue = str(a.queue);
  if (queue !== undefined && isTemplate(queue)) {
    checkTemplate(ctx, queue, [...path, 'queue'], 'queue', params);
    if (queue.includes('.parameters') && (a.fallbackQueue === undefined || a.fallbackQueue === '')) {
      ctx.add('SK071', ctx.value([...path, 'queue']), `${label} takes its queue from parameters but has no fallbackQueue: supervisor and guardrail handovers supply no parameters and would have no target. Set fallbackQueue.`);
    }
  }
  const sip = str(a.sipUri);
  if (sip !== undefined && !/^sips?:[^\s@]+(@[^\s]+)?$/i.test(sip)) {
    ctx.add('SK071', ctx.value([...path, 'sipUri']), `${label}: sipUri '${sip}' is not a SIP URI (e.g. sip:support@pbx.example.com).`);
  }
}
