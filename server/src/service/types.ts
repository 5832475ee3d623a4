/** Plain data shared by the core, the server, the CLI and the tests. Positions are 0-based, UTF-16. */

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  uri: string;
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related: RelatedLocation[];
  /** Machine-readable details for quick fixes (never shown). */
  data?: Record<string, unknown>;
}

export type FileKind = 'manifest' | 'integration' | 'action' | 'auth' | 'agent' | 'agentLock' | 'toolsLock';

export const ENVIRONMENTS = ['development', 'staging', 'production'] as const;
export type Environment = (typeof ENVIRONMENTS)[number];

export const PHASES = ['in-call', 'post-call'] as const;

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, information: 2, hint: 3 };
