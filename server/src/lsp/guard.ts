import {
  CancellationSenderStrategy,
  CancellationTokenSource,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationStrategy,
  type CancellationToken,
} from 'vscode-languageserver/node';
import type { RequestDef } from '../protocol';
import type { Logger, Session } from './session';

export type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;

export function cancelled(): ResponseError<never> {
  return new ResponseError<never>(LSPErrorCodes.RequestCancelled, 'Request cancelled');
}

/**
 * vscode-jsonrpc's token source throws when cancelled twice before anyone read its token (a client sending two
 * `$/cancelRequest` for one request), or after it was disposed: reading the token first, and ignoring a cancel
 * after dispose, makes cancelling idempotent.
 */
class IdempotentCancellationSource extends CancellationTokenSource {
  private disposed = false;
  override cancel(): void {
    if (this.disposed) return;
    void this.token;
    super.cancel();
  }
  override dispose(): void {
    this.disposed = true;
    super.dispose();
  }
}

export const cancellationStrategy = {
  receiver: { createCancellationTokenSource: (_id: string | number) => new IdempotentCancellationSource() },
  sender: CancellationSenderStrategy.Message,
} satisfies CancellationStrategy;

/** Lets a `$/cancelRequest` sent right after the request reach the token before work starts. */
function yieldOnce(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Wraps a request handler: waits for the folder scans, brings pending edits into the index, answers
 * RequestCancelled whenever the token fires, and turns an exception into an error response and a log
 * line instead of a crash.
 */
export function guardRequest<P, R>(session: Session, method: string, handler: Handler<P, R>) {
  return async (params: P, token: CancellationToken): Promise<R | ResponseError<never>> => {
    try {
      await yieldOnce();
      await yieldOnce();
      if (token.isCancellationRequested) return cancelled();
      await session.whenLoaded();
      if (token.isCancellationRequested) return cancelled();
      session.syncPending();
      const result = await handler(params ?? ({} as P), token);
      if (token.isCancellationRequested) return cancelled();
      return result;
    } catch (e) {
      if (e instanceof ResponseError) return e as ResponseError<never>;
      session.log.error(`${method} failed: ${(e as Error)?.stack ?? String(e)}`);
      return new ResponseError<never>(ErrorCodes.InternalError, `${method} failed: ${(e as Error)?.message ?? String(e)}`);
    }
  };
}

/** Wraps a notification handler: an exception becomes a log line. */
export function guardNotification<P>(session: { log: Logger }, method: string, handler: (params: P) => void | Promise<void>) {
  return (params: P): void => {
    try {
      const r = handler(params ?? ({} as P));
      if (r instanceof Promise) r.catch((e: Error) => session.log.error(`${method} failed: ${e?.stack ?? String(e)}`));
    } catch (e) {
      session.log.error(`${method} failed: ${(e as Error)?.stack ?? String(e)}`);
    }
  };
}

/** Registers a handler for a request of the protocol module, guarded as above. */
export function handle<P, R>(session: Session, def: RequestDef<P, R>, handler: Handler<P, R>): void {
  session.connection.onRequest(def.method, guardRequest(session, def.method, handler));
}
