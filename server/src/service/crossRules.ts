import type { FileAnalysis } from './analyze';
import { resolveBinding, splitLink } from './bindings';
import { closest } from './closest';
import { taskRequiredMessage } from './discoveredTools';
import { dirName } from './files';
import { key } from './keys';
import { capRelated } from './limits';
import { find, fullIdOf, type Lookup } from './lookup';
import { diffShapes } from './shape';
import type { AgentLockSummary, AgentSummary, IntegrationSummary, LockEntrySummary, Ref, Summary } from './summary';
import { finding } from './rules';
import { checkDuplicateId } from './rules/SK004-duplicate-id';
import { checkBindingBody } from './rules/SK041-body-on-get';
import { checkLockEntries } from './rules/SK015-stale-lock-entry';
import { checkSecrets } from './rules/SK021-undeclared-secret';
import { checkSlotCredentials } from './rules/SK023-missing-credentials';
import { checkMissingSlots } from './rules/SK031-missing-slot';
import { checkDuplicateNames } from './rules/SK080-duplicate-action-name';
import type { Finding, Range, RelatedLocation } from './types';

/** Adds a finding of `code` (or `'SKnnn.variant'`) with the severity its rule registers. */
type Add = (code: string, range: Range, message: string, related?: RelatedLocation[], data?: Record<string, unknown>) => void;

/** Findings of `f` that depend on other files. Every key read through `l` becomes a dependency of `f`. */
export function crossFindings(f: FileAnalysis, l: Lookup): Finding[] {
  const out: Finding[] = [];
  // At most LIMITS.related, then one saying how many more (1,000 bindings can share one name).
  const add: Add = (code, range, message, related = [], data) => { out.push(finding(code, f.uri, range, message, capRelated(related), data)); };
  const s = f.summary;
  switch (f.kind) {
    case 'integration': checkDuplicateId(f, l, key.integration(f.id), 'integration', add); break;
    case 'auth': checkDuplicateId(f, l, key.auth(f.id), 'auth connector', add); break;
    case 'agent': checkDuplicateId(f, l, key.agent(f.id), 'agent', add); break;
    case 'action':
      if (s?.kind === 'action' && s.integration) checkDuplicateId(f, l, key.action(`${s.integration.target}/${f.id}`), 'shared action', add);
      break;
    default: break;
  }
  if (!s) return out;
  checkSecrets(s, l, add);
  switch (s.kind) {
    case 'integration': integrationRules(s, l, add); break;
    case 'action': actionRules(s, l, add); break;
    case 'agent': agentRules(s, l, add); break;
    case 'agentLock': checkLockEntries(s, l, add); break;
    default: break;
  }
  return out;
}

function rel(uri: string, range: Range, message: string): RelatedLocation {
  return { uri, range, message };
}



/** Connector types a place takes, and why (said when another type is given). */
interface Accept { types: string[]; where: string; why: string }

/** A messaging channel's slot: Telnyx takes one API key, sent as `Authorization: Bearer <key>`. */
const CHANNEL_AUTH: Accept = { types: ['api-key'], where: "a messaging channel's slot", why: 'Telnyx authenticates with one API key, which Stellar sends as the Authorization header' };

function authRef(ref: Ref, l: Lookup, add: Add, place: string, accept?: Accept): ReturnType<typeof find.auth> {
  const auth = find.auth(l, ref.target);
  if (!auth) {
    if (find.authExists(l, ref.target)) return undefined; // the file exists but does not parse: it reports that itself
    add('SK020', ref.range, `${place}: auth connector '${ref.target}' does not exist. Create ${ref.target}.auth.yaml or pick an existing connector.`, [], { auth: ref.target });
    return undefined;
  }
  if (accept && auth.type && !accept.types.includes(auth.type)) {
    const needs = accept.types.map((t) => `an ${t}`).join(' or ');
    add('SK020', ref.range, `${place}: auth connector '${ref.target}' is of type ${auth.type}, but ${accept.where} needs ${needs} connector: ${accept.why}. Point it at ${needs} connector, or change '${ref.target}' to type: ${accept.types[0]}.`,
      [rel(auth.uri, auth.typeRange ?? auth.idRange, `type ${auth.type}`)], { auth: ref.target, needs: accept.types });
  }
  return auth;
}

function integrationRules(s: IntegrationSummary, l: Lookup, add: Add): void {
  if (s.integrationKind === 'mcp-server' && s.auth) authRef(s.auth, l, add, `MCP server '${s.id}'`);
  const accept = s.integrationKind === 'messaging-channel' ? CHANNEL_AUTH : undefined;
  for (const slot of s.slots) {
    if (!slot.auth) continue;
    const auth = authRef(slot.auth, l, add, `${slot.env} slot`, accept);
    const prefixed = s.integrationKind === 'messaging-channel' && auth?.type === 'api-key' ? auth.bearerPrefixed?.[slot.env] : undefined;
    if (auth && prefixed) {
      add('SK020', slot.auth.range, `${slot.env} slot: the ${slot.env} value of auth connector '${auth.id}' starts with 'Bearer '. Stellar Kit sends the Telnyx API key as 'Authorization: Bearer <value>', so Telnyx would get 'Bearer Bearer …' and refuse it. Write the bare API key, best as { secret: NAME }.`,
        [rel(auth.uri, prefixed, `${slot.env} value starts with 'Bearer '`)], { bearerPrefixed: { uri: auth.uri, range: prefixed }, env: slot.env });
    }
    if (auth) checkSlotCredentials(slot, slot.auth, auth, add);
  }
}

function actionRules(s: Extract<Summary, { kind: 'action' }>, l: Lookup, add: Add): void {
  if (!s.integration) return;
  const id = s.integration.target;
  const integration = find.integration(l, id);
  if (!integration) {
    if (find.integrationExists(l, id)) return;
    add('SK010', s.integration.range, `Shared action '${s.id}' belongs to integration '${id}', which does not exist. Create ${id}.integration.yaml or fix the name.`, [], { integration: id });
    return;
  }
  if (integration.integrationKind === 'mcp-server') {
    add('SK060', s.integration.range, `'${id}' is an MCP server: its tools are discovered from the server, not defined in files. Delete this action and run Discover tools, or move it under a Custom API integration.`,
      [rel(integration.uri, integration.idRange, 'MCP server integration')]);
  } else if (integration.integrationKind === 'messaging-channel') {
    add('SK002', s.integration.range, `'${id}' is a messaging channel: shared actions belong to Custom API integrations. Use a send-text-message action in the agent instead.`,
      [rel(integration.uri, integration.idRange, 'messaging channel')]);
  }
}


function agentRules(s: AgentSummary, l: Lookup, add: Add): void {
  const dir = dirName(s.uri);
  const lockFiles = find.lock(l, dir, s.id);
  const lock = lockFiles.find((f) => f.summary?.kind === 'agentLock')?.summary as AgentLockSummary | undefined;
  const lockUnreadable = lockFiles.length > 0 && !lock;
  const entries = new Map<string, LockEntrySummary>(lock?.entries.map((e) => [e.fullId, e]) ?? []);
  const names = new Map<string, Range[]>();
  const noteName = (name: string | undefined, range: Range) => {
    if (!name) return;
    const list = names.get(name);
    if (list) list.push(range); else names.set(name, [range]);
  };
  const slotsOf = new Map<string, { integration: IntegrationSummary; binding: Ref }[]>();

  for (const a of s.actions) {
    if (a.link) {
      const link = a.link.target;
      const entry = entries.get(link);
      const r = resolveBinding(l, link, entry?.shape.name);
      const label = `Binding '${link}'`;
      switch (r.status) {
        case 'malformed': break; // the schema reports the pattern
        case 'ok': {
          noteName(r.action.shape.name, a.link.range);
          if (r.integration) {
            const uses = slotsOf.get(r.integration.id);
            const use = { integration: r.integration, binding: a.link };
            if (uses) uses.push(use); else slotsOf.set(r.integration.id, [use]);
          }
          checkBindingBody(label, a.bodyTemplateRange, { uri: r.action.uri, idRange: r.action.idRange, method: r.action.shape.method, methodRange: r.action.fieldRanges.method }, add);
          if (entry) {
            const changes = diffShapes(entry.shape, r.action.shape);
            if (changes.length > 0) {
              const related = [rel(lock!.uri, entry.keyRange, `locked ${entry.lockedAt ?? lock!.lockedAt ?? ''}`.trim())];
              for (const c of changes) {
                const top = c.field.split('.')[0];
                const at = r.action.fieldRanges[c.at ?? c.field] ?? r.action.fieldRanges[top] ?? r.action.idRange;
                related.push(rel(r.action.uri, at, c.text));
              }
              add('SK013', a.link.range,
                `${label}: the shared action's shape changed since this agent locked it: ${changes.map((c) => c.text).join('; ')}. Review the agent's use of it, then accept the current shape into the lock (quick fix).`,
                related, { fullId: link, changes: changes.map((c) => c.field) });
            }
          } else if (!lockUnreadable) {
            add('SK014', a.link.range, `${label} has no lock entry yet: the shape this agent expects is not recorded, so later changes cannot be detected. Lock the agent (quick fix, or stellar-kit lock).`,
              [rel(r.action.uri, r.action.idRange, `shared action '${link}': locking records its current shape`)], { fullId: link });
          }
          break;
        }
        case 'tool': {
          const tool = splitLink(link)!.actionId;
          noteName(tool, a.link.range);
          if (!r.tools) {
            add('SK061.cannotTell', a.link.range, `${label}: no tools have been discovered for MCP server '${r.integration.id}' yet, so it cannot tell whether tool '${tool}' exists. Run Discover tools.`,
              [rel(r.integration.uri, r.integration.idRange, 'MCP server')], { tool });
          } else if (!r.tool) {
            const guess = closest(tool, r.tools.tools.map((t) => t.name));
            add('SK061', a.link.range, `${label}: MCP server '${r.integration.id}' has no tool '${tool}' among the ${r.tools.tools.length} discovered${r.tools.discoveredAt ? ` at ${r.tools.discoveredAt}` : ''}.${guess ? ` Did you mean '${guess}'?` : ''} Fix the name or discover tools again.`,
              [rel(r.tools.uri, r.tools.idRange, 'discovered tools')], { tool, suggestion: guess });
          } else if (r.tool.execution?.taskSupport === 'required') {
            add('SK061', a.link.range, taskRequiredMessage(label, r.integration.id, tool),
              [rel(r.tools.uri, r.tool.nameRange, 'taskSupport: required')], { tool, taskRequired: true });
          }
          for (const [field, range] of [['parameters', a.parametersRange], ['bodyTemplate', a.bodyTemplateRange]] as const) {
            if (range) add('SK002', range, `${label} links an MCP tool: its ${field === 'parameters' ? 'parameters come' : 'request is built'} from the server's tool definition, so '${field}' is not allowed here. Remove it.`, [], { remove: field });
          }
          break;
        }
        case 'wrongKind':
          add('SK002', a.link.range, `${label}: '${r.integration.id}' is a messaging channel, which has no actions to link. Use a send-text-message action with channel: ${r.integration.id}.`,
            [rel(r.integration.uri, r.integration.idRange, 'messaging channel')]);
          break;
        case 'moved': {
          const targets = r.candidates.map((c) => fullIdOf(c)!);
          add('SK012', a.link.range,
            `${label}: the shared action moved to ${targets.map((t) => `'${t}'`).join(' or ')}. Re-link it (quick fix) before publishing: publishing is blocked while a binding points at a moved action.`,
            r.candidates.map((c) => rel(c.uri, c.integration?.range ?? c.idRange, `now '${fullIdOf(c)}'`)), { fullId: link, candidates: targets });
          break;
        }
        case 'missingIntegration':
          add('SK010', a.link.range, `${label}: integration '${r.integrationId}' does not exist. Fix the link or create ${r.integrationId}.integration.yaml.`, [], { integration: r.integrationId, fullId: link });
          break;
        case 'deleted':
          add('SK011', a.link.range,
            `${label}: the shared action was deleted: '${r.integrationId}' has no action '${splitLink(link)!.actionId}'. Publishing is blocked: remove the binding or link another action.`,
            r.integration ? [rel(r.integration.uri, r.integration.idRange, `integration '${r.integrationId}'`)] : [], { fullId: link });
          break;
      }
    } else {
      noteName(a.name, a.nameRange ?? a.range);
      if (a.auth) authRef(a.auth, l, add, `Action '${a.name ?? a.index + 1}'`);
      if (a.channel) {
        const ch = find.integration(l, a.channel.target);
        if (!ch || ch.integrationKind !== 'messaging-channel') {
          if (!ch && find.integrationExists(l, a.channel.target)) continue;
          add('SK070', a.channel.range, ch
            ? `channel '${a.channel.target}' is a ${ch.integrationKind} integration, not a messaging channel: text messages are sent through a messaging-channel integration.`
            : `channel '${a.channel.target}' does not exist: create ${a.channel.target}.integration.yaml with kind: messaging-channel or pick an existing channel.`,
            ch ? [rel(ch.uri, ch.idRange, `kind ${ch.integrationKind}`)] : [], { channel: a.channel.target });
        }
      }
    }
  }

  checkDuplicateNames(s.uri, names, add);

  checkMissingSlots(s, slotsOf, add);
}
