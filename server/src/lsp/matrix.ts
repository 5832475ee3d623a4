/**
 * The Environment Matrix view's request: the core's matrix per folder, with the secrets the client says have a
 * value in its secret storage (names only: values never reach the server).
 */
import { ErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { environmentMatrix } from '../service';
import { Protocol, type EnvironmentMatrixParams } from '../protocol';
import { handle } from './guard';
import type { Session } from './session';

/** `secretsSet` as a lookup; undefined when the client sent none (then nothing is known about secrets). */
function setSecrets(p: EnvironmentMatrixParams): Set<string> | undefined {
  if (p.secretsSet === undefined) return undefined;
  if (!Array.isArray(p.secretsSet) || !p.secretsSet.every((s) => s && typeof s.env === 'string' && typeof s.name === 'string'))
    throw new ResponseError(ErrorCodes.InvalidParams, 'secretsSet must be a list of { env, name } strings');
  return new Set(p.secretsSet.map((s) => `${s.env}\0${s.name}`));
}

export function registerMatrixRequest(session: Session): void {
  handle(session, Protocol.environmentMatrix, (p: EnvironmentMatrixParams) => {
    const set = setSecrets(p);
    return session.folders.all().map((f) => ({
      folder: f.uri,
      name: f.name,
      items: environmentMatrix(f.index, {
        secretIsSet: (name, env) => set?.has(`${env}\0${name}`),
        howToSet: () => 'run "Stellar Kit: Set Secret" to store it',
      }),
    }));
  });
}
