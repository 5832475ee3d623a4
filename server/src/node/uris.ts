import * as path from 'node:path';
import { URI } from 'vscode-uri';

/** The file: URI of a path (made absolute). */
export function uriOf(file: string): string {
  return URI.file(path.resolve(file)).toString();
}

/** The file system path of a file: URI. */
export function pathOf(uri: string): string {
  return URI.parse(uri).fsPath;
}
