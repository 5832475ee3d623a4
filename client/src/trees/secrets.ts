/** The Secrets view: each secret stellar.yaml declares, and per environment whether this machine has a value (never the value). */
import * as vscode from 'vscode';
import type { SecretNode } from '../../../server/src/protocol';
import { Protocol } from '../../../server/src/protocol';
import { openCommand, ServerTree } from './common';
import { md, secretEnvContext, secretRows } from './items';

export type SecretsElement =
  | { kind: 'folder'; name: string; items: SecretNode[] }
  | { kind: 'secret'; secret: SecretNode; envs: { env: string; set: boolean }[] }
  | { kind: 'secretEnv'; secret: SecretNode; env: string; set: boolean };

export class SecretsTree extends ServerTree<SecretsElement> {
  private async rows(items: SecretNode[]): Promise<SecretsElement[]> {
    const rows = await secretRows(items, async (env, name) => !!(await this.ctx.secrets.get(env, name)));
    return rows.map((r) => ({ kind: 'secret', secret: r.secret, envs: r.envs }));
  }

  async getChildren(e?: SecretsElement): Promise<SecretsElement[]> {
    if (!e) {
      const folders = await this.fetch(Protocol.secretsTree.method, this.ctx.server.secretsTree);
      if (folders.length === 1) return this.rows(folders[0].items);
      return folders.filter((f) => f.items.length).map((f) => ({ kind: 'folder', name: f.name, items: f.items }));
    }
    if (e.kind === 'folder') return this.rows(e.items);
    if (e.kind === 'secret') return e.envs.map(({ env, set }) => ({ kind: 'secretEnv', secret: e.secret, env, set }));
    return [];
  }

  getTreeItem(e: SecretsElement): vscode.TreeItem {
    if (e.kind === 'folder') {
      const t = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Expanded);
      t.iconPath = vscode.ThemeIcon.Folder;
      return t;
    }
    if (e.kind === 'secret') {
      const s = e.secret;
      const missing = e.envs.filter((x) => !x.set).length;
      const t = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.Collapsed);
      t.description = s.description ?? '';
      t.iconPath = new vscode.ThemeIcon('key', missing ? new vscode.ThemeColor('problemsWarningIcon.foreground') : undefined);
      t.tooltip = new vscode.MarkdownString(
        [
          `**${md(s.name)}**`,
          s.description ? md(s.description) : '',
          `${e.envs.length - missing} of ${e.envs.length} environments set on this machine · referenced ${s.uses} time${s.uses === 1 ? '' : 's'}`,
          `\`${vscode.workspace.asRelativePath(vscode.Uri.parse(s.uri))}\``,
        ]
          .filter(Boolean)
          .join('\n\n'),
      );
      t.contextValue = 'secret';
      t.command = openCommand(this.ctx.client, s.uri, s.range);
      return t;
    }
    const t = new vscode.TreeItem(e.env, vscode.TreeItemCollapsibleState.None);
    t.description = e.set ? 'set' : 'missing';
    t.iconPath = new vscode.ThemeIcon(e.set ? 'pass' : 'circle-slash', e.set ? new vscode.ThemeColor('testing.iconPassed') : undefined);
    t.tooltip = e.set
      ? `${e.secret.name} has a value for ${e.env} in VS Code's secret storage.`
      : `${e.secret.name} has no value for ${e.env} on this machine: Set Secret.`;
    t.contextValue = secretEnvContext(e.set);
    return t;
  }
}
