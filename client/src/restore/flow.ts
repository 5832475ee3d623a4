/**
 * Preview restore of agent..., without the VS Code API: pick the agent (given, the active editor's, or from
 * a list), pick one of its commits, show what restoring that version would change (the agent and its lock
 * as diffs, with a Restore action) and what it would mean for its shared actions.
 * Git runs in the server, next to the index the preview compares with.
 */
import type { AgentHistoryResult, RestorePreviewResult } from '../../../server/src/protocol';
import type { AgentNode } from '../../../server/src/protocol';
import type { Ui } from '../run/ui';

/** The server requests the flow uses. */
export interface RestoreServer {
  agents(): Promise<AgentNode[]>;
  history(agentUri: string): Promise<AgentHistoryResult>;
  preview(agentUri: string, rev: string): Promise<RestorePreviewResult>;
}

export interface RestoreDeps {
  ui: Ui;
  server: RestoreServer;
  /** Git runs in the workspace: like VS Code's own git support, only in a trusted one. */
  isTrusted: () => boolean;
  /** The uri of the active editor's document, if any. */
  activeUri?: () => string | undefined;
  /** Shows the preview as diffs with a Restore action (the editor); without it, the report as a document. */
  showRestore?: (agentUri: string, preview: Extract<RestorePreviewResult, { ok: true }>) => Promise<void>;
}

export type RestoreOutcome =
  { kind: 'untrusted' | 'cancelled' } | { kind: 'error'; message: string } | { kind: 'shown'; agentUri: string; commit: string; text: string };

/** The agent file a uri stands for: itself, or the agent a lock belongs to. */
export function agentFileOf(uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  if (uri.endsWith('.agent.yaml')) return uri;
  if (uri.endsWith('.agent.lock.yaml')) return uri.replace(/\.agent\.lock\.yaml$/, '.agent.yaml');
  return undefined;
}

async function pickAgent(deps: RestoreDeps): Promise<string | undefined> {
  const agents = await deps.server.agents();
  if (agents.length === 0) {
    deps.ui.info('No agent files (*.agent.yaml) in this workspace.');
    return undefined;
  }
  return deps.ui.pick(
    'Preview restore of which agent?',
    agents.map((a) => ({ label: a.name, description: a.id, detail: a.uri.replace(/^.*\//, ''), value: a.uri })),
  );
}

/** `2026-01-31T10:20:30+01:00` → `2026-01-31 10:20`. */
function shortDate(iso: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export async function previewRestoreFlow(deps: RestoreDeps, args: { agentUri?: string } = {}): Promise<RestoreOutcome> {
  const { ui } = deps;
  if (!deps.isTrusted()) {
    ui.error('Preview restore reads the git history and needs a trusted workspace. Trust this workspace first.');
    return { kind: 'untrusted' };
  }
  const agentUri = args.agentUri ?? agentFileOf(deps.activeUri?.()) ?? (await pickAgent(deps));
  if (!agentUri) return { kind: 'cancelled' };

  const history = await deps.server.history(agentUri);
  if (!history.ok) return fail(deps, history.error);
  const commit = await ui.pick(
    `Restore which version of ${history.agent}?`,
    history.commits.map((c) => ({
      label: `${c.hash.slice(0, 8)}  ${c.subject}`,
      description: shortDate(c.date),
      detail: c.author,
      value: c.hash,
    })),
  );
  if (!commit) return { kind: 'cancelled' };

  const preview = await deps.server.preview(agentUri, commit);
  if (!preview.ok) return fail(deps, preview.error);
  if (deps.showRestore) await deps.showRestore(agentUri, preview);
  else await ui.show(preview.title, preview.text);
  return { kind: 'shown', agentUri, commit, text: preview.text };
}

function fail(deps: RestoreDeps, message: string): RestoreOutcome {
  deps.ui.error(message);
  return { kind: 'error', message };
}
