import { URI } from 'vscode-uri';

/** One spelling per file (clients differ in how they percent-encode), so maps keyed by uri agree. */
export function normalizeUri(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}
