/**
 * What the environment matrix reads for one answer (service/matrix.ts): each file's errors, parse and value, and
 * the verdict of each slot, connector and MCP server, made once however many actions of however many agents use
 * them. Pure, like the rest of the core.
 */
import { find } from './lookup';
import { authOf } from './run/planParts';
import { isRecord } from './kinds/common';
import type { AuthSummary, IntegrationSummary, Ref } from './summary';
import { ENVIRONMENTS, type Environment, type Finding, type Range } from './types';
import type { WorkspaceIndex } from './workspace';
import { objectRangeAt, parseYamlCached, valueRangeAt, type YamlFile } from './yamlFile';

export interface MatrixOptions {
  /** True when the secret has a value for the environment on this machine, false when not, undefined when unknown. */
  secretIsSet(name: string, env: Environment): boolean | undefined;
  /** Appended to an unset secret's warning: where to set it (CLI: the environment variables; editor: Set Secret). */
  howToSet?(name: string, env: Environment): string;
}

/** What stops or may stop one action; `env` undefined: every environment. */
export interface Issue {
  env?: Environment;
  warning?: boolean;
  message: string;
  uri: string;
  range: Range;
}

export function unreadable(what: string, range: Range, uri: string, env?: Environment): Issue {
  return { env, message: `The file of ${what} cannot be read: fix its findings first.`, uri, range };
}

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);

/** What the issues of a slot, connector or server come to: `ok` false when they block. */
export interface Verdict {
  ok: boolean;
  issues: Issue[];
}

/**
 * One matrix's reads of the index: errors, parses and file values per file, and the verdict of each slot and
 * connector, each made once however many actions of however many agents use them.
 */
export class Reader {
  private readonly errorCache = new Map<string, Finding[]>();
  private readonly files = new Map<string, YamlFile>();
  private readonly slots = new Map<string, Verdict>();
  private readonly connectors = new Map<string, Verdict>();
  private readonly servers = new Map<string, Issue[]>();

  constructor(
    readonly index: WorkspaceIndex,
    private readonly options: MatrixOptions,
  ) {}

  private readonly relative = new Map<string, string>();
  file(uri: string): string {
    let f = this.relative.get(uri);
    if (f === undefined) this.relative.set(uri, (f = fileIn(this.index.rootUri, uri)));
    return f;
  }

  errors(uri: string): Finding[] {
    let e = this.errorCache.get(uri);
    if (!e) this.errorCache.set(uri, (e = this.index.findings(uri).filter((f) => f.severity === 'error')));
    return e;
  }

  parsed(uri: string): YamlFile {
    let f = this.files.get(uri);
    if (!f) this.files.set(uri, (f = parseYamlCached(uri, this.index.text(uri) ?? '')));
    return f;
  }

  value(uri: string): Record<string, unknown> | undefined {
    const v = this.parsed(uri).value;
    return isRecord(v) ? v : undefined;
  }

  /** The integration's slot for `env`: present, without errors, its connector with credentials there. */
  slot(integration: IntegrationSummary, env: Environment): Verdict {
    const k = `${integration.uri}\0${env}`;
    let v = this.slots.get(k);
    if (!v) this.slots.set(k, (v = this.slotVerdict(integration, env)));
    return v;
  }

  private slotVerdict(integration: IntegrationSummary, env: Environment): Verdict {
    const slot = integration.slots.find((s) => s.env === env);
    const what = integration.integrationKind === 'messaging-channel' ? 'messaging channel' : 'integration';
    if (!slot) {
      const have = integration.slots.map((s) => s.env);
      const message = `${capital(what)} '${integration.id}' has no ${env} slot${have.length ? ` (it has ${have.join(', ')})` : ''}. Add environments.${env} to ${integration.id}.integration.yaml.`;
      return { ok: false, issues: [{ env, message, uri: integration.uri, range: integration.environmentsRange ?? integration.idRange }] };
    }
    // SK020 (unknown or unsuitable connector, 'Bearer ' in a Telnyx key), SK023 (no credentials for env), SK002...
    const errors = this.errors(integration.uri);
    const slotRange = errors.length ? (valueRangeAt(this.parsed(integration.uri), ['environments', env]) ?? slot.range) : slot.range;
    const issues: Issue[] = errors
      .filter((f) => within(f.range, slotRange) || within(f.range, slot.range))
      .map((f) => ({ env, message: `${capital(what)} '${integration.id}': ${f.message}`, uri: f.uri, range: f.range }));
    if (issues.length) return { ok: false, issues };
    if (integration.integrationKind === 'custom-api' && !slot.baseUrl)
      return {
        ok: false,
        issues: [{ env, message: `Integration '${integration.id}': the ${env} slot has no valid baseUrl.`, uri: integration.uri, range: slot.range }],
      };
    if (!slot.auth) return { ok: true, issues: [] };
    return this.connector(slot.auth.target, env, integration.id, slot.auth.range, integration.uri);
  }

  /** An MCP server: its url and its connector's credentials per environment (one server for every environment). */
  mcp(integration: IntegrationSummary): Issue[] {
    let v = this.servers.get(integration.uri);
    if (v) return v;
    v = this.errors(integration.uri).map((f) => ({ message: `MCP server '${integration.id}': ${f.message}`, uri: f.uri, range: f.range }));
    if (!v.length && !integration.url)
      v.push({ message: `MCP server '${integration.id}' has no valid url.`, uri: integration.uri, range: integration.idRange });
    const auth = integration.auth;
    if (!v.length && auth) for (const env of ENVIRONMENTS) v.push(...this.connector(auth.target, env, integration.id, auth.range, integration.uri).issues);
    this.servers.set(integration.uri, v);
    return v;
  }

  /**
   * The auth connector `id` (named at `range` of `uri` by `user`) has usable credentials for `env` (the run plan's
   * own check); their secrets are checked for values.
   */
  connector(id: string, env: Environment, user: string, range: Range, uri: string): Verdict {
    const k = [id, env, user, uri, range.start.line, range.start.character].join('\0');
    let v = this.connectors.get(k);
    if (v) return v;
    const summary = find.auth(this.index.lookup, id);
    if (!summary) {
      // A missing connector is SK020 on the reference (reported with the item's or slot's errors); one that does not parse reports itself.
      v = { ok: false, issues: find.authExists(this.index.lookup, id) ? [unreadable(`auth connector '${id}'`, range, uri, env)] : [] };
    } else {
      const plan = authOf(this.index, id, env, user);
      if (typeof plan === 'string') v = { ok: false, issues: [{ env, message: plan, uri, range }] };
      else {
        v = { ok: true, issues: [] };
        for (const name of summary.secretsByEnv[env] ?? [])
          this.secret(v.issues, name, env, `auth connector '${id}'`, summary.uri, () => this.credentialRef(summary, env, name));
      }
    }
    this.connectors.set(k, v);
    return v;
  }

  /**
   * The secrets of the integration's headers that an action overriding the header names in `own` (lower case) still
   * sends. Integrations reference secrets in their headers only, so the file is read only when there are both.
   */
  integrationHeaderSecrets(integration: IntegrationSummary, own: Set<string>): Ref[] {
    if (integration.secretRefs.length === 0 || own.size === 0) return integration.secretRefs;
    const headers = this.value(integration.uri)?.headers;
    const overridden = new Set<string>();
    if (isRecord(headers))
      for (const [k, v] of Object.entries(headers)) if (own.has(k.toLowerCase()) && isRecord(v) && typeof v.secret === 'string') overridden.add(v.secret);
    return integration.secretRefs.filter((r) => !overridden.has(r.target));
  }

  /** A warning in `out` when the secret `name` has no value for `env` here; `at` is where it is referenced. */
  secret(out: Issue[], name: string, env: Environment, where: string, uri: string, at: Range | (() => Range)): void {
    if (out.some((i) => i.warning && i.env === env && i.uri === uri && i.message.startsWith(`Secret '${name}' (${where})`))) return;
    if (this.options.secretIsSet(name, env) !== false) return;
    const hint = this.options.howToSet?.(name, env);
    out.push({
      env,
      warning: true,
      message: `Secret '${name}' (${where}) has no ${env} value on this machine, so a run from here would fail${hint ? `: ${hint}` : ''}.`,
      uri,
      range: typeof at === 'function' ? at() : at,
    });
  }

  /** Where a connector's credentials for `env` reference `name` (merged content may sit elsewhere: then its first reference). */
  private credentialRef(auth: AuthSummary, env: Environment, name: string): Range {
    const refs = auth.secretRefs.filter((r) => r.target === name);
    const file = this.parsed(auth.uri);
    const at = valueRangeAt(file, ['environments', env]);
    return (at && refs.find((r) => within(r.range, at)))?.range ?? refs[0]?.range ?? objectRangeAt(file, ['environments', env]);
  }
}

export function within(inner: Range, outer: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** A uri below the workspace folder as a relative path (percent-decoded segments), else the uri itself. */
export function fileIn(rootUri: string, uri: string): string {
  const prefix = rootUri.endsWith('/') ? rootUri : rootUri + '/';
  if (!uri.startsWith(prefix)) return uri;
  return uri
    .slice(prefix.length)
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}
