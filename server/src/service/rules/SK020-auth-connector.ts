import type { Range } from 'vscode-languageserver-types';
import { closest } from '../closest';
import { createAuthStub, replaceValue, stripBearer } from '../features/fixEdits';
import { summariesOf } from '../features/queries';
import { defineRule, type FixContext, type QuickFix } from './rule';

/** A Telnyx key written with 'Bearer ': the finding points at the key, and stripping it is the only fix offered. */
function bearerPrefixed({ data }: FixContext): { uri: string; range: Range } | undefined {
  const prefixed = data.bearerPrefixed as { uri?: unknown; range?: Range } | undefined;
  return prefixed && typeof prefixed.uri === 'string' && prefixed.range ? { uri: prefixed.uri, range: prefixed.range } : undefined;
}

export const removeBearerPrefix: QuickFix = {
  title: "Remove 'Bearer ' from the key",
  createCodeAction(ctx) {
    const prefixed = bearerPrefixed(ctx);
    if (prefixed) ctx.fix(`Remove 'Bearer ' from the key in ${prefixed.uri.replace(/^.*\//, '')}`, stripBearer(ctx.index, prefixed.uri, prefixed.range), true);
  },
};

function closestConnector({ index, data }: FixContext): string | undefined {
  if (typeof data.auth !== 'string') return undefined;
  const guess = closest(data.auth, summariesOf(index, 'auth').map((a) => a.id));
  return guess && guess !== data.auth ? guess : undefined;
}

export const changeToClosestConnector: QuickFix = {
  title: 'Change to the closest auth connector',
  createCodeAction(ctx) {
    const guess = bearerPrefixed(ctx) ? undefined : closestConnector(ctx);
    if (guess) ctx.fix(`Change to '${guess}'`, replaceValue(ctx.index, ctx.file, ctx.diagnostic.range, ctx.data.auth as string, guess), true);
  },
};

/** A new connector file with the environments its users need; preferred when no connector is close. */
export const createConnector: QuickFix = {
  title: 'Create the auth connector',
  createCodeAction(ctx) {
    if (typeof ctx.data.auth !== 'string' || bearerPrefixed(ctx)) return;
    ctx.fix(`Create auth connector '${ctx.data.auth}'`, createAuthStub(ctx.index, ctx.file, ctx.diagnostic.range, ctx.data.auth), !closestConnector(ctx));
  },
};

/** SK020: Unknown or unsuitable auth connector. */
export const SK020 = defineRule({
  code: 'SK020',
  severity: 'error',
  title: 'Unknown or unsuitable auth connector',
  doc: "An `auth` value (an integration slot, an MCP server, an agent's `api-call`) names an auth connector\nthat does not exist, or one of a type that place does not accept: a messaging channel's slot needs an\n`api-key` connector.",
  data: { auth: 'string?', needs: 'string[]?', bearerPrefixed: 'unknown?', env: 'string?' },
  quickFixes: [removeBearerPrefix, changeToClosestConnector, createConnector],
});
