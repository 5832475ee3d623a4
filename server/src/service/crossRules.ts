import type { FileAnalysis } from './analyze';
import { resolveBinding, splitLink } from './bindings';
import { dirName } from './files';
import { key } from './keys';
import { capRelated } from './limits';
import { find, type Lookup } from './lookup';
import { diffShapes } from './shape';
import type { AgentLockSummary, AgentSummary, IntegrationSummary, LockEntrySummary, Ref, Summary } from './summary';
import { finding, type AddFinding } from './rules/rule';
import { CHANNEL_AUTH, checkAuthRef, checkBearerPrefix } from './rules/SK020-auth-connector';
import { actionIntegrationMissingMessage, bindingIntegrationMissingMessage } from './rules/SK010-missing-integration';
import { actionUnderChannelMessage, linkToChannelMessage, mcpToolFieldMessage } from './rules/SK002-schema';
import { checkBindingBody } from './rules/SK041-body-on-get';
import { checkChannel } from './rules/SK070-not-a-channel';
import { checkDuplicateId } from './rules/SK004-duplicate-id';
import { checkDuplicateNames } from './rules/SK080-duplicate-action-name';
import { checkLockEntries } from './rules/SK015-stale-lock-entry';
import { checkMissingSlots } from './rules/SK031-missing-slot';
import { checkSecrets } from './rules/SK021-undeclared-secret';
import { checkSlotCredentials } from './rules/SK023-missing-credentials';
import { checkTool } from './rules/SK061-mcp-tool';
import { reportActionUnderMcp } from './rules/SK060-action-under-mcp';
import { reportDeleted } from './rules/SK011-deleted-action';
import { reportMoved } from './rules/SK012-moved-action';
import { reportNotLocked } from './rules/SK014-not-locked';
import { reportShapeChanged } from './rules/SK013-shape-changed';
import type { Finding, Range, RelatedLocation } from './types';

/** Adds a finding of `code` (or `'SKnnn.variant'`) with the severity its rule registers. */

/** Findings of `f` that depend on other files. Every key read through `l` becomes a dependency of `f`. */
export function crossFindings(f: FileAnalysis, l: Lookup): Finding[] {
  const out: Finding[] = [];
  // At most LIMITS.related, then one saying how many more (1,000 bindings can share one name).
  const add: AddFinding = (code, range, message, related = [], data) => {
    out.push(finding(code, f.uri, range, message, capRelated(related), data));
  };
  const s = f.summary;
  switch (f.kind) {
    case 'integration':
      checkDuplicateId(f, l, key.integration(f.id), 'integration', add);
      break;
    case 'auth':
      checkDuplicateId(f, l, key.auth(f.id), 'auth connector', add);
      break;
    case 'agent':
      checkDuplicateId(f, l, key.agent(f.id), 'agent', add);
      break;
    case 'action':
      if (s?.kind === 'action' && s.integration) checkDuplicateId(f, l, key.action(`${s.integration.target}/${f.id}`), 'shared action', add);
      break;
    default:
      break;
  }
  if (!s) return out;
  checkSecrets(s, l, add);
  switch (s.kind) {
    case 'integration':
      integrationRules(s, l, add);
      break;
    case 'action':
      actionRules(s, l, add);
      break;
    case 'agent':
      agentRules(s, l, add);
      break;
    case 'agentLock':
      checkLockEntries(s, l, add);
      break;
    default:
      break;
  }
  return out;
}

function rel(uri: string, range: Range, message: string): RelatedLocation {
  return { uri, range, message };
}

function integrationRules(s: IntegrationSummary, l: Lookup, add: AddFinding): void {
  if (s.integrationKind === 'mcp-server' && s.auth) checkAuthRef(s.auth, l, add, `MCP server '${s.id}'`);
  const accept = s.integrationKind === 'messaging-channel' ? CHANNEL_AUTH : undefined;
  for (const slot of s.slots) {
    if (!slot.auth) continue;
    const auth = checkAuthRef(slot.auth, l, add, `${slot.env} slot`, accept);
    const prefixed = s.integrationKind === 'messaging-channel' && auth?.type === 'api-key' ? auth.bearerPrefixed?.[slot.env] : undefined;
    if (auth && prefixed) checkBearerPrefix(slot.env, slot.auth, auth, prefixed, add);
    if (auth) checkSlotCredentials(slot, slot.auth, auth, add);
  }
}

function actionRules(s: Extract<Summary, { kind: 'action' }>, l: Lookup, add: AddFinding): void {
  if (!s.integration) return;
  const id = s.integration.target;
  const integration = find.integration(l, id);
  if (!integration) {
    if (find.integrationExists(l, id)) return;
    add('SK010', s.integration.range, actionIntegrationMissingMessage(s.id, id), [], { integration: id });
    return;
  }
  if (integration.integrationKind === 'mcp-server') {
    reportActionUnderMcp(s.integration.range, integration, add);
  } else if (integration.integrationKind === 'messaging-channel') {
    add('SK002', s.integration.range, actionUnderChannelMessage(id), [rel(integration.uri, integration.idRange, 'messaging channel')]);
  }
}

function agentRules(s: AgentSummary, l: Lookup, add: AddFinding): void {
  const dir = dirName(s.uri);
  const lockFiles = find.lock(l, dir, s.id);
  const lock = lockFiles.find((f) => f.summary?.kind === 'agentLock')?.summary as AgentLockSummary | undefined;
  const lockUnreadable = lockFiles.length > 0 && !lock;
  const entries = new Map<string, LockEntrySummary>(lock?.entries.map((e) => [e.fullId, e]) ?? []);
  const names = new Map<string, Range[]>();
  const noteName = (name: string | undefined, range: Range) => {
    if (!name) return;
    const list = names.get(name);
    if (list) list.push(range);
    else names.set(name, [range]);
  };
  const slotsOf = new Map<string, { integration: IntegrationSummary; binding: Ref }[]>();

  for (const a of s.actions) {
    if (a.link) {
      const link = a.link.target;
      const entry = entries.get(link);
      const r = resolveBinding(l, link, entry?.shape.name);
      const label = `Binding '${link}'`;
      switch (r.status) {
        case 'malformed':
          break; // the schema reports the pattern
        case 'ok': {
          noteName(r.action.shape.name, a.link.range);
          if (r.integration) {
            const uses = slotsOf.get(r.integration.id);
            const use = { integration: r.integration, binding: a.link };
            if (uses) uses.push(use);
            else slotsOf.set(r.integration.id, [use]);
          }
          checkBindingBody(
            label,
            a.bodyTemplateRange,
            { uri: r.action.uri, idRange: r.action.idRange, method: r.action.shape.method, methodRange: r.action.fieldRanges.method },
            add,
          );
          if (entry) {
            const changes = diffShapes(entry.shape, r.action.shape);
            if (changes.length > 0) {
              reportShapeChanged(label, a.link, changes, lock!, entry, r.action, add);
            }
          } else if (!lockUnreadable) {
            reportNotLocked(label, a.link, r.action, add);
          }
          break;
        }
        case 'tool': {
          const tool = splitLink(link)!.actionId;
          noteName(tool, a.link.range);
          checkTool(label, tool, a.link, r, add);
          for (const [field, range] of [
            ['parameters', a.parametersRange],
            ['bodyTemplate', a.bodyTemplateRange],
          ] as const) {
            if (range) add('SK002', range, mcpToolFieldMessage(label, field), [], { remove: field });
          }
          break;
        }
        case 'wrongKind':
          add('SK002', a.link.range, linkToChannelMessage(label, r.integration.id), [rel(r.integration.uri, r.integration.idRange, 'messaging channel')]);
          break;
        case 'moved': {
          reportMoved(label, a.link, r.candidates, add);
          break;
        }
        case 'missingIntegration':
          add('SK010', a.link.range, bindingIntegrationMissingMessage(label, r.integrationId), [], { integration: r.integrationId, fullId: link });
          break;
        case 'deleted':
          reportDeleted(label, a.link, r, add);
          break;
      }
    } else {
      noteName(a.name, a.nameRange ?? a.range);
      if (a.auth) checkAuthRef(a.auth, l, add, `Action '${a.name ?? a.index + 1}'`);
      if (a.channel) {
        checkChannel(a.channel, l, add);
      }
    }
  }

  checkDuplicateNames(s.uri, names, add);

  checkMissingSlots(s, slotsOf, add);
}
