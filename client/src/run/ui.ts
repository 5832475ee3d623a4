/** What the run flows need from the editor, injected so the flows run (and are tested) without VS Code. */
import type { McpOptions } from '../../../server/src/runner/index';
import type { Secrets } from '../secrets';
import type { CredentialOrigins } from './origins';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface InputOptions {
  title: string;
  prompt?: string;
  placeHolder?: string;
  password?: boolean;
  /** Returns an error message for an unacceptable value, undefined when fine. */
  validate?: (value: string) => string | undefined;
}

export interface Ui {
  pick<T>(title: string, items: PickItem<T>[]): Promise<T | undefined>;
  input(options: InputOptions): Promise<string | undefined>;
  /** A modal question; true only when the user chose `action`. */
  confirm(message: string, action: string): Promise<boolean>;
  /** Shows a read-only document. */
  show(title: string, text: string): Promise<void>;
  error(message: string): void;
  info(message: string): void;
}

/** Key-value storage for secret values (VS Code's SecretStorage in the extension). */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>;
  store(key: string, value: string): PromiseLike<void>;
  delete(key: string): PromiseLike<void>;
}

/** What Run Action and Discover Tools both take: the UI, the secrets, trust, the log and the sending options. */
export interface FlowBase {
  ui: Ui;
  secrets: Secrets;
  isTrusted: () => boolean;
  log: (line: string) => void;
  /** Limits and the token cache for sendPlan, callTool and discoverTools. */
  send?: Partial<Omit<McpOptions, 'secrets' | 'redactor'>>;
  /** Where each secret was sent; asked before one goes to a new origin (run/origins.ts). */
  origins?: CredentialOrigins;
  /** True when the user allowed private network addresses for the environment (setting stellarKit.run.allowPrivateNetwork). */
  allowPrivateNetwork?: (environment: string) => boolean;
}

/** The sending options of a run in `environment`: the flow's, with private networks allowed when the user said so. */
export function sendOptions(deps: FlowBase, environment: string): Partial<Omit<McpOptions, 'secrets' | 'redactor'>> {
  const limits = { ...deps.send?.limits };
  if (deps.allowPrivateNetwork?.(environment)) limits.destination = { ...limits.destination, allowPrivateNetwork: true };
  return { ...deps.send, limits };
}

/** Logs and shows an error, and is the outcome a flow returns for it. */
export function failed(deps: Pick<FlowBase, 'ui' | 'log'>, message: string): { kind: 'error'; message: string } {
  deps.log(message);
  deps.ui.error(message);
  return { kind: 'error', message };
}
