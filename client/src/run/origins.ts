/**
 * Credentials bound to origins: per environment, the origins each stored secret was sent to from this
 * editor. Before a secret goes to an origin it never went to in that environment (a baseUrl changed in a
 * pull request, a new tokenUrl), the user is asked, naming the secret, the environment and the origin; "Send"
 * is remembered. Only secret names and origins are kept (the extension's global state), never values.
 */
import type { CredentialDestination } from '../../../server/src/runner/index';
import type { Ui } from './ui';

/** Key-value state that survives restarts (VS Code's `ExtensionContext.globalState`). */
export interface Memento {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export const ORIGINS_KEY = 'stellarKit.credentialOrigins';

/** environment → secret name → origins it was sent to. */
type Known = Record<string, Record<string, string[]>>;

export class CredentialOrigins {
  constructor(private readonly state: Memento) {}

  private read(): Known {
    const v = this.state.get<unknown>(ORIGINS_KEY);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Known) : {};
  }

  /** The origins `secret` was sent to in `environment`. */
  known(environment: string, secret: string): string[] {
    const list = this.read()[environment]?.[secret];
    return Array.isArray(list) ? list.filter((o) => typeof o === 'string') : [];
  }

  async remember(environment: string, secret: string, origin: string): Promise<void> {
    const all = this.read();
    const env = { ...all[environment] };
    env[secret] = [...new Set([...this.known(environment, secret), origin])].sort();
    await this.state.update(ORIGINS_KEY, { ...all, [environment]: env });
  }

  /** Forgets where a secret went (Clear Secret): the next value is asked about again. */
  async forget(environment: string, secret: string): Promise<void> {
    const all = this.read();
    if (!all[environment]?.[secret]) return;
    const { [secret]: _gone, ...rest } = all[environment];
    await this.state.update(ORIGINS_KEY, { ...all, [environment]: rest });
  }

  /**
   * Asks before each stored secret goes to an origin it was never sent to in its environment; true when every
   * one may go (nothing is sent otherwise). Literal credentials are not stored secrets and are not asked about.
   */
  async approve(ui: Ui, destinations: CredentialDestination[]): Promise<boolean> {
    for (const d of destinations) {
      if (d.secret === undefined || this.known(d.environment, d.secret).includes(d.origin)) continue;
      const before = this.known(d.environment, d.secret);
      const history = before.length
        ? `In ${d.environment} it was only sent to ${before.join(', ')}.`
        : `It was never sent anywhere from this editor in ${d.environment}.`;
      const ok = await ui.confirm(
        `Send secret ${d.secret} (${d.environment}) to ${d.origin}? ${history} A changed baseUrl, url or tokenUrl (a pull request, for example) can send a credential to a new host: send only if you trust ${d.origin}.`,
        'Send',
      );
      if (!ok) return false;
      await this.remember(d.environment, d.secret, d.origin);
    }
    return true;
  }
}

/** A Memento in memory (tests, or when the editor gives none). */
export function memoryMemento(): Memento & { map: Map<string, unknown> } {
  const map = new Map<string, unknown>();
  return {
    map,
    get: <T>(k: string) => map.get(k) as T | undefined,
    update: async (k, v) => {
      map.set(k, v);
    },
  };
}
