/** The Secrets view's data: each secret `stellar.yaml` declares, with its description and its uses. Pure: names only, files hold no values. */
import { manifest, usesOfSecret } from './features/queries';
import type { Range } from './types';
import type { WorkspaceIndex } from './workspace';

export interface SecretNode {
  name: string;
  description?: string;
  /** The declaration in stellar.yaml. */
  uri: string;
  range: Range;
  /** How many `{ secret: NAME }` references name it. */
  uses: number;
}

/** Declared secrets in the manifest's order; none without a stellar.yaml. */
export function secretsTree(index: WorkspaceIndex): SecretNode[] {
  const m = manifest(index);
  if (!m) return [];
  return m.secrets.map((s) => ({ name: s.target, description: s.description, uri: m.uri, range: s.range, uses: usesOfSecret(index, s.target).length }));
}
