/**
 * The destination policy: which addresses a run may connect to. Every outgoing request (API calls, OAuth2
 * token requests, MCP, Telnyx) goes through one undici connector that checks the host literal before
 * connecting and every address DNS gives for a name before using it. Link-local, cloud metadata and
 * unspecified addresses are always refused; private ones unless the environment allows them; loopback is
 * allowed (local development).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { buildConnector } from 'undici';

export interface DestinationPolicy {
  /** Allow private addresses (10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7): chosen per environment, outside the repository. */
  allowPrivateNetwork?: boolean;
  /** Name resolution (tests inject one); default: the system's (dns.lookup). */
  lookup?: LookupFunction;
  /** CA certificates (PEM) trusted instead of the system ones, for a local https stand-in (tests). */
  ca?: string | string[];
}

export type AddressKind = 'cloud metadata' | 'link-local' | 'unspecified' | 'multicast or broadcast' | 'private' | 'loopback' | 'public';

/** Names that are cloud metadata endpoints whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata']);

/** IPv4 in any inet_aton spelling (decimal, octal, hex, 1 to 4 parts) to its four bytes; undefined when not one. */
export function parseIPv4(s: string): number[] | undefined {
  const parts = s.split('.');
  if (parts.length < 1 || parts.length > 4) return undefined;
  const nums: number[] = [];
  for (const p of parts) {
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(p)) n = p.length === 2 ? 0 : parseInt(p.slice(2), 16);
    else if (/^0[0-7]+$/.test(p)) n = parseInt(p, 8);
    else if (/^(0|[1-9][0-9]*)$/.test(p)) n = Number(p);
    else return undefined;
    nums.push(n);
  }
  const last = nums.pop()!;
  if (nums.some((n) => n > 255) || last >= 256 ** (4 - nums.length)) return undefined;
  const bytes = [...nums];
  for (let i = 3 - nums.length; i >= 0; i--) bytes.push(Math.floor(last / 256 ** i) % 256);
  return bytes;
}

/** IPv6 text (with an embedded IPv4 tail, a zone or brackets) to eight 16-bit groups; undefined when not one. */
export function parseIPv6(text: string): number[] | undefined {
  let s = text.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!s.includes(':')) return undefined;
  const v4 = /:(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4) {
    const b = v4[1].split('.').map(Number);
    if (b.some((n) => n > 255)) return undefined;
    s = `${s.slice(0, v4.index + 1)}${(b[0] * 256 + b[1]).toString(16)}:${(b[2] * 256 + b[3]).toString(16)}`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string) => (h === '' ? [] : h.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  if ([...head, ...rest].some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const fill = 8 - head.length - rest.length;
  if (halves.length === 1 ? fill !== 0 : fill < 1) return undefined;
  const out = [...head.map((g) => parseInt(g, 16)), ...Array(halves.length === 2 ? fill : 0).fill(0), ...rest.map((g) => parseInt(g, 16))];
  return out;
}

function kindOfIPv4([a, b, c, d]: number[]): AddressKind {
  if (a === 169 && b === 254 && c === 169 && d === 254) return 'cloud metadata';
  if (a === 100 && b === 100 && c === 100 && d === 200) return 'cloud metadata';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 0) return 'unspecified';
  if (a === 127) return 'loopback';
  if (a >= 224) return 'multicast or broadcast';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127)) return 'private';
  return 'public';
}

function kindOfIPv6(g: number[]): AddressKind {
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  // IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
  const v4 = [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255];
  if (zeros(5) && g[5] === 0xffff) return kindOfIPv4(v4);
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return kindOfIPv4(v4);
  if (zeros(7) && g[7] === 0) return 'unspecified';
  if (zeros(7) && g[7] === 1) return 'loopback';
  if (zeros(6) && (g[6] !== 0 || g[7] > 1)) return kindOfIPv4(v4);
  if (g[0] === 0xfd00 && g[1] === 0xec2 && g.slice(2, 7).every((x) => x === 0) && g[7] === 0x254) return 'cloud metadata';
  if ((g[0] & 0xffc0) === 0xfe80) return 'link-local';
  if ((g[0] & 0xff00) === 0xff00) return 'multicast or broadcast';
  if ((g[0] & 0xfe00) === 0xfc00 || (g[0] & 0xffc0) === 0xfec0) return 'private';
  return 'public';
}

/** What a host (an IP literal in any spelling, or a name) is; a name that is not a metadata name is 'public' until resolved. */
export function addressKind(host: string): AddressKind {
  const h = host.toLowerCase().replace(/\.$/, '');
  if (METADATA_NAMES.has(h)) return 'cloud metadata';
  const v6 = parseIPv6(h);
  if (v6) return kindOfIPv6(v6);
  const v4 = parseIPv4(h);
  if (v4) return kindOfIPv4(v4);
  return 'public';
}

const WHY: Partial<Record<AddressKind, string>> = {
  'cloud metadata': 'a cloud metadata address: it hands out the credentials of the machine it runs on',
  'link-local': 'a link-local address (169.254.0.0/16, fe80::/10), where cloud metadata services live',
  unspecified: 'an unspecified address (0.0.0.0, ::), which reaches this machine in unexpected ways',
  'multicast or broadcast': 'a multicast or broadcast address',
  private:
    'a private network address; to reach it deliberately, allow private networks for this environment (stellar-kit --allow-private-network, or the user setting stellarKit.run.allowPrivateNetwork)',
};

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64), or the canonical IPv4 of another spelling, to name it. */
function plainIPv4(host: string): string | undefined {
  const g = parseIPv6(host);
  if (g) {
    const carries =
      (g.slice(0, 5).every((x) => x === 0) && (g[5] === 0xffff || (g[5] === 0 && (g[6] !== 0 || g[7] > 1)))) ||
      (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0));
    return carries ? [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.') : undefined;
  }
  const v4 = parseIPv4(host)?.join('.');
  return v4 && v4 !== host ? v4 : undefined;
}

/** Why `host` (as written, or as resolved from `name`) may not be contacted; undefined when it may. */
export function refusal(host: string, policy: DestinationPolicy = {}, name?: string): string | undefined {
  const kind = addressKind(host);
  if (kind === 'public' || kind === 'loopback' || (kind === 'private' && policy.allowPrivateNetwork)) return undefined;
  const v4 = plainIPv4(host);
  const shown = v4 ? `${host} (${v4})` : host;
  if (name && name.toLowerCase() !== host.toLowerCase()) return `'${name}' resolves to ${shown}, ${WHY[kind]}`;
  return `${shown} is ${WHY[kind]}`;
}

/** Why the host of `url` may not be contacted, before any connection; undefined when it may (names are checked again once resolved). */
export function urlRefusal(url: URL | string, policy: DestinationPolicy = {}): string | undefined {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const why = refusal(host, policy);
  // Name the host as written too when the URL parser rewrote it (2852039166, 0251.0376.0251.0376, 0xa9.254.169.254).
  const written = typeof url === 'string' ? /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url)?.[1] : undefined;
  return why && written && written.replace(/^\[|\]$/g, '').toLowerCase() !== host.toLowerCase() ? `${why} (written '${written}')` : why;
}

/** A refused destination, thrown by the connector before any connection is made. */
export class DestinationRefused extends Error {
  readonly code = 'STELLAR_DESTINATION_REFUSED';
}

/** A lookup that fails when any address given for the name is refused (so no connection can pick one). */
export function checkedLookup(policy: DestinationPolicy): LookupFunction {
  const base = policy.lookup ?? (dnsLookup as unknown as LookupFunction);
  return ((hostname: string, options: object, callback: (err: Error | null, address: string | LookupAddress[], family?: number) => void) => {
    base(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0);
      const list = (
        Array.isArray(addresses) ? addresses : [{ address: addresses as unknown as string, family: isIP(addresses as unknown as string) }]
      ) as LookupAddress[];
      for (const a of list) {
        const why = refusal(a.address, policy, hostname);
        if (why) return callback(new DestinationRefused(why), '', 0);
      }
      if (list.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
      if ((options as { all?: boolean }).all) return callback(null, list);
      callback(null, list[0].address, list[0].family);
    });
  }) as LookupFunction;
}

/** undici's connector with the policy: the host literal is checked before connecting, names after resolution. */
export function policyConnector(policy: DestinationPolicy, timeoutMs: number): buildConnector.connector {
  const base = buildConnector({ timeout: timeoutMs, lookup: checkedLookup(policy), ...(policy.ca ? { ca: policy.ca } : {}) } as buildConnector.BuildOptions);
  return (opts, cb) => {
    const why = refusal(opts.hostname, policy);
    if (why) return cb(new DestinationRefused(why), null);
    base(opts, cb);
  };
}
