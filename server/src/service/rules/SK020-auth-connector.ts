import type { Range } from 'vscode-languageserver-types';
import { closest } from '../closest';
import { createAuthStub, replaceValue, stripBearer } from '../features/fixEdits';
import { summariesOf } from '../features/queries';
import { find, type Lookup } from '../lookup';
import type { AuthSummary, Ref } from '../summary';
import { type AddFinding, defineRule, type FixContext, type QuickFix, related } from './rule';

/** A Telnyx key written with 'Bearer ': the finding points at the key, and stripping it is the only fix offered. */
function bearerPrefixed({ data }: FixContext): { uri: string; range: Range } | undefined {
  const prefixed = data.bearerPrefixed as { uri?: unknown; range?: Range } | undefined;
  return prefixed && typeof prefixed.uri === 'string' && prefixed.range ? { uri: prefixed.uri, range: prefixed.range } : undefined;
}

export function removeBearerPrefix(): QuickFix {
  return {
    title: "Remove 'Bearer ' from the key",
    createCodeAction(ctx) {
      const prefixed = bearerPrefixed(ctx);
      if (prefixed)
        ctx.fix(`Remove 'Bearer ' from the key in ${prefixed.uri.replace(/^.*\//, '')}`, stripBearer(ctx.index, prefixed.uri, prefixed.range), true);
    },
  };
}

function closestConnector({ index, data }: FixContext): string | undefined {
  if (typeof data.auth !== 'string') return undefined;
  const guess = closest(
    data.auth,
    summariesOf(index, 'auth').map((a) => a.id),
  );
  return guess && guess !== data.auth ? guess : undefined;
}

export function changeToClosestConnector(): QuickFix {
  return {
    title: 'Change to the closest auth connector',
    createCodeAction(ctx) {
      const guess = bearerPrefixed(ctx) ? undefined : closestConnector(ctx);
      if (guess) ctx.fix(`Change to '${guess}'`, replaceValue(ctx.index, ctx.file, ctx.diagnostic.range, ctx.data.auth as string, guess), true);
    },
  };
}

/** A new connector file with the environments its users need; preferred when no connector is close. */
export function createConnector(): QuickFix {
  return {
    title: 'Create the auth connector',
    createCodeAction(ctx) {
      if (typeof ctx.data.auth !== 'string' || bearerPrefixed(ctx)) return;
      ctx.fix(`Create auth connector '${ctx.data.auth}'`, createAuthStub(ctx.index, ctx.file, ctx.diagnostic.range, ctx.data.auth), !closestConnector(ctx));
    },
  };
}

/** Connector types a place takes, and why (said when another type is given). */
export interface Accept {
  types: string[];
  where: string;
  why: string;
}

/** A messaging channel's slot: Telnyx takes one API key, sent as `Authorization: Bearer <key>`. */
export const CHANNEL_AUTH: Accept = {
  types: ['api-key'],
  where: "a messaging channel's slot",
  why: 'Telnyx authenticates with one API key, which Stellar sends as the Authorization header',
};

/** The connector a place names exists and is of a type the place accepts; returns it when it exists. */
export function checkAuthRef(ref: Ref, l: Lookup, add: AddFinding, place: string, accept?: Accept): ReturnType<typeof find.auth> {
  const auth = find.auth(l, ref.target);
  if (!auth) {
    if (find.authExists(l, ref.target)) return undefined; // the file exists but does not parse: it reports that itself
    add('SK020', ref.range, `${place}: auth connector '${ref.target}' does not exist. Create ${ref.target}.auth.yaml or pick an existing connector.`, [], {
      auth: ref.target,
    });
    return undefined;
  }
  if (accept && auth.type && !accept.types.includes(auth.type)) {
    const needs = accept.types.map((t) => `an ${t}`).join(' or ');
    add(
      'SK020',
      ref.range,
      `${place}: auth connector '${ref.target}' is of type ${auth.type}, but ${accept.where} needs ${needs} connector: ${accept.why}. Point it at ${needs} connector, or change '${ref.target}' to type: ${accept.types[0]}.`,
      [related(auth.uri, auth.typeRange ?? auth.idRange, `type ${auth.type}`)],
      { auth: ref.target, needs: accept.types },
    );
  }
  return auth;
}

/** A Telnyx key written with 'Bearer ': the runner sends `Bearer <key>` itself. `prefixed`: the key's range. */
export function checkBearerPrefix(env: string, ref: Ref, auth: AuthSummary, prefixed: Range, add: AddFinding): void {
  add(
    'SK020',
    ref.range,
    `${env} slot: the ${env} value of auth connector '${auth.id}' starts with 'Bearer '. Stellar Kit sends the Telnyx API key as 'Authorization: Bearer <value>', so Telnyx would get 'Bearer Bearer …' and refuse it. Write the bare API key, best as { secret: NAME }.`,
    [related(auth.uri, prefixed, `${env} value starts with 'Bearer '`)],
    { bearerPrefixed: { uri: auth.uri, range: prefixed }, env },
  );
}

/** SK020: Unknown or unsuitable auth connector. */
export const SK020 = defineRule({
  code: 'SK020',
  severity: 'error',
  title: 'Unknown or unsuitable auth connector',
  doc: "An `auth` value (an integration slot, an MCP server, an agent's `api-call`) names an auth connector\nthat does not exist, or one of a type that place does not accept: a messaging channel's slot needs an\n`api-key` connector.",
  data: { auth: 'string?', needs: 'string[]?', bearerPrefixed: 'unknown?', env: 'string?' },
  quickFixes: [removeBearerPrefix(), changeToClosestConnector(), createConnector()],
});
