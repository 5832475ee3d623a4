import {
  CodeActionKind,
  TextDocumentSyncKind,
  type ClientCapabilities,
  type FileOperationRegistrationOptions,
  type ServerCapabilities,
} from 'vscode-languageserver/node';

/** What the client told us it can do, reduced to the questions the server asks. */
export interface ClientSupport {
  configuration: boolean;
  workspaceFolders: boolean;
  workDoneProgress: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  /** The client asks completionItem/resolve for documentation: completion lists can leave it out. */
  lazyCompletionDocs: boolean;
  /** The client takes workspace/codeLens/refresh. */
  codeLensRefresh: boolean;
}

export function clientSupport(c: ClientCapabilities | undefined): ClientSupport {
  return {
    configuration: c?.workspace?.configuration === true,
    workspaceFolders: c?.workspace?.workspaceFolders === true,
    workDoneProgress: c?.window?.workDoneProgress === true,
    watchedFilesRegistration: c?.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
    configurationRegistration: c?.workspace?.didChangeConfiguration?.dynamicRegistration === true,
    lazyCompletionDocs: c?.textDocument?.completion?.completionItem?.resolveSupport?.properties?.includes('documentation') === true,
    codeLensRefresh: c?.workspace?.codeLens?.refreshSupport === true,
  };
}

/** The Stellar file names, as globs (watchers, file operations) relative to any folder. */
export const STELLAR_GLOBS = ['**/*.{integration,action,auth,agent}.yaml', '**/*.agent.lock.yaml', '**/*.tools.lock.yaml', '**/stellar.yaml'];

/** Deleting or renaming a folder may take Stellar files with it, so folders match too. */
const FILE_OPERATIONS: FileOperationRegistrationOptions = {
  filters: [
    ...STELLAR_GLOBS.map((glob) => ({ scheme: 'file', pattern: { glob, matches: 'file' as const } })),
    { scheme: 'file', pattern: { glob: '**/*', matches: 'folder' as const } },
  ],
};

export const COMPLETION_TRIGGERS = ['/', '.', ':', ' '];

export function serverCapabilities(): ServerCapabilities {
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
    completionProvider: { triggerCharacters: COMPLETION_TRIGGERS, resolveProvider: true },
    hoverProvider: true,
    definitionProvider: true,
    referencesProvider: true,
    renameProvider: { prepareProvider: true },
    codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
    documentSymbolProvider: true,
    workspaceSymbolProvider: true,
    codeLensProvider: { resolveProvider: false },
    documentFormattingProvider: true,
    documentRangeFormattingProvider: true,
    foldingRangeProvider: true,
    selectionRangeProvider: true,
    workspace: {
      workspaceFolders: { supported: true, changeNotifications: true },
      fileOperations: { willDelete: FILE_OPERATIONS, willRename: FILE_OPERATIONS },
    },
  };
}
