/**
 * The VS Code side of Run Action in Environment and the secret commands: adapts the editor's UI and
 * SecretStorage to the flow (run/flow.ts), and shows results in read-only `stellar-run:` documents.
 */
import * as vscode from 'vscode';
import { flowBase, type Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import { setSecretArgsOf, setSecretFlow } from '../secretFlow';
import type { RunStatus } from '../status';
import type { RunArgs } from './flow';
import { loadRunner } from './loadRunner';
import { RunPanels } from './panel/host';

function isRunArgs(a: unknown): a is RunArgs {
  return typeof a === 'object' && a !== null && typeof (a as RunArgs).agentUri === 'string' && Number.isInteger((a as RunArgs).actionIndex);
}

/** Registers the secret commands and returns the `stellarKit.runAction` handler (commands.ts registers it). */
export function registerRunCommands(ctx: Ctx, status: RunStatus): (arg?: unknown) => Promise<void> {
  const { secrets } = ctx;
  const docs = new ReadOnlyDocuments('stellar-run');
  const ui = editorUi(docs);
  // The last run as a curl command (secrets as "$STELLAR_SECRET_NAME"), for Copy as curl.
  let lastCurl: string | undefined;
  const copyCurl = async (): Promise<void> => {
    if (lastCurl === undefined) return void vscode.window.showInformationMessage('Run an action first: Copy as curl copies the last run.');
    await vscode.env.clipboard.writeText(lastCurl);
    void vscode.window.showInformationMessage(
      'Copied the last run as a curl command. Secrets are shell variables: set STELLAR_SECRET_<NAME> before running it.',
    );
  };
  const telnyxBaseUrl = (agentUri: string) =>
    vscode.workspace.getConfiguration('stellarKit', vscode.Uri.parse(agentUri)).get<string>('telnyx.baseUrl') || undefined;
  const panels = new RunPanels(ctx, status, docs, telnyxBaseUrl, (curl) => (lastCurl = curl));
  /** The Run panel (the default output): the action's form beside the source. */
  const runInPanel = async (args: RunArgs): Promise<void> => {
    // Checked here, not only in the menus: the command can be called programmatically.
    if (!vscode.workspace.isTrusted)
      return void ui.error('Running actions needs a trusted workspace: it sends requests with your secrets. Trust this workspace first.');
    let target = args.agentUri !== undefined && args.actionIndex !== undefined ? { agentUri: args.agentUri, actionIndex: args.actionIndex } : undefined;
    if (!target) {
      const { pickAction } = loadRunner(ctx);
      target = (await pickAction(await panels.deps()))?.target;
    }
    if (target) await panels.show(target, args.environment);
  };
  const runAction = async (arg?: unknown): Promise<void> => {
    const args = isRunArgs(arg) ? { agentUri: arg.agentUri, actionIndex: arg.actionIndex, environment: arg.environment } : {};
    try {
      if (vscode.workspace.getConfiguration('stellarKit').get<string>('run.output') !== 'text') return await runInPanel(args);
      const { runActionFlow } = loadRunner(ctx);
      const r = await runActionFlow({ ...(await flowBase(ctx, ui)), server: ctx.server, telnyxBaseUrl }, args);
      if (r.kind === 'sent') {
        status.ran(r.environment, r.result.request.method + ' ' + r.result.request.url, r.result.status);
        lastCurl = r.curl;
        void vscode.window
          .showInformationMessage(`${r.label} in ${r.environment}: ${r.result.status} ${r.result.statusText}`, 'Copy as curl')
          .then((choice) => (choice === 'Copy as curl' ? copyCurl() : undefined));
      } else if (r.kind === 'called') {
        status.ran(r.environment, `tools/call ${r.label}`, r.result.isError ? 'tool error' : 'ok');
      }
    } catch (e) {
      // Errors come from the server requests; the flow itself redacts everything it shows.
      ui.error(`Run Action failed: ${(e as Error).message}`);
    }
  };
  ctx.context.subscriptions.push(
    docs.register(),
    vscode.commands.registerCommand('stellarKit.copyLastRunAsCurl', copyCurl),
    panels,
    // Palette, a Secrets view row (name and environment) or an Integrations slot (its missing secrets).
    vscode.commands.registerCommand('stellarKit.setSecret', async (arg?: unknown) => {
      try {
        // A token fetched with the old value is stale (OAuth2 client credentials).
        if (await setSecretFlow({ ui, secrets, declared: ctx.server.declaredSecrets }, setSecretArgsOf(arg))) ctx.tokenCache?.clear();
      } catch (e) {
        ui.error(`Set Secret failed: ${(e as Error).message}`);
      }
    }),
    // Palette (a pick of the stored ones) or a Secrets view row (Delete Secret).
    vscode.commands.registerCommand('stellarKit.clearSecret', async (arg?: unknown) => {
      const given = setSecretArgsOf(arg);
      let s = given.name && given.env ? { env: given.env, name: given.name } : undefined;
      if (!s) {
        const stored = await secrets.list();
        if (stored.length === 0) return void vscode.window.showInformationMessage('No Stellar secrets are stored.');
        s = (
          await vscode.window.showQuickPick(
            stored.map((x) => ({ label: x.name, description: x.env, value: x })),
            { title: 'Clear Secret' },
          )
        )?.value;
        if (!s) return;
      }
      await secrets.clear(s.env, s.name);
      await ctx.origins.forget(s.env, s.name);
      ctx.tokenCache?.clear();
      void vscode.window.showInformationMessage(`Cleared secret ${s.name} for ${s.env}.`);
    }),
    vscode.commands.registerCommand('stellarKit.listSecrets', async () => {
      const stored = await secrets.list();
      if (stored.length === 0) return void vscode.window.showInformationMessage('No Stellar secrets are stored.');
      // The origins each secret was sent to (approved once each); Clear Secret forgets them.
      await vscode.window.showQuickPick(
        stored.map((x) => ({
          label: x.name,
          description: x.env,
          detail: `sent to: ${ctx.origins.known(x.env, x.name).join(', ') || 'nowhere yet'}`,
        })),
        { title: 'Stored secrets (names only) and where they were sent' },
      );
    }),
  );
  return runAction;
}
