import { RenameFile, TextDocumentEdit, TextEdit, type Range, type WorkspaceEdit } from 'vscode-languageserver-types';
import { dirName, ID_PATTERN } from '../files';
import { find } from '../lookup';
import type { WorkspaceIndex } from '../workspace';
import { valueRangeAt } from '../yamlFile';
import { openFile } from './cursor';
import { bindingsOf, lockOf, manifest, summaryOf, usesOfAuth, usesOfIntegration, usesOfSecret } from './queries';
import type { Sym } from './symbols';
import { LineIndex, unquoted } from './text';

/** A rename the user asked for that cannot be done; the server reports the message as is. */
export class RenameError extends Error {}

export const SECRET_PATTERN = /^[A-Za-z][A-Za-z0-9_]*$/;
export const STATE_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Text edits per file and file renames, turned into one WorkspaceEdit with the text edits first. */
export class EditSet {
  private readonly edits = new Map<string, Map<string, TextEdit>>();
  private readonly lines = new Map<string, LineIndex>();
  readonly renames: { oldUri: string; newUri: string }[] = [];

  constructor(private readonly index: WorkspaceIndex) {}

  linesOf(uri: string): LineIndex {
    let l = this.lines.get(uri);
    if (!l) this.lines.set(uri, (l = new LineIndex(this.index.text(uri) ?? '')));
    return l;
  }

  add(uri: string, edit: TextEdit): void {
    let m = this.edits.get(uri);
    if (!m) this.edits.set(uri, (m = new Map()));
    const r = edit.range;
    m.set(`${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`, edit);
  }

  /**
   * Replaces `expected` (or the part of it from `from`, `length` characters long) inside the scalar at
   * `range`. A scalar whose text differs from its value (escapes) is rewritten whole, double-quoted.
   */
  replaceIn(uri: string, range: Range, expected: string, replacement: string, from = 0, length = expected.length - from): void {
    const lines = this.linesOf(uri);
    const inner = unquoted(lines, range);
    const s = lines.offsetAt(inner.start);
    const e = lines.offsetAt(inner.end);
    if (lines.text.slice(s, e) === expected) {
      this.add(uri, TextEdit.replace(lines.range(s + from, s + from + length), replacement));
    } else {
      const whole = expected.slice(0, from) + replacement + expected.slice(from + length);
      this.add(uri, TextEdit.replace(range, JSON.stringify(whole)));
    }
  }

  renameFile(oldUri: string, newUri: string): void {
    if (oldUri !== newUri && !this.renames.some((r) => r.oldUri === oldUri)) this.renames.push({ oldUri, newUri });
  }

  get empty(): boolean {
    return this.edits.size === 0 && this.renames.length === 0;
  }

  toWorkspaceEdit(): WorkspaceEdit {
    const documentChanges: (TextDocumentEdit | RenameFile)[] = [];
    for (const uri of [...this.edits.keys()].sort()) {
      const edits = [...this.edits.get(uri)!.values()].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
      documentChanges.push(TextDocumentEdit.create({ uri, version: null }, edits));
    }
    for (const r of this.renames) documentChanges.push(RenameFile.create(r.oldUri, r.newUri, { overwrite: false, ignoreIfExists: false }));
    return { documentChanges };
  }
}

export interface RenameOptions {
  /** Rename the symbol's own file (false when the file is being renamed already). */
  files: boolean;
  /** Throw on a conflict (an existing target); off for file operations, which must not fail. */
  strict: boolean;
  /** Folder the renamed integration lands in (its tools lock follows it). */
  newDir?: string;
  /** A file to read even if the index has not re-checked it yet. */
  also?: string;
}

export function validateNewName(sym: Sym, newName: string): void {
  const [pattern, what] =
    sym.s === 'secret'
      ? [SECRET_PATTERN, 'secret name: a letter, then letters, digits or `_`']
      : sym.s === 'state'
        ? [STATE_PATTERN, 'state name: letters, digits, `_` and `-`']
        : [ID_PATTERN, 'id: lower-case letters, digits, `_` and `-`, starting with a letter or digit'];
  if (typeof newName !== 'string' || !pattern.test(newName)) throw new RenameError(`'${newName}' is not a valid ${what}.`);
}

function conflict(opts: RenameOptions, message: string): boolean {
  if (opts.strict) throw new RenameError(message);
  return true;
}

export function renameSym(index: WorkspaceIndex, es: EditSet, sym: Sym, newName: string, opts: RenameOptions): void {
  switch (sym.s) {
    case 'action':
      return renameAction(index, es, sym.fullId, newName, opts);
    case 'integration':
      return renameIntegration(index, es, sym.id, newName, opts);
    case 'auth':
      return renameAuth(index, es, sym.id, newName, opts);
    case 'secret':
      return renameSecret(index, es, sym.name, newName, opts);
    case 'state':
      return renameState(index, es, sym.agentUri, sym.name, newName, opts);
    case 'tool':
      throw new RenameError('MCP tools are named by their server: rename the tool there and discover tools again.');
  }
}

/**
 * A recorded response shape follows its shared action or agent (`<id>.response.yaml`, `<agent>.<name>.response.yaml`):
 * the file is renamed and its `action:` names the new id.
 */
export function moveResponseShape(index: WorkspaceIndex, es: EditSet, oldUri: string, newUri: string, oldAction: string, newAction: string): void {
  if (!index.has(oldUri) || index.has(newUri)) return;
  if (oldUri !== newUri) es.renameFile(oldUri, newUri);
  const f = openFile(index, oldUri);
  const r = f && valueRangeAt(f.yaml, ['action']);
  if (r && oldAction !== newAction) es.replaceIn(oldUri, r, oldAction, newAction);
}

function renameAction(index: WorkspaceIndex, es: EditSet, fullId: string, newId: string, opts: RenameOptions): void {
  const slash = fullId.indexOf('/');
  const integrationId = fullId.slice(0, slash);
  const oldId = fullId.slice(slash + 1);
  if (oldId === newId) return;
  const newFullId = `${integrationId}/${newId}`;
  const action = find.action(index.lookup, fullId);
  if (opts.files && action) {
    const newUri = `${dirName(action.uri)}/${newId}.action.yaml`;
    if (index.has(newUri)) conflict(opts, `${newId}.action.yaml already exists next to ${oldId}.action.yaml.`);
    es.renameFile(action.uri, newUri);
    const dir = dirName(action.uri);
    moveResponseShape(index, es, `${dir}/${oldId}.response.yaml`, `${dir}/${newId}.response.yaml`, fullId, `${integrationId}/${newId}`);
  }
  if (find.action(index.lookup, newFullId)) conflict(opts, `Shared action '${newFullId}' already exists.`);
  // The name agents see follows the id when it was the id: a name of its own is the user's to change.
  if (action?.shape.name === oldId) {
    const f = openFile(index, action.uri);
    const range = f && valueRangeAt(f.yaml, ['name']);
    if (range) es.replaceIn(action.uri, range, oldId, newId);
  }
  const agents = new Set<string>();
  for (const b of bindingsOf(index, fullId, opts.also)) {
    es.replaceIn(b.agent.uri, b.link.range, fullId, newId, slash + 1);
    agents.add(b.agent.uri);
  }
  for (const agentUri of agents) {
    const lock = lockOf(index, agentUri);
    for (const e of lock?.entries ?? []) if (e.fullId === fullId) es.replaceIn(lock!.uri, e.keyRange, fullId, newId, slash + 1);
  }
}

function renameIntegration(index: WorkspaceIndex, es: EditSet, id: string, newId: string, opts: RenameOptions): void {
  const integration = find.integration(index.lookup, id);
  const newDir = opts.newDir ?? (integration ? dirName(integration.uri) : undefined);
  if (id !== newId && find.integrationExists(index.lookup, newId)) conflict(opts, `Integration '${newId}' already exists.`);
  if (integration && opts.files && id !== newId) {
    const newUri = `${newDir}/${newId}.integration.yaml`;
    if (index.has(newUri)) conflict(opts, `${newId}.integration.yaml already exists.`);
    es.renameFile(integration.uri, newUri);
  }
  const tools = find.tools(index.lookup, id);
  if (tools && newDir !== undefined) {
    es.renameFile(tools.uri, `${newDir}/${newId}.tools.lock.yaml`);
    const toolsFile = openFile(index, tools.uri);
    const r = toolsFile && valueRangeAt(toolsFile.yaml, ['integration']);
    if (r && id !== newId) es.replaceIn(tools.uri, r, id, newId);
  }
  if (id === newId) return;
  const uses = usesOfIntegration(index, id, opts.also);
  const agents = new Set<string>();
  for (const b of uses.bindings) {
    es.replaceIn(b.agent.uri, b.link.range, b.link.target, newId, 0, id.length);
    agents.add(b.agent.uri);
  }
  for (const c of uses.channels) es.replaceIn(c.agent.uri, c.ref.range, id, newId);
  for (const a of uses.actions) es.replaceIn(a.action.uri, a.ref.range, id, newId);
  for (const agentUri of agents) {
    const lock = lockOf(index, agentUri);
    for (const e of lock?.entries ?? []) if (e.fullId.startsWith(`${id}/`)) es.replaceIn(lock!.uri, e.keyRange, e.fullId, newId, 0, id.length);
  }
}

function renameAuth(index: WorkspaceIndex, es: EditSet, id: string, newId: string, opts: RenameOptions): void {
  if (id === newId) return;
  const auth = find.auth(index.lookup, id);
  if (find.authExists(index.lookup, newId)) conflict(opts, `Auth connector '${newId}' already exists.`);
  if (auth && opts.files) {
    const newUri = `${dirName(auth.uri)}/${newId}.auth.yaml`;
    if (index.has(newUri)) conflict(opts, `${newId}.auth.yaml already exists.`);
    es.renameFile(auth.uri, newUri);
  }
  for (const u of usesOfAuth(index, id, opts.also)) es.replaceIn(u.uri, u.ref.range, id, newId);
}

function renameSecret(index: WorkspaceIndex, es: EditSet, name: string, newName: string, opts: RenameOptions): void {
  if (name === newName) return;
  const m = manifest(index);
  if (m?.secrets.some((s) => s.target === newName)) conflict(opts, `Secret '${newName}' is already declared in stellar.yaml.`);
  const decl = m?.secrets.find((s) => s.target === name);
  if (m && decl) es.replaceIn(m.uri, decl.range, name, newName);
  for (const u of usesOfSecret(index, name, opts.also)) es.replaceIn(u.uri, u.ref.range, name, newName);
}

function renameState(index: WorkspaceIndex, es: EditSet, agentUri: string, name: string, newName: string, opts: RenameOptions): void {
  if (name === newName) return;
  const agent = summaryOf(index, agentUri, 'agent');
  if (!agent) return;
  if (agent.states.some((s) => s.target === newName)) conflict(opts, `The agent already has a state '${newName}'.`);
  for (const s of agent.states) if (s.target === name) es.replaceIn(agentUri, s.range, name, newName);
  for (const a of agent.actions) for (const s of a.allowedStates ?? []) if (s.target === name) es.replaceIn(agentUri, s.range, name, newName);
}
