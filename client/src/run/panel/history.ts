/**
 * What the Run panel remembers in the workspace state: the last form texts per action and environment, and the
 * last runs per action (what was shown, redacted and with the body capped smaller). Never a secret value:
 * everything stored has passed the run's redactor.
 */
import type { HistoryItem } from './messages';
import type { ResponseView } from './view';

export const HISTORY_SIZE = 20;

export interface KeyValue {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

export interface StoredRun extends HistoryItem {
  view?: ResponseView;
  failure?: string;
}

const valuesKey = (label: string) => `stellarKit.runPanel.values/${label}`;
const historyKey = (label: string) => `stellarKit.runPanel.history/${label}`;

export function rememberedTexts(store: KeyValue, label: string, environment: string): Record<string, string> | undefined {
  return store.get<Record<string, Record<string, string>>>(valuesKey(label))?.[environment];
}

export async function rememberTexts(store: KeyValue, label: string, environment: string, texts: Record<string, string>): Promise<void> {
  const all = store.get<Record<string, Record<string, string>>>(valuesKey(label)) ?? {};
  await store.update(valuesKey(label), { ...all, [environment]: texts });
}

export function history(store: KeyValue, label: string): StoredRun[] {
  const h = store.get<StoredRun[]>(historyKey(label));
  return Array.isArray(h) ? h : [];
}

/** Newest first, at most HISTORY_SIZE. */
export async function addRun(store: KeyValue, label: string, run: StoredRun): Promise<StoredRun[]> {
  const next = [run, ...history(store, label)].slice(0, HISTORY_SIZE);
  await store.update(historyKey(label), next);
  return next;
}

export const historyItems = (runs: StoredRun[]): HistoryItem[] =>
  runs.map(({ time, environment, status, statusClass, timingMs }) => ({ time, environment, status, statusClass, timingMs }));
