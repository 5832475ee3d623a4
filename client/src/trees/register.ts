/** Registers the Integrations, Agents and Secrets views, the Agents view's badge and their context menu commands. */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import type { Ctx } from '../ctx';
import { applyLockEdit } from '../locks';
import { AgentsTree, BindingDecorations, type AgentsElement } from './agents';
import { registerBindingActions } from './bindingActions';
import { IntegrationsTree, type IntegrationsElement } from './integrations';
import { attentionBadge } from './items';
import { SecretsTree } from './secrets';

type Any = AgentsElement | IntegrationsElement;

function location(e: Any): { uri: string; range: unknown } | undefined {
  if (e.kind === 'agent' || e.kind === 'agentAction' || e.kind === 'integration' || e.kind === 'sharedAction') return { uri: e.node.uri, range: e.node.range };
  return undefined;
}

export function registerTrees(ctx: Ctx): void {
  const { context, client } = ctx;
  const integrations = new IntegrationsTree(ctx);
  const agents = new AgentsTree(ctx);
  const secrets = new SecretsTree(ctx);
  const agentsView = vscode.window.createTreeView('stellarKit.agents', { treeDataProvider: agents });
  // The badge counts for the whole container, shown or not: it loads the agents itself when the view is closed,
  // and shares the view's answer when it is open (one request per index change).
  const updateBadge = async () => {
    if (!client.isRunning()) return;
    agentsView.badge = attentionBadge((await agents.load()).flatMap((f) => f.items));
  };
  const refresh = () => {
    integrations.refresh();
    agents.refresh();
    secrets.refresh();
    void updateBadge();
  };
  context.subscriptions.push(ctx.treeChanged(refresh));
  // A (re)started server: the trees and the badge ask it again.
  client.onDidChangeState(() => refresh());
  registerBindingActions(ctx);
  const lock = async (agentUri: string, fullId?: string) => {
    const r = await ctx.server.lockAgent(agentUri, fullId);
    if (!r.edit) return void vscode.window.showErrorMessage('Nothing to lock.');
    if (!(await applyLockEdit(client, r.edit))) return void vscode.window.showErrorMessage('Writing the lock failed.');
    const skipped = r.skipped.map((s) => `${s.link} (${s.reason})`).join(', ');
    void vscode.window.showInformationMessage(`Locked ${r.locked.length} binding(s).${skipped ? ` Skipped: ${skipped}.` : ''}`);
  };
  context.subscriptions.push(
    // Secret set or cleared (here or in another window): the slots' "secrets set" may have changed.
    context.secrets.onDidChange(() => {
      integrations.refresh();
      secrets.refresh();
    }),
    vscode.window.registerFileDecorationProvider(new BindingDecorations()),
    vscode.window.registerTreeDataProvider('stellarKit.integrations', integrations),
    agentsView,
    vscode.window.registerTreeDataProvider('stellarKit.secrets', secrets),
    vscode.commands.registerCommand('stellarKit.refreshTrees', refresh),
    vscode.commands.registerCommand('stellarKit.openItem', (e: Any) => {
      const l = e && location(e);
      if (l)
        void vscode.commands.executeCommand('vscode.open', vscode.Uri.parse(l.uri), { selection: client.protocol2CodeConverter.asRange(l.range as never) });
    }),
    vscode.commands.registerCommand('stellarKit.findReferences', (e: Any) => {
      const l = e && location(e);
      if (!l) return;
      const range = client.protocol2CodeConverter.asRange(l.range as Parameters<LanguageClient['protocol2CodeConverter']['asRange']>[0]);
      void vscode.commands.executeCommand('references-view.findReferences', vscode.Uri.parse(l.uri), range?.start);
    }),
    vscode.commands.registerCommand('stellarKit.lockAgent', (e?: AgentsElement) => {
      const uri = e && 'agentUri' in e ? e.agentUri : vscode.window.activeTextEditor?.document.uri.toString();
      if (uri) return lock(uri);
    }),
    vscode.commands.registerCommand('stellarKit.acceptShape', (e?: AgentsElement) => {
      if (e?.kind === 'agentAction' && e.node.link) return lock(e.agentUri, e.node.link);
    }),
  );
}
