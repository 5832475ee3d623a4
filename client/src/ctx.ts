/**
 * What the commands and views share: the server requests, one secret store and one OAuth2 token cache (a token
 * a run fetched serves Discover Tools too, and Clear Secret drops them all).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { Protocol } from '../../server/src/protocol';
import type { TokenCache } from '../../server/src/runner/index';
import { serverRequests, type ServerRequests } from './requests';
import { loadRunner } from './run/loadRunner';
import type { FlowBase, Ui } from './run/ui';
import { CredentialOrigins } from './run/origins';
import { Secrets } from './secrets';

export interface Ctx {
  context: vscode.ExtensionContext;
  client: LanguageClient;
  output: vscode.OutputChannel;
  server: ServerRequests;
  secrets: Secrets;
  /** Made by the first run or discovery (flowBase). */
  tokenCache?: TokenCache;
  /** Where each secret was sent, per environment (global state: names and origins only). */
  origins: CredentialOrigins;
  /**
   * The server's stellarKit/treeChanged (after every index change). The language client keeps one handler
   * per notification, so every listener (the views, the language status) subscribes here.
   */
  treeChanged: vscode.Event<void>;
}

export function createCtx(context: vscode.ExtensionContext, client: LanguageClient, output: vscode.OutputChannel): Ctx {
  const treeChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(treeChanged);
  client.onNotification(Protocol.treeChanged.method, () => treeChanged.fire());
  return {
    treeChanged: treeChanged.event,
    context,
    client,
    output,
    server: serverRequests((method, params) => client.sendRequest(method, params)),
    secrets: new Secrets(context.secrets),
    origins: new CredentialOrigins(context.globalState),
  };
}

/**
 * What every run-like flow (run/flow.ts, run/discover.ts) takes from the editor. The runner (undici: about
 * half of the extension's code) is its own bundle, loaded by the first run or discovery, not at activation.
 */
export async function flowBase(ctx: Ctx, ui: Ui): Promise<FlowBase> {
  const { TokenCache } = loadRunner(ctx);
  ctx.tokenCache ??= new TokenCache();
  return {
    ui,
    secrets: ctx.secrets,
    isTrusted: () => vscode.workspace.isTrusted,
    log: (line) => ctx.output.appendLine(line),
    send: { tokenCache: ctx.tokenCache },
    origins: ctx.origins,
    // Application scope: a workspace's own settings cannot turn it on.
    allowPrivateNetwork: (env) => (vscode.workspace.getConfiguration('stellarKit').get<string[]>('run.allowPrivateNetwork') ?? []).includes(env),
  };
}
