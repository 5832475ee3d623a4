/** Collects an action's parameters from the user, one prompt per schema property, then validates them all. */
import { checkParameters } from '../../../server/src/runner/index';
import type { Ui } from './ui';

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text a user typed, as a value of the property's type; an error message when it is not one. */
export function parseValue(text: string, prop: Rec): { value: unknown } | { error: string } {
  const types = Array.isArray(prop.type) ? prop.type : [prop.type ?? 'string'];
  if (types.includes('string')) return { value: text };
  if (types.includes('integer') || types.includes('number')) {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) return { error: 'Enter a number.' };
    if (!types.includes('number') && !Number.isInteger(n)) return { error: 'Enter a whole number.' };
    return { value: n };
  }
  if (types.includes('boolean')) {
    if (text === 'true' || text === 'false') return { value: text === 'true' };
    return { error: 'Enter true or false.' };
  }
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { error: 'Enter a JSON value.' };
  }
}

/** Undefined when the user cancelled; parameters valid against the schema otherwise. */
export async function collectParameters(ui: Ui, schema: unknown, label: string): Promise<Rec | undefined> {
  const props = isRec(schema) && isRec(schema.properties) ? schema.properties : {};
  const required = new Set(isRec(schema) && Array.isArray(schema.required) ? schema.required : []);
  for (;;) {
    const out: Rec = {};
    for (const [name, raw] of Object.entries(props)) {
      const prop = isRec(raw) ? raw : {};
      const title = `${label}: ${name}${required.has(name) ? '' : ' (optional)'}`;
      if (Array.isArray(prop.enum)) {
        const items = prop.enum.map((v) => ({ label: typeof v === 'string' ? v : JSON.stringify(v), value: { v } as { v: unknown } | undefined }));
        if (!required.has(name)) items.unshift({ label: '(leave out)', value: undefined });
        const picked = await ui.pick(
          title,
          items.map((i) => ({ ...i, value: i.value ?? { v: SKIP } })),
        );
        if (picked === undefined) return undefined;
        if (picked.v !== SKIP) out[name] = picked.v;
        continue;
      }
      const text = await ui.input({
        title,
        prompt: typeof prop.description === 'string' ? prop.description : undefined,
        validate: (t) =>
          t === '' && !required.has(name) ? undefined : 'error' in parseValue(t, prop) ? (parseValue(t, prop) as { error: string }).error : undefined,
      });
      if (text === undefined) return undefined;
      if (text === '' && !required.has(name)) continue;
      const parsed = parseValue(text, prop);
      if ('error' in parsed) return undefined;
      out[name] = parsed.value;
    }
    const problems = checkParameters(schema, out);
    if (problems.length === 0) return out;
    ui.error(`${label}: ${problems.join('; ')}. Enter the parameters again.`);
    if (!(await ui.confirm(`${label}: ${problems.join('; ')}.`, 'Enter again'))) return undefined;
  }
}

const SKIP = Symbol('skip');
