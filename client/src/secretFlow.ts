/**
 * Set Secret without the VS Code API: the name from the secrets stellar.yaml declares (with their
 * descriptions), the environment, then the value in a password input. The views pass what they know
 * (a Secrets view row: name and environment; a slot: its environment and missing names).
 */
import { ENVIRONMENTS, type SecretNode } from '../../server/src/protocol';
import type { Ui } from './run/ui';
import type { Secrets } from './secrets';

export interface SetSecretArgs {
  name?: string;
  env?: string;
  /** Offer only these names (a slot's missing secrets). */
  names?: string[];
}

export interface SetSecretDeps {
  ui: Ui;
  secrets: Secrets;
  /** The declared secrets of every folder (from the server). */
  declared: () => Promise<SecretNode[]>;
}

const SECRET_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

async function pickName(deps: SetSecretDeps, args: SetSecretArgs): Promise<string | undefined> {
  if (args.name) return args.name;
  if (args.names?.length === 1) return args.names[0];
  const declared = await deps.declared();
  const byName = new Map(declared.map((s) => [s.name, s]));
  const names = args.names ?? [...byName.keys()];
  if (names.length === 0) {
    // No stellar.yaml (or no secret in it): any name, as the CLI's STELLAR_SECRET_<NAME> takes.
    return deps.ui.input({
      title: 'Set Secret: name',
      prompt: 'No secret is declared in stellar.yaml; declare it there so the checks know it (SK021).',
      validate: (v) => (SECRET_NAME.test(v) ? undefined : 'A secret name: letters, digits and _'),
    });
  }
  return deps.ui.pick(
    'Set Secret: which secret?',
    names.map((n) => ({ label: n, description: byName.get(n)?.description, value: n })),
  );
}

/** Stores the value; returns what was set, or undefined when cancelled. Never shows or logs the value. */
export async function setSecretFlow(deps: SetSecretDeps, args: SetSecretArgs = {}): Promise<{ env: string; name: string } | undefined> {
  const { ui, secrets } = deps;
  const name = await pickName(deps, args);
  if (!name) return undefined;
  let env = args.env;
  if (!env) {
    const items = await Promise.all(
      ENVIRONMENTS.map(async (e) => ({ label: e, description: (await secrets.get(e, name)) ? 'set (replace it)' : 'missing', value: e as string })),
    );
    env = await ui.pick(`Set Secret ${name}: environment`, items);
    if (!env) return undefined;
  }
  const value = await ui.input({ title: `Value of ${name} for ${env}`, prompt: "Stored in VS Code's secret storage, never in the workspace.", password: true });
  if (!value) return undefined;
  await secrets.set(env, name, value);
  ui.info(`Stored secret ${name} for ${env}.`);
  return { env, name };
}

/** What a command argument from a view says about the secret (a Secrets view row or an Integrations slot). */
export function setSecretArgsOf(arg: unknown): SetSecretArgs {
  const a = arg as { kind?: string; name?: unknown; env?: unknown; secret?: { name?: unknown }; node?: { env?: unknown }; missingSecrets?: unknown };
  if (!a || typeof a !== 'object') return {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  if (a.kind === 'slot') {
    const names = Array.isArray(a.missingSecrets) ? a.missingSecrets.filter((x): x is string => typeof x === 'string') : undefined;
    return { env: str(a.node?.env), names: names?.length ? names : undefined };
  }
  if (a.kind === 'secret') return { name: str(a.secret?.name) };
  if (a.kind === 'secretEnv') return { name: str(a.secret?.name), env: str(a.env) };
  return {};
}
