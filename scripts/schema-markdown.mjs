// `markdownDescription` next to every schema `description` written in markdown (code spans, links, `<...>`):
// editors that render schema text as markdown (Red Hat YAML, VS Code's JSON) show it as written, where they
// would escape the plain `description` (backticks shown literally) or drop `<integration-id>` as an HTML tag.
// The markdown is derived from the description, so the two never drift: `node scripts/schema-markdown.mjs`
// writes it into schemas/*.json; the schema build refuses schemas where it is missing or stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when the text uses markdown a plain-text reader would show wrongly. */
export function usesMarkdown(text) {
  return /[`<>]|\]\(|\*\*/.test(text);
}

/** The description as markdown: code spans kept, `<` and `>` outside them escaped so no word is read as an HTML tag. */
export function markdownOf(text) {
  return text.split(/(`[^`]*`)/).map((part, i) => (i % 2 === 1 ? part : part.replace(/[<>]/g, (c) => `\\${c}`))).join('');
}

/** Every `description` string of a schema with its JSON path; `properties` named `description` hold schemas, not text. */
export function descriptions(node, path = '#', out = []) {
  if (Array.isArray(node)) node.forEach((item, i) => descriptions(item, `${path}/${i}`, out));
  else if (node && typeof node === 'object') {
    if (typeof node.description === 'string') out.push({ path, node });
    for (const [key, value] of Object.entries(node)) descriptions(value, `${path}/${key}`, out);
  }
  return out;
}

/** Problems: a description in markdown without its markdownDescription, or one that does not match it. */
export function markdownProblems(file, schema) {
  return descriptions(schema).flatMap(({ path, node }) => {
    const want = usesMarkdown(node.description) ? markdownOf(node.description) : undefined;
    if (node.markdownDescription === want) return [];
    return [`${file}: ${path} markdownDescription is ${node.markdownDescription === undefined ? 'missing' : 'stale'} (run node scripts/schema-markdown.mjs)`];
  });
}

/** Rewrites the `"markdownDescription"` lines of a schema file's text after each `"description"` line, touching nothing else. */
export function withMarkdown(text) {
  const lines = text.split('\n').filter((line) => !/^\s*"markdownDescription": /.test(line));
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = /^(\s*)"description": ("(?:[^"\\]|\\.)*")(,?)$/.exec(line);
    if (!m) { out.push(line); continue; }
    const description = JSON.parse(m[2]);
    if (!usesMarkdown(description)) { out.push(/^\s*[}\]]/.test(lines[i + 1] ?? '}') ? line.replace(/,$/, '') : line); continue; }
    const last = /^\s*[}\]]/.test(lines[i + 1] ?? '}');
    out.push(`${m[1]}"description": ${m[2]},`);
    out.push(`${m[1]}"markdownDescription": ${JSON.stringify(markdownOf(description))}${last ? '' : ','}`);
  }
  return out.join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'schemas');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.schema.json'))) {
    const before = readFileSync(join(dir, file), 'utf8');
    const after = withMarkdown(before);
    JSON.parse(after);
    if (after !== before) { writeFileSync(join(dir, file), after); console.log(`schema-markdown: ${file}`); }
  }
}
