import type { LineCounter } from 'yaml';
import { defineRule } from './rule';

/**
 * The message of a YAML parser error or warning at [s, en) of `text`: duplicate keys and indentation get their own
 * advice; `lost`: the parser lost its place (an unclosed quote or bracket), so the rest of the file is not checked.
 */
export function syntaxMessage(text: string, lines: LineCounter, s: number, en: number, code: string, message: string, lost: boolean): string {
  return code === 'DUPLICATE_KEY'
    ? `YAML syntax: duplicate key '${text.slice(s, en)}': keys of a map must be unique, and only one of the values would be used. Remove or rename one.`
    : `YAML syntax: ${indentationAdvice(text, lines, s, code, message) ?? cleanYamlMessage(message)}${lost ? ' The rest of the file was not checked: fix this first.' : ''}`;
}

export function cleanYamlMessage(message: string): string {
  const first = message.split('\n')[0].trim();
  return first
    .replace(/ at line \d+, column \d+:?$/, '')
    .replace(
      /^Nested mappings are not allowed in compact mappings$/,
      "Nested mappings are not allowed in compact mappings: a plain value cannot contain ': '. Quote the value.",
    )
    .replace(/^Unexpected scalar at node end$/, 'Unexpected text after the end of a value (after a closing quote?): quote the whole value.')
    .replace(/^Sequence item without - indicator$/, 'Sequence item without - indicator: check the indentation of this line.')
    .replace(/^Missing closing (["'])quote$/, 'Missing closing $1 quote: the string runs to the end of the file. Close it or remove the opening quote.')
    .replace(/(end with a [\]}])$/, '$1.')
    .replace(/^Maximum call stack size exceeded$/, 'The file nests too deeply to be read.');
}

/** Where the cause of a syntax error is indentation, what to indent and to which column; else undefined. */
function indentationAdvice(text: string, lines: LineCounter, at: number, code: string, message: string): string | undefined {
  const lineOf = (offset: number) => lines.linePos(offset).line - 1;
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const lineEnd = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
  if (code === 'TAB_AS_INDENT') return 'Tabs are not allowed as indentation: indent with spaces (Stellar files use 2 per level).';
  if (code === 'BLOCK_AS_IMPLICIT_KEY') {
    // A value whose own line holds no ': ' swallowed the next line: that line is indented too far.
    if (text.slice(at, lineEnd).includes(': ')) return undefined;
    const next = nextContentLine(text, lineEnd + 1, lineOf);
    const key = /^(\s*)(?:- )?([^\s:#][^:#]*?):/.exec(text.slice(lineStart, lineEnd));
    if (!next || !key) return undefined;
    const col = key[1].length + (key[0].trimStart().startsWith('- ') ? 2 : 0);
    return `line ${next.line + 1} ('${next.text.trim().slice(0, 40)}') is indented more than the key '${key[2]}' above it, whose value is already on its line, so YAML reads it as part of that value. Indent it to column ${col + 1} like '${key[2]}' (or, if it is meant as text, quote the value).`;
  }
  const misaligned = code === 'BAD_INDENT' && message.startsWith('All mapping items must start at the same column');
  const outsideItem = code === 'MISSING_CHAR' && message.startsWith('Sequence item without - indicator');
  if (misaligned || outsideItem) {
    const col = at - lineStart;
    const open = openColumns(text, lineStart, lineOf).filter((o) => o.column !== col);
    if (open.length === 0) return undefined;
    const where = open
      .slice(0, 3)
      .map((o) => `column ${o.column + 1} ('${o.key}', line ${o.line + 1})`)
      .join(' or ');
    return `this key starts at column ${col + 1}, where no map is open: keys of one map start in the same column as their siblings. Indent it to ${where}, whichever map it belongs to${outsideItem ? ", or start a new list item with '- '" : ''}.`;
  }
  return undefined;
}

function nextContentLine(text: string, from: number, lineOf: (offset: number) => number): { line: number; text: string } | undefined {
  for (let i = from, n = 0; i < text.length && n < 200; n++) {
    const end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i);
    const t = text.slice(i, end);
    if (t.trim() !== '' && !t.trimStart().startsWith('#')) return { line: lineOf(i), text: t };
    i = end + 1;
  }
  return undefined;
}

/** The key columns of the maps open above a line, innermost first (a `- key:` item's key counts). */
function openColumns(text: string, lineStart: number, lineOf: (offset: number) => number): { column: number; key: string; line: number }[] {
  const out: { column: number; key: string; line: number }[] = [];
  let limit = Infinity;
  let end = lineStart - 1;
  for (let scanned = 0; end > 0 && scanned < 200 && limit > 0; scanned++) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const m = /^(\s*)((?:- )*)([^\s:#-][^:#]*?):(\s|$)/.exec(text.slice(start, end));
    if (m) {
      const column = m[1].length + m[2].length;
      if (column < limit) {
        out.push({ column, key: m[3], line: lineOf(start) });
        limit = column;
      }
    }
    end = start - 1;
  }
  return out;
}

const n = (x: number) => x.toLocaleString('en-US');

/** The YAML pass's SK001 messages past the parser's own (syntaxMessage): limits, binary text, aliases and merges. */
export const messages = {
  tooBig: (bytes: number, limit: number) =>
    `File is ${(bytes / 1048576).toFixed(1)} MB, over the ${limit / 1048576} MB limit for Stellar files: it was not checked. Split it or remove it from the workspace.`,
  binary: () => 'File contains NUL bytes: it looks binary, not YAML. Replace it with a YAML file or rename it.',
  aliasesOverLimit: (count: number, limit: number) =>
    `This file has ${n(count)} YAML aliases, over the limit of ${n(limit)} per Stellar file: it was not expanded or checked further. Write the values out instead of aliases.`,
  anchorsOverLimit: (count: number, limit: number) =>
    `This file has ${n(count)} YAML anchors, over the limit of ${n(limit)} per Stellar file that uses aliases: it was not expanded or checked further. Write the values out instead of aliases.`,
  aliasCycle: () => 'A YAML alias refers to a node that contains it, so the value never ends. Write the value out instead of the alias.',
  tooDeep: (parserMessage: string) => `YAML: ${cleanYamlMessage(parserMessage)}`,
  aliasesTooDeep: (parserMessage: string) =>
    `YAML aliases expand too far (${parserMessage.replace(/\.$/, '')}). Write the values out instead of nesting aliases.`,
  mergeNoAnchor: (alias: string) =>
    `YAML alias '*${alias}' names no anchor defined before it, so nothing is merged. Define '&${alias}' on a map above this line, or fix the name.`,
  mergeCycle: (alias: string) =>
    `'<<: *${alias}' merges a map that contains this merge, so the value never ends: nothing is merged from it. Merge another map, or move the anchor out of the map.`,
};

/** SK001: YAML syntax error. */
export const SK001 = defineRule({
  code: 'SK001',
  severity: 'error',
  variants: { yamlWarning: { severity: 'warning', when: 'a YAML warning (an unknown tag, for example) rather than an error: the file still loads' } },
  title: 'YAML syntax error',
  doc: 'The file is not valid YAML. Every syntax error is reported where it is, for example:',
  data: {},
});
