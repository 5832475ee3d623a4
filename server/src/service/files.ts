import type { FileKind } from './types';

/** Suffixes by file kind; longer suffixes first so `x.agent.lock.yaml` is not read as `x.agent`. */
const SUFFIXES: [string, FileKind][] = [
  ['.agent.lock.yaml', 'agentLock'],
  ['.tools.lock.yaml', 'toolsLock'],
  ['.integration.yaml', 'integration'],
  ['.action.yaml', 'action'],
  ['.auth.yaml', 'auth'],
  ['.agent.yaml', 'agent'],
];

export const ID_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const MANIFEST_NAME = 'stellar.yaml';

export function baseName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? uri : uri.slice(i + 1);
}

export function dirName(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

/** The kind of a Stellar file, or undefined when the name is not one of ours. */
export function kindOf(uri: string, rootUri?: string): FileKind | undefined {
  const name = baseName(uri);
  if (name === MANIFEST_NAME) {
    return rootUri === undefined || dirName(uri) === stripSlash(rootUri) ? 'manifest' : undefined;
  }
  for (const [suffix, kind] of SUFFIXES) if (name.endsWith(suffix) && name.length > suffix.length) return kind;
  return undefined;
}

/** The kind of a Stellar file below the workspace folder `rootUri`; undefined for any other file. */
export function kindIn(rootUri: string, uri: string): FileKind | undefined {
  return uri.startsWith(stripSlash(rootUri) + '/') ? kindOf(uri, rootUri) : undefined;
}

/** A file's id: its name without the suffix. */
export function idOf(uri: string): string {
  const name = baseName(uri);
  for (const [suffix] of SUFFIXES) if (name.endsWith(suffix)) return name.slice(0, -suffix.length);
  return name.replace(/\.yaml$/, '');
}

export function suffixOf(kind: FileKind): string {
  if (kind === 'manifest') return MANIFEST_NAME;
  return SUFFIXES.find(([, k]) => k === kind)![0];
}

export function stripSlash(uri: string): string {
  return uri.endsWith('/') ? uri.slice(0, -1) : uri;
}

/** Folders never walked. */
export const ALWAYS_EXCLUDED = new Set(['.git', 'node_modules']);
