/**
 * Record Response Shape (`stellarKit.recordResponseShape`): the Run panel passes the response it got; the server
 * says where the shape file goes and what it holds (types only, never a value), and the file is written at once:
 * like a lock, it is the tool's file, and CI (`stellar-kit check`, SK016) reads the disk.
 */
import * as vscode from 'vscode';
import type { ResponseShapeFileParams, ResponseShapeFileResult } from '../../server/src/protocol';
import type { Ctx } from './ctx';

export interface RecordShapeDeps {
  responseShapeFile(p: ResponseShapeFileParams): Promise<ResponseShapeFileResult>;
  /** Writes the whole file (created or replaced). */
  write(uri: string, text: string): Promise<boolean>;
  info(message: string): void;
  error(message: string): void;
}

/** The command's argument, checked: `{ fileUri, action, environment, status, body }`. */
export function recordArgsOf(arg: unknown): ResponseShapeFileParams | string {
  if (typeof arg !== 'object' || arg === null) return 'Record Response Shape needs { fileUri, action, environment, status, body } (the Run panel passes them).';
  const a = arg as Record<string, unknown>;
  for (const k of ['fileUri', 'action', 'environment', 'body']) if (typeof a[k] !== 'string') return `Record Response Shape: '${k}' must be a string.`;
  if (!Number.isInteger(a.status)) return "Record Response Shape: 'status' must be an integer.";
  return { fileUri: a.fileUri as string, action: a.action as string, environment: a.environment as string, status: a.status as number, body: a.body as string };
}

export async function recordShapeFlow(deps: RecordShapeDeps, arg: unknown): Promise<{ ok: true; uri: string } | { ok: false; error: string }> {
  const params = recordArgsOf(arg);
  if (typeof params === 'string') {
    deps.error(params);
    return { ok: false, error: params };
  }
  const r = await deps.responseShapeFile(params);
  if (!r.ok) {
    deps.error(r.error);
    return r;
  }
  if (!(await deps.write(r.uri, r.text))) {
    const error = `Record Response Shape: could not write ${r.uri}.`;
    deps.error(error);
    return { ok: false, error };
  }
  deps.info(`Recorded the response shape of '${params.action}' (${params.environment}) -> ${vscode.workspace.asRelativePath(vscode.Uri.parse(r.uri))}`);
  return { ok: true, uri: r.uri };
}

export function registerRecordShape(ctx: Ctx): void {
  ctx.context.subscriptions.push(
    vscode.commands.registerCommand('stellarKit.recordResponseShape', (arg?: unknown) =>
      recordShapeFlow(
        {
          responseShapeFile: (p) => ctx.server.responseShapeFile(p),
          write: async (uri, text) => {
            const target = vscode.Uri.parse(uri);
            const edit = new vscode.WorkspaceEdit();
            edit.createFile(target, { overwrite: true, contents: new TextEncoder().encode(text) });
            if (!(await vscode.workspace.applyEdit(edit))) return false;
            // An open copy of the file is saved, so the disk and the editor agree.
            const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString());
            return !open?.isDirty || (await open.save());
          },
          info: (m) => void vscode.window.showInformationMessage(m),
          error: (m) => void vscode.window.showErrorMessage(m),
        },
        arg,
      ),
    ),
  );
}
