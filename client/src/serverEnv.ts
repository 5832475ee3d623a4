/**
 * The environment the language server is spawned with: the extension's own, without any
 * `STELLAR_SECRET_*` variable. The server never reads secrets (runs happen in the extension), so a
 * secret exported for the CLI in the shell that started VS Code has no business in its process.
 *
 * The names are kept with the value `undefined` rather than deleted: vscode-languageclient starts the
 * server's environment from process.env and lays this one over it, and Node's spawn leaves out every
 * variable whose value is undefined.
 */
export const SECRET_PREFIX = 'STELLAR_SECRET_';

export function serverEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = { ...env };
  // Case-insensitive: Windows treats environment names so, and scrubbing a look-alike costs nothing.
  for (const name of Object.keys(out)) if (name.toUpperCase().startsWith(SECRET_PREFIX)) out[name] = undefined;
  return out;
}
