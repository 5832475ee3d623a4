/**
 * The VS Code side of Run Action in Environment and the secret commands: adapts the editor's UI and
 * SecretStorage to the flow (run/flow.ts), and shows results in read-only `stellar-run:` documents.
 */
import * as vscode from 'vscode';
import { ENVIRONMENTS } from '../../../server/src/protocol';
import { flowBase, type Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import type { Secrets } from '../secrets';
import type { RunStatus } from '../status';
import type { RunArgs } from './flow';
import { loadRunner } from './loadRunner';
import { RunPanels } from './panel/host';

function isRunArgs(a: unknown): a is RunArgs {
  return typeof a === 'object' && a !== null && typeof (a as RunArgs).agentUri === 'string' && Number.isInteger((a as RunArgs).actionIndex);
}

async function pickSecret(secrets: Secrets, title: string): Promise<{ env: string; name: string } | undefined> {
  const env = await vscode.window.showQuickPick([...ENVIRONMENTS], { title: `${title}: environment` });
  if (!env) return undefined;
  const known = (await secrets.list()).filter((s) => s.env === env).map((s) => s.name);
  const name = await vscode.window.showInputBox({
    title: `${title}: secret name (${env})`,
    value: known[0],
    prompt: known.length ? `Stored for ${env}: ${known.join(', ')}` : undefined,
    validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : 'A secret name: letters, digits and _'),
  });
  return name ? { env, name } : undefined;
}

function secretArg(a: unknown): { env: string; name: string } | undefined {
  if (typeof a !== 'object' || a === null) return undefined;
  const { name, environment } = a as { name?: unknown; environment?: unknown };
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return undefined;
  return typeof environment === 'string' && (ENVIRONMENTS as readonly string[]).includes(environment) ? { env: environment, name } : undefined;
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
    // From the palette, or { name, environment } from the Run panel's "Update secret" after a 401 or 403.
    vscode.commands.registerCommand('stellarKit.setSecret', async (arg?: unknown) => {
      const s = secretArg(arg) ?? (await pickSecret(secrets, 'Set Secret'));
      if (!s) return;
      const value = await vscode.window.showInputBox({ title: `Value of ${s.name} for ${s.env}`, password: true, ignoreFocusOut: true });
      if (!value) return;
      await secrets.set(s.env, s.name, value);
      // A token fetched with the old value is stale (OAuth2 client credentials).
      ctx.tokenCache?.clear();
      void vscode.window.showInformationMessage(`Stored secret ${s.name} for ${s.env}.`);
    }),
    vscode.commands.registerCommand('stellarKit.clearSecret', async () => {
      const stored = await secrets.list();
      if (stored.length === 0) return void vscode.window.showInformationMessage('No Stellar secrets are stored.');
      const s = await vscode.window.showQuickPick(
        stored.map((x) => ({ label: x.name, description: x.env, value: x })),
        { title: 'Clear Secret' },
      );
      if (!s) return;
      await secrets.clear(s.value.env, s.value.name);
      await ctx.origins.forget(s.value.env, s.value.name);
      ctx.tokenCache?.clear();
      void vscode.window.showInformationMessage(`Cleared secret ${s.value.name} for ${s.value.env}.`);
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
