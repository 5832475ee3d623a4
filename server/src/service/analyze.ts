import { idOf, ID_PATTERN } from './files';
import { analyzeAction } from './kinds/action';
import { analyzeAgent } from './kinds/agent';
import { analyzeAuth } from './kinds/auth';
import { collectSecretRefs, Ctx, isRecord } from './kinds/common';
import { analyzeIntegration } from './kinds/integration';
import { analyzeAgentLock, analyzeManifest, analyzeToolsLock } from './kinds/locks';
import { checkSchema, kindLabel } from './schemaCheck';
import type { Ref, Summary } from './summary';
import type { FileKind, Finding } from './types';
import { objectRangeAt, parseYamlFile } from './yamlFile';

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
  collectSecretRefs(ctx, v, [], secretRefs);
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
