import type { PlanValue, RequestPlan } from './plan';

/** The environment variable a secret is read from by the CLI (every environment). */
export function secretVar(name: string): string {
  return `STELLAR_SECRET_${name}`;
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/** What a credential written literally in an auth connector (SK022) is shown as: still a credential, never printed. */
export const MASKED = '***';

function credential(v: PlanValue): PlanValue {
  return typeof v === 'string' ? MASKED : v;
}

/** A value for the shell: literals quoted, secrets as "$STELLAR_SECRET_NAME" so the shell fills them in. */
function shellValue(prefix: string, v: PlanValue, suffix = ''): string {
  if (typeof v === 'string') return shellQuote(prefix + v + suffix);
  return `${shellQuote(prefix)}"$${secretVar(v.secret)}"${suffix ? shellQuote(suffix) : ''}`;
}

/**
 * A curl command for the plan; secret values never appear, only their variable names ("$STELLAR_SECRET_NAME",
 * filled in by the shell). Auth credentials written literally are shown as ***.
 */
export function toCurl(plan: RequestPlan): string {
  const parts = ['curl', '-sS', '-X', plan.method];
  let url = shellQuote(plan.url);
  const auth = plan.auth;
  const lines: string[] = [];
  if (auth?.type === 'api-key' && auth.in === 'query') {
    const sep = plan.url.includes('?') ? '&' : '?';
    url = shellValue(`${plan.url}${sep}${encodeURIComponent(auth.name)}=`, credential(auth.value));
  }
  parts.push(url);
  for (const [k, v] of Object.entries(plan.headers)) lines.push(`-H ${shellValue(`${k}: `, v)}`);
  if (auth?.type === 'bearer') lines.push(`-H ${shellValue('Authorization: Bearer ', credential(auth.token))}`);
  if (auth?.type === 'api-key' && auth.in === 'header') lines.push(`-H ${shellValue(`${auth.name}: `, credential(auth.value))}`);
  if (auth?.type === 'basic')
    lines.push(
      `-u ${typeof auth.username === 'string' ? shellQuote(auth.username + ':') : `"$${secretVar(auth.username.secret)}"':'`}${typeof auth.password === 'string' ? shellQuote(MASKED) : `"$${secretVar(auth.password.secret)}"`}`,
    );
  if (auth?.type === 'oauth2') lines.push(`-H 'Authorization: Bearer '"$ACCESS_TOKEN"`);
  if (plan.body !== undefined) lines.push(`--data-raw ${shellQuote(plan.body)}`);
  const note = auth?.type === 'oauth2' ? `# ACCESS_TOKEN: a client-credentials token from ${auth.tokenUrl}\n` : '';
  return note + [parts.join(' '), ...lines].join(' \\\n  ');
}
