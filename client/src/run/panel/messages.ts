/**
 * The messages between the Run panel's webview (media/runPanel.js) and the extension (run/panel/session.ts),
 * and the argument of `stellarKit.recordResponseShape`. Types only: the host and the session both import them.
 */
import type { FormField } from './form';
import type { DriftChange } from '../../../../server/src/runner/index';
import type { ResponseView } from './view';

export interface EnvironmentChoice {
  name: string;
  production: boolean;
}

/** A secret the run's auth connector (or a header) used, offered for update after a 401 or 403. */
export interface SecretRef {
  name: string;
  environment: string;
}

export interface HistoryItem {
  /** ISO time the run ended. */
  time: string;
  environment: string;
  /** `200 OK`, `tool ok`, `failed`... */
  status: string;
  statusClass: ResponseView['statusClass'] | 'failed';
  timingMs?: number;
}

/** What the panel may offer next to a result. */
export interface ResultActions {
  curl: boolean;
  raw: boolean;
  recordShape: boolean;
  updateSecrets: SecretRef[];
}

export type ToPanel =
  | {
      type: 'init';
      label: string;
      kind: 'http' | 'tool';
      environments: EnvironmentChoice[];
      environment: string;
      fields: FormField[];
      texts: Record<string, string>;
      problems: Record<string, string>;
      history: HistoryItem[];
    }
  | { type: 'texts'; environment: string; texts: Record<string, string>; problems: Record<string, string> }
  | { type: 'problems'; problems: Record<string, string> }
  | { type: 'running'; environment: string }
  | { type: 'result'; view: ResponseView; actions: ResultActions; history: HistoryItem[]; fromHistory?: boolean }
  | { type: 'failure'; message: string; actions: ResultActions; history: HistoryItem[] }
  /** How a 2xx JSON response differs from the action's recorded response shape (sent after its result). */
  | { type: 'drift'; recordedAt?: string; environment?: string; lines: string[] }
  /** Not sent (production declined, an origin not approved) or cancelled before sending. */
  | { type: 'idle'; message: string }
  | { type: 'unavailable'; message: string };

export type FromPanel =
  | { type: 'ready' }
  | { type: 'input'; environment: string; texts: Record<string, string> }
  | { type: 'environment'; environment: string; texts: Record<string, string> }
  | { type: 'send'; environment: string; texts: Record<string, string> }
  | { type: 'cancel' }
  | { type: 'copyCurl' }
  | { type: 'showRaw' }
  | { type: 'recordShape' }
  | { type: 'updateSecret'; name: string; environment: string }
  | { type: 'showHistory'; index: number };

/** What the server answers for a response and the action's recorded shape (`stellarKit/responseDrift`). */
export interface DriftAnswer {
  recordedAt?: string;
  environment?: string;
  changes: DriftChange[];
}

/** The argument of `stellarKit.recordResponseShape` (another part of Stellar Kit registers it). */
export interface RecordShapeArgs {
  /** The agent file's URI. */
  fileUri: string;
  /** The agent's action by name (a binding's name is its shared action's). */
  action: string;
  environment: string;
  status: number;
  body: string;
}
