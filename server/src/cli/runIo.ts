/** What the run commands (run, tool runs, discover) share: their I/O, limits and the credential lines. */
import type { Limits } from '../runner/http';
import type { SecretSource } from '../runner/secrets';

export interface RunIo {
  out: (s: string) => void;
  err: (s: string) => void;
  /** Secret source (tests); default: the environment variables. */
  secrets?: SecretSource;
  limits?: Partial<Limits>;
  /** Environment variables (tests); default: process.env. Read for STELLAR_TELNYX_BASE_URL. */
  env?: Record<string, string | undefined>;
  /** The clock (tests); default: now. Stamps a recorded response shape. */
  now?: () => Date;
}

/** The limits of a run: the caller's, with private networks allowed when the command line says so. */
export function runLimits(io: RunIo, allowPrivateNetwork: boolean): Partial<Limits> {
  const destination = { ...io.limits?.destination };
  if (allowPrivateNetwork) destination.allowPrivateNetwork = true;
  return { ...io.limits, destination };
}

/** Names each credential and the origin it goes to, on stderr, before anything is sent (never the value). */
export function printCredentials(lines: string[], err: (s: string) => void): void {
  for (const l of lines) err(`${l}\n`);
}
