import type { FileFindings } from '../kinds/common';
import { defineRule } from './rule';

/** A shared action's path: relative, static, starting with '/'. */
export function checkSharedPath(ctx: FileFindings, path: string): void {
  const at = ctx.value(['path']);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path) || path.startsWith('//')) {
    ctx.add(
      'SK082',
      at,
      `path '${path}' is absolute: a shared action's path is relative to each environment's baseUrl, so the same action works in development, staging and production. Move the origin to the integration's baseUrl and keep only the path (e.g. /invoices).`,
    );
  } else if (/\{\{|\{[^}]*\}/.test(path)) {
    ctx.add(
      'SK082',
      at,
      `path '${path}' has placeholders: a shared action's path is static. Send the value as a parameter instead (query for GET/DELETE, body for POST/PUT/PATCH).`,
    );
  } else if (!path.startsWith('/')) {
    ctx.add('SK082', at, `path '${path}' must start with '/' (it is appended to the environment's baseUrl): write '/${path}'.`);
  }
}

export function apiCallUrlMessage(label: string, url: string): string {
  return `${label}: url '${url}' is not an absolute http(s) URL. An agent-specific API call has no integration base URL; write the full URL (e.g. https://api.example.com/orders).`;
}

/** SK082: Invalid action path or URL. */
export const SK082 = defineRule({
  code: 'SK082',
  severity: 'error',
  title: 'Invalid action path or URL',
  doc: "A shared action's `path` is absolute (`https://…`), has placeholders (`/invoices/{id}` or\n`{{ … }}`), or does not start with `/`. The path is appended to each environment's `baseUrl` and is\nstatic; values travel as parameters (query for GET and DELETE, body for POST, PUT and PATCH). An\nagent's `api-call` `url` must be an absolute http(s) URL: it has no base URL.",
  data: {},
});
