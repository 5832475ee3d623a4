import { DidChangeConfigurationNotification, type DidChangeConfigurationParams } from 'vscode-languageserver/node';
import type { Folder } from './folders';
import { scanFolders } from './indexing';
import type { Session } from './session';
import { normalizeSettings, sameExclude, sameSeverity, type Settings } from './settings';

export const SECTION = 'stellarKit';

/**
 * Settings per folder: pulled with `workspace/configuration` when the client supports it, otherwise taken
 * from the initialization options and the didChangeConfiguration payload.
 */
export class Configuration {
  private pushed: unknown;

  constructor(
    private readonly session: Session,
    initializationOptions: unknown,
  ) {
    this.pushed = (initializationOptions as { settings?: unknown } | undefined)?.settings;
  }

  async register(): Promise<void> {
    if (this.session.client.configurationRegistration) {
      await this.session.connection.client.register(DidChangeConfigurationNotification.type, { section: SECTION });
    }
  }

  async fetch(folder: Folder): Promise<Settings> {
    if (!this.session.client.configuration) return normalizeSettings(this.pushed);
    try {
      return normalizeSettings(await this.session.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SECTION }));
    } catch (e) {
      this.session.log.error(`Reading settings for ${folder.uri} failed: ${(e as Error).message}`);
      return folder.settings;
    }
  }

  /** Severity changes republish the folder; exclusion changes rebuild its index; a folder whose settings are the same is left alone. */
  async changed(p: DidChangeConfigurationParams): Promise<void> {
    const settings = (p?.settings as Record<string, unknown> | null | undefined)?.[SECTION];
    if (settings !== undefined) this.pushed = settings;
    await this.session.whenLoaded();
    for (const folder of this.session.folders.all()) {
      const next = await this.fetch(folder);
      const rebuild = !sameExclude(folder.settings, next);
      const republish = !sameSeverity(folder.settings, next);
      folder.settings = next;
      if (rebuild) await rebuildFolder(this.session, folder);
      else if (republish) this.session.publish(folder, folder.index.uris());
    }
  }
}

/** Re-scans a folder from scratch; files it no longer holds lose their diagnostics. */
export async function rebuildFolder(session: Session, folder: Folder): Promise<void> {
  const before = folder.index.uris();
  folder.reset();
  await session.trackLoad(scanFolders(session, [folder]));
  session.clear(before.filter((uri) => !folder.index.has(uri)));
}
