import type { Shape } from './shape';
import type { FileKind, Range } from './types';

/** A reference from one file to something another file defines, with the range of the referring node. */
export interface Ref {
  target: string;
  range: Range;
}

/**
 * What the workspace index keeps of a file after parsing it: ids, references with ranges and shapes.
 * Cross-file rules and editor features read these, never the YAML tree.
 */
interface SummaryBase {
  uri: string;
  id: string;
  /** The range that names the file as a whole (its first key). */
  idRange: Range;
  secretRefs: Ref[];
}

export interface SlotSummary {
  env: string;
  range: Range;
  baseUrl?: string;
  auth?: Ref;
}

export interface IntegrationSummary extends SummaryBase {
  kind: 'integration';
  integrationKind?: string;
  name?: string;
  slots: SlotSummary[];
  /** Range of the `environments` key, when present. */
  environmentsRange?: Range;
  url?: string;
  auth?: Ref;
}

export interface ActionSummary extends SummaryBase {
  kind: 'action';
  integration?: Ref;
  nameRange?: Range;
  shape: Shape;
  /** Key ranges of the shape's fields and of each header / output variable (`headers.X`, `outputVariables.N`). */
  fieldRanges: Record<string, Range>;
}

export interface AuthSummary extends SummaryBase {
  kind: 'auth';
  type?: string;
  name?: string;
  typeRange?: Range;
  envs: string[];
  /** The secret names each environment's credentials reference, sorted (the side bar shows them per slot). */
  secretsByEnv: Record<string, string[]>;
  /** Per environment, the literal api-key `value` that starts with `Bearer ` (SK020 where a Telnyx channel uses it). */
  bearerPrefixed?: Record<string, Range>;
}

export interface AgentActionSummary {
  index: number;
  /** Range naming the action: its `link` or `name` value, else its first key. */
  range: Range;
  /** When the `link` or `name` is merged in from an anchor (`<<`), the first own key of the action item (where its code lens goes). */
  itemRange?: Range;
  link?: Ref;
  type?: string;
  name?: string;
  nameRange?: Range;
  /** Agent-specific actions: their description (a binding's is its shared action's). */
  description?: string;
  method?: string;
  auth?: Ref;
  /** api-call: the secrets its headers reference (the environment matrix checks they have values). */
  headerSecrets?: Ref[];
  channel?: Ref;
  /** Properties of its parameters schema (undefined: no parameters). */
  parameterNames?: string[];
  parametersRange?: Range;
  bodyTemplateRange?: Range;
  phasesRange?: Range;
  allowedStates?: Ref[];
}

export interface AgentSummary extends SummaryBase {
  kind: 'agent';
  name?: string;
  description?: string;
  status?: string;
  states: Ref[];
  strictStateSeparation: boolean;
  actions: AgentActionSummary[];
}

export interface LockEntrySummary {
  fullId: string;
  keyRange: Range;
  shape: Shape;
  lockedAt?: string;
}

export interface AgentLockSummary extends SummaryBase {
  kind: 'agentLock';
  lockedAt?: string;
  entries: LockEntrySummary[];
}

export interface ToolSummary {
  name: string;
  nameRange: Range;
  description?: string;
  inputSchema?: unknown;
  execution?: { taskSupport: 'optional' | 'required' };
}

export interface ToolsLockSummary extends SummaryBase {
  kind: 'toolsLock';
  discoveredAt?: string;
  tools: ToolSummary[];
}

/** A secret declared in stellar.yaml, with its description (never a value: files hold none). */
export interface SecretDecl extends Ref {
  description?: string;
}

export interface ManifestSummary extends SummaryBase {
  kind: 'manifest';
  secrets: SecretDecl[];
  secretsRange?: Range;
}

export type Summary = IntegrationSummary | ActionSummary | AuthSummary | AgentSummary | AgentLockSummary | ToolsLockSummary | ManifestSummary;

export type SummaryOf<K extends FileKind> = Extract<Summary, { kind: K }>;
