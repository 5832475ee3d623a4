import { ErrorCodes, LSPErrorCodes, ResponseError, type PrepareRenameParams, type RenameParams } from 'vscode-languageserver/node';
import { doRename, prepareRename, RenameError } from '../service';
import { guardRequest } from './guard';
import type { Session } from './session';
import { positionTarget } from './target';

/** Rename with prepareRename; an invalid or taken name is answered with its reason, not logged as a failure. */
export function registerRename(session: Session): void {
  session.connection.onPrepareRename(
    guardRequest(session, 'prepareRename', (p: PrepareRenameParams) => {
      const t = positionTarget(session, p);
      return t ? prepareRename(t.index, t.uri, t.position) : null;
    }),
  );

  session.connection.onRenameRequest(
    guardRequest(session, 'rename', (p: RenameParams) => {
      const t = positionTarget(session, p);
      if (!t) return null;
      if (typeof p.newName !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'newName must be a string');
      try {
        return doRename(t.index, t.uri, t.position, p.newName);
      } catch (e) {
        if (e instanceof RenameError) throw new ResponseError(LSPErrorCodes.RequestFailed, e.message);
        throw e;
      }
    }),
  );
}
