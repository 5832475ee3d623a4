import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { registerCompletion } from './completion';
import { registerEditing } from './editing';
import { registerFileOperations } from './fileOperations';
import { registerHover } from './hover';
import { registerNavigation } from './navigation';
import { registerRename } from './rename';
import type { Session } from './session';
import { registerSymbols } from './symbols';

/** Wires the editor features of the core (server/src/service/features) to LSP requests, one module each. */
export function registerFeatures(session: Session): void {
  registerCompletion(session);
  registerHover(session);
  registerNavigation(session);
  registerRename(session);
  registerCodeActions(session);
  registerSymbols(session);
  registerCodeLens(session);
  registerFileOperations(session);
  registerEditing(session);
}
