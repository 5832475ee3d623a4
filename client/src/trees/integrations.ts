/** The Integrations view: integrations with their environment slots, shared actions and discovered tools. */
import * as vscode from 'vscode';
import type { IntegrationNode, SharedActionNode, SlotNode, ToolNode } from '../../../server/src/protocol';
import { openCommand, ServerTree } from './common';
import { md, slotContext } from './items';
import { Protocol } from '../../../server/src/protocol';

export type IntegrationsElement =
  | { kind: 'folder'; name: string; items: IntegrationNode[] }
  | { kind: 'integration'; node: IntegrationNode }
  | { kind: 'slot'; node: SlotNode; integration: IntegrationNode; missingSecrets: string[] }
  | { kind: 'sharedAction'; node: SharedActionNode }
  | { kind: 'tool'; node: ToolNode; integration: IntegrationNode }
  | { kind: 'note'; label: string; discover?: IntegrationNode };

const KIND_ICON: Record<string, string> = { 'custom-api': 'globe', 'mcp-server': 'server-process', 'messaging-channel': 'comment' };

export class IntegrationsTree extends ServerTree<IntegrationsElement> {
  /** The secrets a slot needs that have no value on this machine (names only: values are never read out). */
  private async missing(slot: SlotNode): Promise<string[]> {
    const out: string[] = [];
    for (const name of slot.secrets) if (!(await this.ctx.secrets.get(slot.env, name))) out.push(name);
    return out;
  }

  async getChildren(e?: IntegrationsElement): Promise<IntegrationsElement[]> {
    if (!e) {
      const folders = await this.fetch(Protocol.integrationsTree.method, this.ctx.server.integrationsTree);
      if (folders.length === 1) return folders[0].items.map((node) => ({ kind: 'integration', node }));
      return folders.map((f) => ({ kind: 'folder', name: f.name, items: f.items }));
    }
    if (e.kind === 'folder') return e.items.map((node) => ({ kind: 'integration', node }));
    if (e.kind !== 'integration') return [];
    const i = e.node;
    if (i.kind === 'mcp-server') {
      if (!i.tools) return [{ kind: 'note', label: 'No tools discovered yet: Discover Tools', discover: i }];
      return i.tools.map((node) => ({ kind: 'tool', node, integration: i }));
    }
    const slots = await Promise.all(
      i.slots.map(async (node): Promise<IntegrationsElement> => ({ kind: 'slot', node, integration: i, missingSecrets: await this.missing(node) })),
    );
    return [...slots, ...i.actions.map((node): IntegrationsElement => ({ kind: 'sharedAction', node }))];
  }

  getTreeItem(e: IntegrationsElement): vscode.TreeItem {
    const None = vscode.TreeItemCollapsibleState.None;
    switch (e.kind) {
      case 'folder': {
        const t = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Expanded);
        t.iconPath = vscode.ThemeIcon.Folder;
        return t;
      }
      case 'integration': {
        const n = e.node;
        const t = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.Collapsed);
        t.description = `${n.id} · ${n.kind}`;
        t.iconPath = new vscode.ThemeIcon(KIND_ICON[n.kind] ?? 'plug');
        // MCP servers get Discover Tools in their context menu.
        t.contextValue = n.kind === 'mcp-server' ? 'integration.mcp' : 'integration';
        t.tooltip = new vscode.MarkdownString(`**${md(n.name)}** · ${md(n.id)} · ${n.kind}\n\n\`${vscode.workspace.asRelativePath(vscode.Uri.parse(n.uri))}\``);
        t.command = openCommand(this.ctx.client, n.uri, n.range);
        t.resourceUri = vscode.Uri.parse(n.uri);
        return t;
      }
      case 'slot': {
        const s = e.node;
        const t = new vscode.TreeItem(s.env, None);
        const missing = e.missingSecrets;
        const secretsText = s.secrets.length === 0 ? '' : missing.length ? `${missing.length} of ${s.secrets.length} secrets not set` : 'secrets set';
        t.description = s.configured ? [s.baseUrl, s.auth && `auth ${s.auth}`, secretsText].filter(Boolean).join(' · ') : 'no slot';
        t.iconPath = new vscode.ThemeIcon(
          !s.configured ? 'circle-slash' : missing.length ? 'key' : 'pass',
          s.configured && missing.length ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined,
        );
        t.tooltip = s.configured
          ? `${e.integration.id} in ${s.env}\nbase URL: ${s.baseUrl ?? '(none)'}\nauth connector: ${s.auth ?? 'none'}` +
            (s.secrets.length ? `\nsecrets: ${s.secrets.map((n) => `${n} (${missing.includes(n) ? 'not set on this machine' : 'set'})`).join(', ')}` : '')
          : `${e.integration.id} has no ${s.env} slot: its actions cannot run in ${s.env}.`;
        t.contextValue = slotContext(s, missing);
        return t;
      }
      case 'sharedAction': {
        const a = e.node;
        const t = new vscode.TreeItem(a.name, None);
        t.description = `${a.method ?? '?'} ${a.path ?? ''} · linked by ${a.linkedBy}`;
        t.iconPath = new vscode.ThemeIcon('symbol-method');
        t.tooltip = new vscode.MarkdownString(
          [
            `**${md(a.fullId)}** · ${md(`${a.method ?? '?'} ${a.path ?? ''}`)}`,
            a.description ? md(a.description) : '',
            `linked by ${a.linkedBy} agent${a.linkedBy === 1 ? '' : 's'}`,
            `\`${vscode.workspace.asRelativePath(vscode.Uri.parse(a.uri))}\``,
          ]
            .filter(Boolean)
            .join('\n\n'),
        );
        t.contextValue = 'sharedAction';
        t.command = openCommand(this.ctx.client, a.uri, a.range);
        return t;
      }
      case 'tool': {
        const t = new vscode.TreeItem(e.node.name, None);
        t.iconPath = new vscode.ThemeIcon('tools');
        t.tooltip = e.node.description;
        t.contextValue = 'tool';
        return t;
      }
      case 'note': {
        const t = new vscode.TreeItem(e.label, None);
        if (e.discover) t.command = { command: 'stellarKit.discoverTools', title: 'Discover Tools', arguments: [{ integrationUri: e.discover.uri }] };
        return t;
      }
    }
  }
}
