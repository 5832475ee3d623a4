// What a full re-check from scratch says: a fresh WorkspaceIndex over the files on disk, with the
// texts of open documents instead of their files. The server's incremental results must equal it.
import { loadFolder } from '../../server/src/node/loadFolder';
import type { Finding } from '../../server/src/service/types';
import type { Diagnostic } from 'vscode-languageserver-protocol';

export interface Simple {
  code: string;
  severity: number;
  range: string;
  message: string;
}

const SEVERITY: Record<Finding['severity'], number> = { error: 1, warning: 2, information: 3, hint: 4 };

const rangeText = (r: Finding['range']) => `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;

export function simplifyFinding(f: Finding): Simple {
  return { code: f.code, severity: SEVERITY[f.severity], range: rangeText(f.range), message: f.message };
}

export function simplifyDiagnostic(d: Diagnostic): Simple {
  return { code: String(d.code), severity: d.severity ?? 0, range: rangeText(d.range), message: d.message };
}

/** Findings per uri from scratch, for every file on disk or open. */
export async function freshFindings(root: string, open: Map<string, string>): Promise<Map<string, Simple[]>> {
  const { index } = await loadFolder(root);
  for (const [uri, text] of open) index.setFile(uri, text);
  const out = new Map<string, Simple[]>();
  for (const uri of index.uris()) out.set(uri, index.findings(uri).map(simplifyFinding));
  return out;
}
