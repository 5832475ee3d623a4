import { idOf, ID_PATTERN } from './files';
import { allRules, registerRules } from './rules';
import { messages as sk002, structureMessage } from './rules/SK002-schema';
import { analyzeAction } from './kinds/action';
import { analyzeAgent } from './kinds/agent';
import { analyzeAuth } from './kinds/auth';
import { collectSecretRefs, FileFindings, isRecord } from './kinds/common';
import { analyzeIntegration } from './kinds/integration';
import { analyzeAgentLock, analyzeManifest, analyzeToolsLock } from './kinds/locks';
import { capFindings, sortFindings } from './limits';
import { checkSchema, kindLabel } from './schemaCheck';
import type { Ref, Summary } from './summary';
import type { FileKind, Finding, Position, Range } from './types';
import { objectRangeAt, parseYamlCached, valueRangeAt, type YamlFile } from './yamlFile';

// Every rule of the registry, so that each finding code's severity is known before a check runs.
registerRules(allRules());

/** A file after one parse: what the index keeps (summary) and the findings that depend on it alone. */
export interface FileAnalysis {
  uri: string;
  kind: FileKind;
  id: string;
  /** Undefined when the file is not a map (its findings say why). */
  summary: Summary | undefined;
  local: Finding[];
}

export function analyzeFile(uri: string, text: string, kind: FileKind): FileAnalysis {
  const file = parseYamlCached(uri, text);
  const result = analyzeParsed(file, kind);
  // A finding on a node that holds a syntax error is a consequence of that error, and past an unclosed
  // quote or bracket the whole tree is guesswork: report the syntax errors alone there.
  const syntax = result.local
    .filter((f) => f.code === 'SK001' && f.severity === 'error')
    .map((f) => f.range.start)
    .sort(compare);
  if (file.unreliableFrom !== undefined) result.local = result.local.filter((f) => f.code === 'SK001');
  else if (syntax.length) result.local = result.local.filter((f) => f.code === 'SK001' || !(holdsOneOf(f.range, syntax) || missesFieldAround(file, f, syntax)));
  // At most LIMITS.findingsPerFile (the index caps again once the cross-file findings join them).
  result.local = capFindings(sortFindings(result.local));
  return result;
}

/** A missing field of a map that holds a syntax error: the parser may have dropped the field there. */
function missesFieldAround(file: YamlFile, f: Finding, syntaxStarts: Position[]): boolean {
  const at = (f.data as { missing?: string; at?: (string | number)[] } | undefined)?.at;
  if (!Array.isArray(at)) return false;
  const map = valueRangeAt(file, at);
  return map !== undefined && holdsOneOf(map, syntaxStarts);
}

const compare = (a: Position, b: Position) => a.line - b.line || a.character - b.character;

/** True when `r` holds one of the ascending positions `starts` (binary search: a file may have 100,000). */
function holdsOneOf(r: Range, starts: Position[]): boolean {
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compare(starts[mid], r.start) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo < starts.length && compare(starts[lo], r.end) < 0;
}

function analyzeParsed(file: YamlFile, kind: FileKind): FileAnalysis {
  const uri = file.uri;
  const id = idOf(uri);
  const ctx = new FileFindings(file);
  for (const f of file.findings) ctx.findings.push(f);
  for (const { range, problem } of file.structure) ctx.add('SK002', range, structureMessage(problem));
  const result: FileAnalysis = { uri, kind, id, summary: undefined, local: ctx.findings };
  if (kind !== 'manifest' && !ID_PATTERN.test(id)) {
    ctx.add('SK002', objectRangeAt(file, []), sk002.fileName(id, kindLabel(kind)));
  }
  for (const f of checkSchema(file, kind)) ctx.findings.push(f);
  const v = file.value;
  if (!isRecord(v)) return result;

  const secretRefs: Ref[] = [];
  // Locks record shapes as they were, secret references included; they never resolve them.
  if (kind !== 'agentLock' && kind !== 'toolsLock') collectSecretRefs(ctx, v, [], secretRefs);
  const base = { uri, id, idRange: objectRangeAt(file, []), secretRefs };
  switch (kind) {
    case 'integration':
      result.summary = analyzeIntegration(ctx, v, base);
      break;
    case 'action':
      result.summary = analyzeAction(ctx, v, base);
      break;
    case 'auth':
      result.summary = analyzeAuth(ctx, v, base);
      break;
    case 'agent':
      result.summary = analyzeAgent(ctx, v, base);
      break;
    case 'agentLock':
      result.summary = analyzeAgentLock(ctx, v, base);
      break;
    case 'toolsLock':
      result.summary = analyzeToolsLock(ctx, v, base);
      break;
    case 'manifest':
      result.summary = analyzeManifest(ctx, v, base);
      break;
  }
  return result;
}
