import { shapeOf } from '../shape';
import { taskSupportOf } from '../discoveredTools';
import type { AgentLockSummary, ToolSummary, ToolsLockSummary, ManifestSummary } from '../summary';
import { FileFindings, isRecord, str } from './common';

export function analyzeAgentLock(ctx: FileFindings, v: Record<string, unknown>, base: Omit<AgentLockSummary, 'kind' | 'entries'>): AgentLockSummary {
  const s: AgentLockSummary = { ...base, kind: 'agentLock', lockedAt: str(v.lockedAt), entries: [] };
  if (isRecord(v.actions)) {
    for (const [fullId, entry] of Object.entries(v.actions)) {
      s.entries.push({ fullId, keyRange: ctx.object(['actions', fullId]), shape: shapeOf(entry), lockedAt: isRecord(entry) ? str(entry.lockedAt) : undefined });
    }
  }
  return s;
}

export function analyzeToolsLock(ctx: FileFindings, v: Record<string, unknown>, base: Omit<ToolsLockSummary, 'kind' | 'tools'>): ToolsLockSummary {
  const s: ToolsLockSummary = { ...base, kind: 'toolsLock', discoveredAt: str(v.discoveredAt), tools: [] };
  if (Array.isArray(v.tools)) {
    v.tools.forEach((t, i) => {
      if (!isRecord(t) || typeof t.name !== 'string') return;
      const tool: ToolSummary = { name: t.name, nameRange: ctx.value(['tools', i, 'name']), description: str(t.description), inputSchema: t.inputSchema };
      const tasks = taskSupportOf(t);
      if (tasks) tool.execution = { taskSupport: tasks };
      s.tools.push(tool);
    });
  }
  return s;
}

export function analyzeManifest(ctx: FileFindings, v: Record<string, unknown>, base: Omit<ManifestSummary, 'kind' | 'secrets'>): ManifestSummary {
  const s: ManifestSummary = { ...base, kind: 'manifest', secrets: [] };
  if (v.secrets !== undefined) s.secretsRange = ctx.object(['secrets']);
  if (isRecord(v.secrets)) {
    for (const [name, description] of Object.entries(v.secrets))
      s.secrets.push({ target: name, range: ctx.object(['secrets', name]), description: str(description) });
  }
  return s;
}
