/**
 * Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs` with what it
 * waited for and the last value seen. Tests wait on conditions this way, never on fixed sleeps.
 */
export async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let error: unknown;
  for (;;) {
    try {
      const v = await probe();
      error = undefined;
      if (v !== undefined && v !== false) return v as T;
      last = v;
    } catch (e) {
      error = e;
    }
    if (Date.now() >= deadline) {
      const detail = error ? `last error: ${(error as Error).message}` : `last value: ${JSON.stringify(last)}`;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
