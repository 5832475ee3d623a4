import { idOf, ID_PATTERN } from './files';
import { analyzeAction } from './kinds/action';
import { analyzeAgent } from './kinds/agent';
import { analyzeAuth } from './kinds/auth';
import { collectSecretRefs, Ctx, isRecord } from './kinds/common';
import { analyzeIntegration } from './kinds/integration';
import { analyzeAgentLock, analyzeManifest, analyzeToolsLock } from './kinds/locks';
import { checkSchema, kindLabel } from './schemaCheck';
import type { Ref, Summary } from './summary';
import type { FileKind, Finding, Position, Range } from './types';
import { objectRangeAt, parseYamlFile, valueRangeAt, type YamlFile } from './yamlFile';

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
  const file = parseYamlFile(uri, text);
  const result = analyzeParsed(file, kind);
  // A finding on a node that holds a syntax error is a consequence of that error, and past an unclosed
  // quote or bracket the whole tree is guesswork: report the syntax errors alone there.
  const syntax = result.local.filter((f) => f.code === 'SK001' && f.severity === 'error');
  if (file.unreliableFrom !== undefined) result.local = result.local.filter((f) => f.code === 'SK001');
  else if (syntax.length) result.local = result.local.filter((f) => f.code === 'SK001' || !syntax.some((e) => contains(f.range, e.range.start) || missesFieldAround(file, f, e.range.start)));
  return result;
}

/** A missing field of a map that holds a syntax error: the parser may have dropped the field there. */
function missesFieldAround(file: YamlFile, f: Finding, p: Position): boolean {
  const at = (f.data as { missing?: string; at?: (string | number)[] } | undefined)?.at;
  if (!Array.isArray(at)) return false;
  const map = valueRangeAt(file, at);
  return map !== undefined && contains(map, p);
}

function contains(r: Range, p: Position): boolean {
  const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character < b.character);
  return !before(p, r.start) && before(p, r.end);
}

function analyzeParsed(file: YamlFile, kind: FileKind): FileAnalysis {
  const uri = file.uri;
  const id = idOf(uri);
  const ctx = new Ctx(file);
  ctx.findings.push(...file.findings);
  const result: FileAnalysis = { uri, kind, id, summary: undefined, local: ctx.findings };
  if (kind !== 'workspace' && !ID_PATTERN.test(id)) {
    ctx.add('SK002', 'error', objectRangeAt(file, []), `File name '${id}' is not a valid ${kindLabel(kind)} id: ids are lower-case letters, digits, '_' and '-', starting with a letter or digit. Rename the file.`);
  }
  ctx.findings.push(...checkSchema(file, kind));
  const v = file.value;
  if (!isRecord(v)) return result;

  const secretRefs: Ref[] = [];
  // Locks record shapes as they were, secret references included; they never resolve them.
  if (kind !== 'agentLock' && kind !== 'toolsLock') collectSecretRefs(ctx, v, [], secretRefs);
  const base = { uri, id, idRange: objectRangeAt(file, []), secretRefs };
  switch (kind) {
    case 'integration': result.summary = analyzeIntegration(ctx, v, base); break;
    case 'action': result.summary = analyzeAction(ctx, v, base); break;
    case 'auth': result.summary = analyzeAuth(ctx, v, base); break;
    case 'agent': result.summary = analyzeAgent(ctx, v, base); break;
    case 'agentLock': result.summary = analyzeAgentLock(ctx, v, base); break;
    case 'toolsLock': result.summary = analyzeToolsLock(ctx, v, base); break;
    case 'workspace': result.summary = analyzeManifest(ctx, v, base); break;
  }
  return result;
}
