/** Where secret values come from, and the masking that keeps them out of everything shown. */

export interface SecretSource {
  get(name: string, env: string): Promise<string | undefined>;
  /** Where the user sets a missing secret, for the error message. */
  hint?(name: string, env: string): string;
}

/** The CLI's source: `STELLAR_SECRET_<NAME>_<ENV>` wins over `STELLAR_SECRET_<NAME>`. */
export class EnvSecretSource implements SecretSource {
  constructor(private readonly env: Record<string, string | undefined> = process.env) {}
  async get(name: string, env: string): Promise<string | undefined> {
    const specific = this.env[`STELLAR_SECRET_${name}_${env.toUpperCase()}`];
    if (specific !== undefined && specific !== '') return specific;
    const general = this.env[`STELLAR_SECRET_${name}`];
    return general === '' ? undefined : general;
  }
  hint(name: string, env: string): string {
    return `set STELLAR_SECRET_${name}_${env.toUpperCase()} (or STELLAR_SECRET_${name} for every environment)`;
  }
}

/**
 * Every secret value resolved during a run, with the forms it can take on the wire (URL-encoded,
 * JSON-escaped, base64 in a basic credential), so any text can be masked before it is shown.
 */
export class Redactor {
  private readonly values = new Map<string, string>();

  /** Registers a value; `label` replaces it in output. Values shorter than 4 characters are still masked. */
  add(label: string, value: string): void {
    if (!value) return;
    for (const form of [value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), new URLSearchParams({ v: value }).toString().slice(2)]) {
      if (form && !this.values.has(form)) this.values.set(form, label);
    }
  }

  /** Registers a basic credential: its base64 form is what travels. */
  addBasic(label: string, username: string, password: string): void {
    this.add(label, Buffer.from(`${username}:${password}`).toString('base64'));
  }

  apply(text: string): string {
    return redact(text, this.values);
  }

  get size(): number { return this.values.size; }
}

/** Replaces every occurrence of each secret value (longest first) with `[secret LABEL]`. */
export function redact(text: string, secrets: Map<string, string> | Record<string, string>): string {
  const entries = secrets instanceof Map ? [...secrets] : Object.entries(secrets).map(([label, v]) => [v, label] as [string, string]);
  entries.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [value, label] of entries) if (value) out = out.split(value).join(`[secret ${label}]`);
  return out;
}
