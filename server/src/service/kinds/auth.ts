import type { AuthSummary, Ref } from '../summary';
import { ENVIRONMENTS } from '../types';
import { CLIENT_OWNED_HEADERS } from '../wireText';
import { BEARER_PREFIX, checkNoControl, collectSecretRefs, FileFindings, isRecord, looksLikeCredential, str } from './common';
import { isHttpUrl } from './integration';
import { messages as sk002 } from '../rules/SK002-schema';
import { messages as sk022 } from '../rules/SK022-literal-credential';
import { messages as sk081 } from '../rules/SK081-header-control';

/** Credential fields that must be secret references. */
const SECRET_FIELDS = ['token', 'value', 'password', 'clientSecret'];

export function analyzeAuth(ctx: FileFindings, v: Record<string, unknown>, base: Omit<AuthSummary, 'kind' | 'envs' | 'secretsByEnv'>): AuthSummary {
  const s: AuthSummary = { ...base, kind: 'auth', type: str(v.type), name: str(v.name), envs: [], secretsByEnv: {} };
  if (v.type !== undefined) s.typeRange = ctx.value(['type']);
  const envs = isRecord(v.environments) ? v.environments : {};
  for (const env of ENVIRONMENTS) {
    const creds = envs[env];
    if (!isRecord(creds)) continue;
    s.envs.push(env);
    const refs: Ref[] = [];
    collectSecretRefs(ctx, creds, ['environments', env], refs);
    s.secretsByEnv[env] = [...new Set(refs.map((r) => r.target))].sort();
    for (const [field, value] of Object.entries(creds)) {
      if (typeof value !== 'string' || value === '') continue;
      const path = ['environments', env, field];
      if (SECRET_FIELDS.includes(field) || looksLikeCredential(value)) {
        ctx.add('SK022', ctx.value(path), sk022.credential(field, env), { field, env });
      }
    }
    if (creds.in === 'header' && typeof creds.name === 'string' && CLIENT_OWNED_HEADERS.has(creds.name.toLowerCase())) {
      ctx.add('SK081', ctx.value(['environments', env, 'name']), sk081.apiKeyInClientHeader(creds.name));
    }
    if (v.type === 'api-key' && typeof creds.value === 'string' && BEARER_PREFIX.test(creds.value)) {
      (s.bearerPrefixed ??= {})[env] = ctx.value(['environments', env, 'value']);
    }
    if (
      typeof creds.tokenUrl === 'string' &&
      checkNoControl(ctx, creds.tokenUrl, ['environments', env, 'tokenUrl'], 'tokenUrl') &&
      !isHttpUrl(creds.tokenUrl)
    ) {
      ctx.add('SK002', ctx.value(['environments', env, 'tokenUrl']), sk002.tokenUrl(creds.tokenUrl));
    }
  }
  return s;
}
