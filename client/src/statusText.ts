/** The language status item's text, apart from VS Code so that it is tested in plain node. */
import type { WorkspaceStatus } from '../../server/src/protocol';

/** `33 files · 1 error · 2 warnings` (no findings: `33 files · no errors`). */
export function statusText(s: WorkspaceStatus): string {
  const n = (count: number, one: string) => `${count} ${one}${count === 1 ? '' : 's'}`;
  const parts = [n(s.files, 'file')];
  if (s.errors || !s.warnings) parts.push(s.errors ? n(s.errors, 'error') : 'no errors');
  if (s.warnings) parts.push(n(s.warnings, 'warning'));
  return parts.join(' · ');
}
