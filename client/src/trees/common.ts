import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

/** What the tree requests answer: one entry per workspace folder. */
export interface FolderItems<T> { folder: string; name: string; items: T }

/** The command a click runs: open the file with the node's range selected. */
export function openCommand(client: LanguageClient, uri: string, range: unknown): vscode.Command {
  const selection = client.protocol2CodeConverter.asRange(range as Parameters<LanguageClient['protocol2CodeConverter']['asRange']>[0]);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection, preview: true }] };
}

/** A tree fed by one server request and refreshed when the server says the index changed. */
export abstract class ServerTree<N> implements vscode.TreeDataProvider<N> {
  private readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly client: LanguageClient) {}

  refresh(): void { this.changed.fire(undefined); }

  abstract getTreeItem(node: N): vscode.TreeItem;
  abstract getChildren(node?: N): Promise<N[]>;

  protected async fetch<T>(method: string): Promise<FolderItems<T>[]> {
    if (!this.client.isRunning()) return [];
    try {
      return await this.client.sendRequest<FolderItems<T>[]>(method, {});
    } catch (e) {
      this.client.outputChannel.appendLine(`${method} failed: ${(e as Error).message}`);
      return [];
    }
  }
}
