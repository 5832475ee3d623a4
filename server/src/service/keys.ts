import { dirName } from './files';
import type { FileAnalysis } from './analyze';

/**
 * Index keys: what a file defines (provides) and what another file's findings read (depends on).
 * When a file changes, every file that read one of the keys it provided before or provides now is
 * re-checked, and nothing else.
 */
export const key = {
  integration: (id: string) => `int:${id}`,
  action: (fullId: string) => `act:${fullId}`,
  actionId: (id: string) => `actid:${id}`,
  actionName: (name: string) => `actname:${name}`,
  auth: (id: string) => `auth:${id}`,
  agent: (id: string) => `agent:${id}`,
  agentFile: (dir: string, id: string) => `agentfile:${dir}/${id}`,
  lock: (dir: string, id: string) => `lock:${dir}/${id}`,
  tools: (integrationId: string) => `tools:${integrationId}`,
  manifest: 'manifest',
} as const;

export function providedKeys(f: FileAnalysis): string[] {
  const dir = dirName(f.uri);
  switch (f.kind) {
    case 'manifest':
      return [key.manifest];
    case 'integration':
      return [key.integration(f.id)];
    case 'auth':
      return [key.auth(f.id)];
    case 'agent':
      return [key.agent(f.id), key.agentFile(dir, f.id)];
    case 'agentLock':
      return [key.lock(dir, f.id)];
    case 'toolsLock':
      return [key.tools(f.id)];
    case 'action': {
      const keys = [key.actionId(f.id)];
      const s = f.summary?.kind === 'action' ? f.summary : undefined;
      if (s?.integration) keys.push(key.action(`${s.integration.target}/${f.id}`));
      if (s?.shape.name) keys.push(key.actionName(s.shape.name));
      return keys;
    }
  }
}
