import { closest } from '../closest';
import { declareSecret, replaceValue, textAt, toEdit } from '../features/fixEdits';
import { find, type Lookup } from '../lookup';
import type { Summary } from '../summary';
import { type AddFinding, defineRule, type FixContext, type QuickFix, related } from './rule';

function nameOf({ file, diagnostic, data }: FixContext): string {
  return typeof data.secret === 'string' ? data.secret : textAt(file, diagnostic.range);
}

export function changeToDeclared(): QuickFix {
  return {
    title: 'Change to the closest declared secret',
    createCodeAction(ctx) {
      if (typeof ctx.data.suggestion !== 'string') return;
      ctx.fix(`Change to '${ctx.data.suggestion}'`, replaceValue(ctx.index, ctx.file, ctx.diagnostic.range, nameOf(ctx), ctx.data.suggestion), true);
    },
  };
}

/** Preferred when no declared name is close. */
export function declareInManifest(): QuickFix {
  return {
    title: 'Declare the secret in stellar.yaml',
    createCodeAction(ctx) {
      const name = nameOf(ctx);
      if (/^[A-Za-z][A-Za-z0-9_]*$/.test(name))
        ctx.fix(`Declare secret '${name}' in stellar.yaml`, toEdit(declareSecret(ctx.index, name)), typeof ctx.data.suggestion !== 'string');
    },
  };
}

/** Every `{ secret: NAME }` of the file names a secret stellar.yaml declares. */
export function checkSecrets(s: Summary, l: Lookup, add: AddFinding): void {
  if (s.secretRefs.length === 0) return;
  const manifest = find.manifest(l);
  const declared = new Set(manifest?.secrets.map((x) => x.target) ?? []);
  for (const ref of s.secretRefs) {
    if (declared.has(ref.target)) continue;
    const guess = closest(ref.target, declared);
    const where = manifest ? 'stellar.yaml' : 'stellar.yaml (there is none at the workspace root yet)';
    add(
      'SK021',
      ref.range,
      `Secret '${ref.target}' is not declared in ${where}: its value cannot be looked up. Declare it under \`secrets:\`${guess ? `, or did you mean '${guess}'?` : '.'}`,
      manifest?.secretsRange ? [related(manifest.uri, manifest.secretsRange, 'declared secrets')] : [],
      { secret: ref.target, suggestion: guess },
    );
  }
}

/** SK021: Undeclared secret. */
export const SK021 = defineRule({
  code: 'SK021',
  severity: 'error',
  title: 'Undeclared secret',
  doc: 'A secret reference `{ secret: NAME }` names a secret that `stellar.yaml` does not declare under\n`secrets:` (or there is no `stellar.yaml` at the workspace root). Its value could not be looked up.\nThe message suggests a close declared name. Lock files are not checked: they record shapes as they\nwere.',
  data: { secret: 'string', suggestion: 'string?' },
  quickFixes: [changeToDeclared(), declareInManifest()],
});
