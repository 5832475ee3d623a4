/**
 * The VS Code side of Discover Tools: adapts the editor's UI, SecretStorage and workspace edits to the
 * flow (run/discover.ts). Registered for the palette and the Integrations view's MCP server items.
 */
import * as vscode from 'vscode';
import { flowBase, type Ctx } from '../ctx';
import { editorUi, ReadOnlyDocuments } from '../editorUi';
import { applyLockEdit } from '../locks';
import type { DiscoverArgs } from './discover';
import { loadRunner } from './loadRunner';

/** The command's argument: an Integrations view item, `{ integrationUri, environment }`, or nothing (pick). */
function argsOf(arg: unknown): DiscoverArgs {
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as { kind?: string; node?: { uri?: unknown }; integrationUri?: unknown; environment?: unknown };
  if (a.kind === 'integration' && typeof a.node?.uri === 'string') return { integrationUri: a.node.uri };
  return {
    integrationUri: typeof a.integrationUri === 'string' ? a.integrationUri : undefined,
    environment: typeof a.environment === 'string' ? a.environment : undefined,
  };
}

export function registerDiscoverTools(ctx: Ctx): void {
  const docs = new ReadOnlyDocuments('stellar-discover');
  const ui = editorUi(docs);
  ctx.context.subscriptions.push(
    docs.register(),
    vscode.commands.registerCommand('stellarKit.discoverTools', async (arg?: unknown) => {
      try {
        const { discoverToolsFlow } = loadRunner(ctx);
        await discoverToolsFlow(
          {
            ...(await flowBase(ctx, ui)),
            server: ctx.server,
            // Saved at once (locks.ts): the lock is the tool's file, not an edit for the user to review.
            writeLock: (w) => applyLockEdit(ctx.client, w.edit),
            refresh: () => void vscode.commands.executeCommand('stellarKit.refreshTrees'),
          },
          argsOf(arg),
        );
      } catch (e) {
        // Errors come from the server requests; the flow itself redacts everything it shows.
        ui.error(`Discover Tools failed: ${(e as Error).message}`);
      }
    }),
  );
}
