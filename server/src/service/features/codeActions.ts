import { CodeAction, CodeActionKind, type Diagnostic, type Range } from 'vscode-languageserver-types';
import { ruleOf, type DiagnosticLike, type FixContext } from '../rules';
import type { WorkspaceIndex } from '../workspace';
import { nodeAt, openFile, type OpenFile } from './cursor';
import { planPromote, promoteCandidates, promoteWorkspaceEdit, type PromoteResult, type PromoteTarget } from '../promote';

export type { DiagnosticLike } from '../rules';
export { writeFile } from './fixEdits';

export interface CodeActionOptions {
  now?: Date;
}

/** Quick fixes for the given diagnostics of one file: each code's fixes come from its rule module, in order. */
export function getCodeActions(index: WorkspaceIndex, uri: string, range: Range, diagnostics: DiagnosticLike[], options: CodeActionOptions = {}): CodeAction[] {
  const f = openFile(index, uri);
  if (!f || !Array.isArray(diagnostics)) return [];
  const now = options.now ?? new Date();
  const actions: CodeAction[] = [];
  const offered = new Set<string>();
  for (const d of diagnostics) {
    if (!d || !d.range) continue;
    const fixes = ruleOf(String(d.code ?? ''))?.quickFixes;
    if (!fixes) continue;
    const ctx: FixContext = {
      index,
      uri,
      file: f,
      diagnostic: d,
      now,
      actions,
      data: (d.data && typeof d.data === 'object' ? d.data : {}) as Record<string, unknown>,
      fix: (title, edit, preferred = false) => {
        if (!edit) return;
        const a = CodeAction.create(title, edit, CodeActionKind.QuickFix);
        a.diagnostics = [d as Diagnostic];
        if (preferred) a.isPreferred = true;
        actions.push(a);
      },
      once: (key) => {
        if (offered.has(key)) return false;
        offered.add(key);
        return true;
      },
    };
    for (const q of fixes) q.createCodeAction(ctx);
  }
  for (const a of promoteActions(index, f, range, now)) actions.push(a);
  return actions;
}

/**
 * The editor asks for code actions at every cursor move: a plan is kept until the index changes (its lock's
 * time stamp is the first ask's), so moving about in an api-call plans it once.
 */
const plans = new WeakMap<WorkspaceIndex, { generation: number; byKey: Map<string, PromoteResult> }>();

function cachedPlan(index: WorkspaceIndex, t: PromoteTarget, now: Date): PromoteResult {
  let c = plans.get(index);
  if (!c || c.generation !== index.generation) plans.set(index, (c = { generation: index.generation, byKey: new Map() }));
  const k = `${t.agentUri}|${t.actionIndex}|${t.integrationId}`;
  let r = c.byKey.get(k);
  if (!r) c.byKey.set(k, (r = planPromote(index, t, now)));
  return r;
}

/** "Promote to shared action of '<integration>'" on an agent's api-call, once per integration whose base URL prefixes its url. */
export function promoteActions(index: WorkspaceIndex, f: OpenFile, range: Range, now: Date): CodeAction[] {
  if (f.kind !== 'agent') return [];
  const hit = nodeAt(f.yaml, f.lines.offsetAt(range.start));
  const i = hit && hit.path[0] === 'actions' && typeof hit.path[1] === 'number' ? hit.path[1] : undefined;
  if (i === undefined) return [];
  const out: CodeAction[] = [];
  for (const integrationId of promoteCandidates(index, f.uri, i)) {
    const r = cachedPlan(index, { agentUri: f.uri, actionIndex: i, integrationId }, now);
    if (!r.ok) continue;
    const auth = r.plan.warnings.some((w) => w.startsWith('auth changes')) ? ": auth changes to the integration slot's" : '';
    out.push(CodeAction.create(`Promote to shared action of '${integrationId}'${auth}`, promoteWorkspaceEdit(index, r.plan), CodeActionKind.RefactorRewrite));
  }
  return out;
}
