import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import type { FolderItems } from '../requests';

/** The command a click runs: open the file with the node's range selected. */
export function openCommand(client: LanguageClient, uri: string, range: unknown): vscode.Command {
  const selection = client.protocol2CodeConverter.asRange(range as Parameters<LanguageClient['protocol2CodeConverter']['asRange']>[0]);
  return { title: 'Open', command: 'vscode.open', arguments: [vscode.Uri.parse(uri), { selection, preview: true }] };
}

/** A tree fed by one server request (the whole tree, once per refresh) and refreshed when the server says the index changed. */
export abstract class ServerTree<N> implements vscode.TreeDataProvider<N> {
  private readonly changed = new vscode.EventEmitter<N | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(protected readonly ctx: Ctx) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  abstract getTreeItem(node: N): vscode.TreeItem;
  abstract getChildren(node?: N): Promise<N[]>;

  /** The request's answer; none before the server runs or when it fails (logged). */
  protected async fetch<T>(what: string, request: () => Promise<FolderItems<T>[]>): Promise<FolderItems<T>[]> {
    if (!this.ctx.client.isRunning()) return [];
    try {
      return await request();
    } catch (e) {
      this.ctx.output.appendLine(`${what} failed: ${(e as Error).message}`);
      return [];
    }
  }
}
