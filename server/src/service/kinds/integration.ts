import { fromNumberMessage } from '../rules/SK071-phone-or-handover-target';
import { messages as sk002 } from '../rules/SK002-schema';
import { messages as sk030 } from '../rules/SK030-environment-slots';
import type { IntegrationSummary, Ref, SlotSummary } from '../summary';
import { ENVIRONMENTS } from '../types';
import { checkHeaders, checkNoControl, FileFindings, E164, isRecord, str } from './common';

export function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

export function analyzeIntegration(ctx: FileFindings, v: Record<string, unknown>, base: Omit<IntegrationSummary, 'kind' | 'slots'>): IntegrationSummary {
  const kind = str(v.kind);
  const s: IntegrationSummary = { ...base, kind: 'integration', integrationKind: kind, name: str(v.name), slots: [] };
  const hasEnvs = v.environments !== undefined && v.environments !== null;
  if (hasEnvs) s.environmentsRange = ctx.object(['environments']);

  if (kind === 'mcp-server') {
    if (hasEnvs) {
      ctx.add('SK030', s.environmentsRange!, sk030.mcpWithSlots);
    }
    const url = str(v.url);
    if (url !== undefined && checkNoControl(ctx, url, ['url'], 'url')) {
      if (!isHttpUrl(url)) ctx.add('SK002', ctx.value(['url']), sk002.mcpUrl(url));
      else s.url = url;
    }
    if (typeof v.auth === 'string') s.auth = ctx.ref(v.auth, ['auth']);
    return s;
  }
  if (kind !== 'custom-api' && kind !== 'messaging-channel') return s;

  if (kind === 'custom-api') checkHeaders(ctx, v.headers, ['headers']);
  const envs = isRecord(v.environments) ? v.environments : undefined;
  const present = envs ? ENVIRONMENTS.filter((e) => envs[e] !== undefined) : [];
  if (present.length === 0 && (envs !== undefined || !hasEnvs)) {
    // environments of the wrong type: the schema says so
    const label = kind === 'custom-api' ? 'A Custom API integration' : 'A messaging channel';
    const range = hasEnvs ? s.environmentsRange! : ctx.object([]);
    const slotExample =
      kind === 'custom-api' ? 'development: { baseUrl: https://... }' : 'development: { fromNumber: +31..., messagingProfileId: ..., auth: ... }';
    ctx.add('SK030', range, sk030.noSlot(label, slotExample, hasEnvs));
  }
  for (const env of present) {
    const slot = envs![env];
    const slotPath = ['environments', env];
    const entry: SlotSummary = { env, range: ctx.object(slotPath) };
    if (isRecord(slot)) {
      if (typeof slot.auth === 'string') entry.auth = ctx.ref(slot.auth, [...slotPath, 'auth']);
      if (kind === 'custom-api' && typeof slot.baseUrl === 'string' && checkNoControl(ctx, slot.baseUrl, [...slotPath, 'baseUrl'], 'baseUrl')) {
        if (!isHttpUrl(slot.baseUrl)) ctx.add('SK002', ctx.value([...slotPath, 'baseUrl']), sk002.baseUrl(slot.baseUrl));
        else entry.baseUrl = slot.baseUrl;
      }
      if (kind === 'messaging-channel' && typeof slot.fromNumber === 'string' && !E164.test(slot.fromNumber)) {
        ctx.add('SK071', ctx.value([...slotPath, 'fromNumber']), fromNumberMessage(slot.fromNumber));
      }
    }
    s.slots.push(entry);
  }
  return s;
}

export type { Ref };
