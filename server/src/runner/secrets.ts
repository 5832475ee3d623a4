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

/** HTML-entity spellings of a value: named (&amp; &lt; &gt; &quot;), Go's (&#34; &#39;), hex, and every character numeric. */
function htmlForms(value: string): string[] {
  const forms: string[] = [];
  if (/[&<>"']/.test(value)) {
    const base = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
    forms.push(
      base.replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
      base.replace(/"/g, '&#34;').replace(/'/g, '&#39;'),
      base.replace(/"/g, '&quot;').replace(/'/g, '&#x27;'),
      base.replace(/"/g, '&quot;').replace(/'/g, '&apos;'),
    );
  }
  forms.push([...value].map((c) => `&#${c.codePointAt(0)};`).join(''), [...value].map((c) => `&#x${c.codePointAt(0)!.toString(16)};`).join(''));
  return forms;
}

/** Percent-encodings: encodeURIComponent, form encoding (+ for space), lower-case hex, and every byte encoded. */
function percentForms(value: string): string[] {
  const uri = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const every = [...Buffer.from(value, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
  return [uri, form, uri.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), form.replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase()), every, every.toLowerCase()];
}

/**
 * Base64 (standard and URL-safe, padded or not) of the value alone, and the stable middle of its base64 at
 * each of the three alignments, so the value is masked inside a longer base64 text (a token, a JSON blob).
 */
function base64Forms(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const forms: string[] = [];
  const both = (b64: string) => {
    forms.push(b64, b64.replace(/=+$/, ''), b64.replace(/\+/g, '-').replace(/\//g, '_'), b64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
  };
  both(bytes.toString('base64'));
  if (bytes.length >= 8) {
    for (let k = 1; k <= 2; k++) {
      // k bytes before the value shift it in the 3-byte groups: skip the groups they touch, keep whole ones.
      const shifted = Buffer.concat([Buffer.alloc(k), bytes]).toString('base64');
      const whole = Math.floor((k + bytes.length) / 3) * 4;
      const middle = shifted.slice(4, whole);
      if (middle.length >= 8) {
        forms.push(middle, middle.replace(/\+/g, '-').replace(/\//g, '_'));
      }
    }
    // Aligned but followed by more bytes: the last partial group differs.
    const aligned = bytes.toString('base64').slice(0, Math.floor(bytes.length / 3) * 4);
    if (aligned.length >= 8) forms.push(aligned, aligned.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return forms;
}

/**
 * Every secret value resolved during a run, with the forms it can take on the wire or in a response
 * (URL- and form-encoded, JSON-escaped, HTML entities, base64 standard and URL-safe, also inside a longer
 * base64 text, and base64 of `user:password` for basic auth), so any text can be masked before it is shown.
 */
export class Redactor {
  private readonly values = new Map<string, string>();

  /** Registers a value; `label` replaces it in output. Values shorter than 4 characters are still masked. */
  add(label: string, value: string): void {
    if (!value) return;
    if (!this.values.has(value)) this.values.set(value, label);
    // Encoded forms shorter than 4 characters would mask unrelated text (a 2-byte value's base64 is 3 letters).
    for (const form of [JSON.stringify(value).slice(1, -1), ...percentForms(value), ...htmlForms(value), ...base64Forms(value)]) {
      if (form.length >= 4 && !this.values.has(form)) this.values.set(form, label);
    }
  }

  /** Registers a basic credential: its base64 form is what travels. */
  addBasic(label: string, username: string, password: string): void {
    this.add(label, `${username}:${password}`);
  }

  apply(text: string): string {
    return redact(text, this.values);
  }

  get size(): number {
    return this.values.size;
  }
}

/** Replaces every occurrence of each secret value (longest first) with `[secret LABEL]`. */
export function redact(text: string, secrets: Map<string, string> | Record<string, string>): string {
  const entries = secrets instanceof Map ? [...secrets] : Object.entries(secrets).map(([label, v]) => [v, label] as [string, string]);
  entries.sort((a, b) => b[0].length - a[0].length);
  let out = text;
  for (const [value, label] of entries) if (value) out = out.split(value).join(`[secret ${label}]`);
  return out;
}
