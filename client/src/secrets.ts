/**
 * Secret values per environment in the editor's secret store, under `stellarKit.secret.<env>.<NAME>`.
 * The names in use are kept in one more entry so they can be listed; values never leave this module
 * except to the runner.
 */
import type { SecretSource } from '../../server/src/runner/index';
import type { SecretStore, Ui } from './run/ui';

const INDEX_KEY = 'stellarKit.secretIndex';

export function secretKey(env: string, name: string): string {
  return `stellarKit.secret.${env}.${name}`;
}

export class Secrets {
  constructor(private readonly store: SecretStore) {}

  async get(env: string, name: string): Promise<string | undefined> {
    return await this.store.get(secretKey(env, name));
  }

  async set(env: string, name: string, value: string): Promise<void> {
    await this.store.store(secretKey(env, name), value);
    const names = await this.list();
    if (!names.some((n) => n.env === env && n.name === name)) await this.saveIndex([...names, { env, name }]);
  }

  async clear(env: string, name: string): Promise<void> {
    await this.store.delete(secretKey(env, name));
    await this.saveIndex((await this.list()).filter((n) => !(n.env === env && n.name === name)));
  }

  /** The stored secrets' names and environments (never their values). */
  async list(): Promise<{ env: string; name: string }[]> {
    const raw = await this.store.get(INDEX_KEY);
    try {
      const v = raw ? JSON.parse(raw) : [];
      return Array.isArray(v) ? v.filter((x) => typeof x?.env === 'string' && typeof x?.name === 'string') : [];
    } catch {
      return [];
    }
  }

  private async saveIndex(names: { env: string; name: string }[]): Promise<void> {
    names.sort((a, b) => a.env.localeCompare(b.env) || a.name.localeCompare(b.name));
    await this.store.store(INDEX_KEY, JSON.stringify(names));
  }

  /** A source for the runner that asks for a missing value once (password input) and stores it. */
  asking(ui: Ui): SecretSource {
    return {
      get: async (name, env) => {
        const have = await this.get(env, name);
        if (have !== undefined && have !== '') return have;
        const value = await ui.input({
          title: `Secret ${name} (${env})`,
          prompt: `Value of secret ${name} for ${env}; stored in VS Code's secret storage.`,
          password: true,
        });
        if (!value) return undefined;
        await this.set(env, name, value);
        return value;
      },
      hint: () => 'run "Stellar Kit: Set Secret" to store it',
    };
  }
}
