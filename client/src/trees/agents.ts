/** The Agents view: agents with their actions; each binding shows its status (ok, shape changed, broken...). */
import * as vscode from 'vscode';
import type { AgentActionNode, AgentNode, BindingStatus } from '../../../server/src/protocol';
import type { FolderItems } from '../requests';
import { openCommand, ServerTree } from './common';
import { actionTooltip, agentActionContext, agentTooltip, STATUS_TEXT } from './items';
import { Protocol } from '../../../server/src/protocol';

/** Action elements carry `agentUri` and `actionIndex`, the arguments `stellarKit.runAction` takes. */
export type AgentsElement =
  | { kind: 'folder'; name: string; items: AgentNode[] }
  | { kind: 'agent'; node: AgentNode; agentUri: string }
  | { kind: 'agentAction'; node: AgentActionNode; agent: AgentNode; agentUri: string; actionIndex: number };

const STATUS_ICON: Record<BindingStatus, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  shapeChanged: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  broken: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  notLocked: new vscode.ThemeIcon('unlock'),
  tool: new vscode.ThemeIcon('tools'),
};
const TYPE_ICON: Record<string, string> = {
  'api-call': 'globe',
  'static-response': 'quote',
  handover: 'call-outgoing',
  'end-call': 'debug-stop',
  'client-event': 'broadcast',
  'send-text-message': 'comment',
};

const relative = (uri: string) => vscode.workspace.asRelativePath(vscode.Uri.parse(uri));

export class AgentsTree extends ServerTree<AgentsElement> {
  private loading: Promise<FolderItems<AgentNode[]>[]> | undefined;

  /** The server's agents tree since the last refresh: asked once, for the view and for its badge alike. */
  load(): Promise<FolderItems<AgentNode[]>[]> {
    return (this.loading ??= this.fetch(Protocol.agentsTree.method, this.ctx.server.agentsTree));
  }

  override refresh(): void {
    this.loading = undefined;
    super.refresh();
  }

  async getChildren(e?: AgentsElement): Promise<AgentsElement[]> {
    const agentsOf = (items: AgentNode[]): AgentsElement[] => items.map((node) => ({ kind: 'agent', node, agentUri: node.uri }));
    if (!e) {
      const folders = await this.load();
      if (folders.length === 1) return agentsOf(folders[0].items);
      return folders.map((f) => ({ kind: 'folder', name: f.name, items: f.items }));
    }
    if (e.kind === 'folder') return agentsOf(e.items);
    if (e.kind === 'agent') return e.node.actions.map((node) => ({ kind: 'agentAction', node, agent: e.node, agentUri: e.node.uri, actionIndex: node.index }));
    return [];
  }

  getTreeItem(e: AgentsElement): vscode.TreeItem {
    if (e.kind === 'folder') {
      const t = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Expanded);
      t.iconPath = vscode.ThemeIcon.Folder;
      return t;
    }
    if (e.kind === 'agent') {
      const a = e.node;
      const t = new vscode.TreeItem(a.name, vscode.TreeItemCollapsibleState.Collapsed);
      const problems = a.actions.filter((x) => x.status === 'broken' || x.status === 'shapeChanged').length;
      t.description = `${a.id} · ${a.status}${problems ? ` · ${problems} to review` : ''}`;
      t.iconPath = new vscode.ThemeIcon(a.status === 'active' ? 'hubot' : 'circle-outline');
      t.contextValue = 'agent';
      t.tooltip = new vscode.MarkdownString(agentTooltip(a, relative(a.uri)));
      t.command = openCommand(this.ctx.client, a.uri, a.range);
      return t;
    }
    const n = e.node;
    const t = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
    if (n.status) {
      t.description = n.status === 'ok' ? n.link : `${n.link} · ${STATUS_TEXT[n.status]}`;
      t.iconPath = STATUS_ICON[n.status];
    } else {
      t.description = n.type;
      t.iconPath = new vscode.ThemeIcon(TYPE_ICON[n.type ?? ''] ?? 'symbol-event');
    }
    t.contextValue = agentActionContext(n);
    t.tooltip = new vscode.MarkdownString(actionTooltip(n, relative(n.uri)));
    if (n.status && n.status !== 'ok' && n.status !== 'tool') t.resourceUri = decorationUri(e.agent.id, n.index, n.status, n.message);
    t.command = openCommand(this.ctx.client, n.uri, n.range);
    return t;
  }
}

const DECORATION_SCHEME = 'stellar-kit-tree';
const DECORATION: Partial<Record<BindingStatus, { badge: string; color: string }>> = {
  broken: { badge: '!', color: 'list.errorForeground' },
  shapeChanged: { badge: '~', color: 'list.warningForeground' },
  notLocked: { badge: '?', color: 'list.warningForeground' },
};

/** A tree item's resource in a scheme of our own, carrying what its decoration shows. */
function decorationUri(agentId: string, index: number, status: BindingStatus, message: string | undefined): vscode.Uri {
  return vscode.Uri.from({
    scheme: DECORATION_SCHEME,
    path: `/${agentId}/${index}`,
    query: new URLSearchParams({ status, message: message ?? '' }).toString(),
  });
}

/** Badges and colours on bindings with problems, with the diagnostic's message as tooltip. */
export class BindingDecorations implements vscode.FileDecorationProvider {
  provideFileDecoration(uri: vscode.Uri): vscode.FileDecoration | undefined {
    if (uri.scheme !== DECORATION_SCHEME) return undefined;
    const q = new URLSearchParams(uri.query);
    const d = DECORATION[q.get('status') as BindingStatus];
    if (!d) return undefined;
    return new vscode.FileDecoration(d.badge, q.get('message') || STATUS_TEXT[q.get('status') as BindingStatus], new vscode.ThemeColor(d.color));
  }
}
