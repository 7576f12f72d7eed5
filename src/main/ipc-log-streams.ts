/**
 * The desktop window's live tail and export: the two log streams HTTP serves on their own
 * routes (SSE, a download). Thin like the invoke channel: inputs are validated against the same
 * schemas the HTTP routes use, and the work is the core's (`openTailSession` over `core.tail`,
 * `core.exportLogs`); this file only moves messages to the window and bytes to a file.
 *
 * A tail belongs to the page that opened it and ends when it asks, or when that page goes away.
 * An export asks where to save (the main process's save dialog: the sandboxed page has no file
 * system), streams into `<file>.part` with back-pressure and renames it when complete, so a
 * cancelled or failed export never leaves a truncated file under the chosen name.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { Compile } from 'typebox/compile';
import { Value } from 'typebox/value';
import type { Core } from '../core';
import { toErrorData } from '../core/handlers/dispatch';
import { openTailSession, tailFilter } from '../core/tail/log-tail-session';
import { IPC_EVENT, IPC_EXPORT, IPC_EXPORT_CANCEL, IPC_TAIL_START, IPC_TAIL_STOP } from '../shared/api/bridge';
import type { Result } from '../shared/api/errors';
import type { AppEvent } from '../shared/api/events';
import { ExportLineCounter, LogExportQuery, LogTailQuery, type LogExportDone } from '../shared/api/schemas/log-stream';
import type { TSchema } from 'typebox';
import { FORBIDDEN, senderIsApp } from './ipc-sender';
import type { IpcOptions } from './ipc';
import { log } from './log';

type StreamEvent = Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>;

/** Most tails one window may hold open (each re-queries after every commit). */
export const MAX_TAILS_PER_WINDOW = 8;
const EXPORT_ID = /^[A-Za-z0-9_-]{1,64}$/;

const checkers = new Map<TSchema, ReturnType<typeof Compile>>();

function validate<T>(schema: TSchema, what: string, input: unknown): Result<T> {
  const value = Value.Default(schema, Value.Clone(input ?? {}));
  let check = checkers.get(schema);
  if (!check) checkers.set(schema, (check = Compile(schema)));
  if (check.Check(value)) return { ok: true, value: value as T };
  const first = check.Errors(value)[0];
  const why = !first ? 'invalid input' : first.message === 'schema is false' ? 'is not a known property' : first.message;
  return { ok: false, error: { code: 'bad_request', message: `${what}: ${first?.instancePath || '/'} ${why}` } };
}

function send(target: WebContents, event: AppEvent): void {
  if (!target.isDestroyed()) target.send(IPC_EVENT, event);
}

/** Resolves once the chunk reached the file: one page in flight at a time is back-pressure enough. */
function writeChunk(out: WriteStream, chunk: string): Promise<void> {
  return new Promise((resolve, reject) => out.write(chunk, (err) => (err ? reject(err) : resolve())));
}

function closeFile(out: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    out.once('error', reject);
    out.end(() => resolve());
  });
}

export interface LogStreams {
  tailStart(event: StreamEvent, fields: unknown): Promise<Result<{ subscription: number }>>;
  tailStop(event: StreamEvent, subscription: unknown): void;
  exportLogs(event: StreamEvent, exportId: unknown, query: unknown): Promise<Result<LogExportDone>>;
  exportCancel(event: StreamEvent, exportId: unknown): void;
  /** Ends every tail and export (the window or the app is closing). */
  closeAll(): void;
}

export function createLogStreams(opts: IpcOptions): LogStreams {
  const tails = new Map<number, { owner: WebContents; stop(): void }>();
  const exports = new Map<string, { owner: WebContents; cancelled: boolean }>();
  let nextSubscription = 1;

  const core = async (): Promise<Result<Core>> => {
    try {
      return { ok: true, value: await opts.core };
    } catch (err) {
      return { ok: false, error: { code: 'unavailable', message: err instanceof Error ? err.message : 'the station failed to start' } };
    }
  };

  const stopTail = (id: number) => {
    tails.get(id)?.stop();
    tails.delete(id);
  };

  return {
    async tailStart(event, fields) {
      if (!senderIsApp(event, opts.appUrl)) return FORBIDDEN;
      const owner = event.sender;
      const input = validate<LogTailQuery>(LogTailQuery, 'logs.tail', fields);
      if (!input.ok) return input;
      const c = await core();
      if (!c.ok) return c;
      if ([...tails.values()].filter((t) => t.owner === owner).length >= MAX_TAILS_PER_WINDOW) {
        return { ok: false, error: { code: 'bad_request', message: `logs.tail: at most ${MAX_TAILS_PER_WINDOW} tails per window` } };
      }
      let filter;
      try {
        filter = tailFilter(input.value);
      } catch (e) {
        return { ok: false, error: toErrorData(e) };
      }
      const subscription = nextSubscription++;
      const stop = openTailSession({
        core: c.value,
        filter,
        send: (message) => send(owner, { type: 'logs.tail', subscription, message }),
        onError: (err) => log.warn(`log tail query failed: ${err instanceof Error ? err.message : String(err)}`),
      });
      tails.set(subscription, { owner, stop });
      owner.once('destroyed', () => stopTail(subscription));
      return { ok: true, value: { subscription } };
    },

    tailStop(event, subscription) {
      if (typeof subscription !== 'number') return;
      // Only the page that opened a tail may end it.
      if (tails.get(subscription)?.owner === event.sender) stopTail(subscription);
    },

    async exportLogs(event, exportId, query) {
      if (!senderIsApp(event, opts.appUrl)) return FORBIDDEN;
      if (typeof exportId !== 'string' || !EXPORT_ID.test(exportId) || exports.has(exportId)) {
        return { ok: false, error: { code: 'bad_request', message: 'logs.export: export id must be 1–64 letters, digits, _ or -, not already in use' } };
      }
      const input = validate<LogExportQuery>(LogExportQuery, 'logs.export', query);
      if (!input.ok) return input;
      const c = await core();
      if (!c.ok) return c;
      const format = input.value.format ?? 'ndjson';
      let exp;
      try {
        // Validation errors (bad level, time, range) throw here, before a dialog opens.
        exp = c.value.exportLogs({ ...input.value, format });
      } catch (e) {
        return { ok: false, error: toErrorData(e) };
      }
      const owner = event.sender;
      const job = { owner, cancelled: false };
      exports.set(exportId, job);
      const win = BrowserWindow.fromWebContents(owner);
      const saveOptions = {
        title: 'Export log lines',
        defaultPath: exp.filename,
        filters: [format === 'csv' ? { name: 'CSV', extensions: ['csv'] } : { name: 'NDJSON', extensions: ['ndjson', 'jsonl'] }],
      };
      let out: WriteStream | null = null;
      let part = '';
      try {
        const choice = win ? await dialog.showSaveDialog(win, saveOptions) : await dialog.showSaveDialog(saveOptions);
        if (choice.canceled || !choice.filePath) {
          await exp.chunks.return({ rows: 0 });
          return { ok: true, value: { path: null, lines: 0, bytes: 0, cancelled: false } };
        }
        part = `${choice.filePath}.part`;
        // Opened first so that "no such folder / no permission" throws here, not as a stray event.
        out = createWriteStream('', { fd: await open(part, 'w') });
        let failure: unknown = null;
        out.on('error', (err) => (failure ??= err));
        const counter = new ExportLineCounter(format);
        let bytes = 0;
        for await (const chunk of exp.chunks) {
          if (job.cancelled || owner.isDestroyed()) break; // `break` ends the generator: no more pages are read
          await writeChunk(out, chunk);
          if (failure) throw failure;
          bytes += Buffer.byteLength(chunk);
          send(owner, { type: 'logs.export', progress: { export_id: exportId, lines: counter.add(chunk), bytes, total: exp.total } });
        }
        await closeFile(out);
        out = null;
        if (job.cancelled || owner.isDestroyed()) {
          await rm(part, { force: true });
          return { ok: true, value: { path: null, lines: counter.lines, bytes, cancelled: true } };
        }
        await rename(part, choice.filePath);
        return { ok: true, value: { path: choice.filePath, lines: counter.lines, bytes, cancelled: false } };
      } catch (e) {
        log.error('log export to file failed', e);
        if (out) out.destroy();
        await exp.chunks.return({ rows: 0 }).catch(() => undefined);
        if (part) await rm(part, { force: true }).catch(() => undefined);
        const data = toErrorData(e);
        // A file-system failure (disk full, no permission) is worth telling the operator plainly.
        const message = data.code === 'internal' && e instanceof Error && 'code' in e ? `could not write the file: ${e.message}` : data.message;
        return { ok: false, error: { code: data.code, message } };
      } finally {
        exports.delete(exportId);
      }
    },

    exportCancel(event, exportId) {
      if (typeof exportId !== 'string') return;
      const job = exports.get(exportId);
      if (job && job.owner === event.sender) job.cancelled = true;
    },

    closeAll() {
      for (const id of [...tails.keys()]) stopTail(id);
      for (const job of exports.values()) job.cancelled = true;
    },
  };
}

/** Registers the four channels; the returned function removes them and ends every stream. */
export function registerLogStreams(opts: IpcOptions): () => void {
  const streams = createLogStreams(opts);
  ipcMain.handle(IPC_TAIL_START, (event, fields: unknown) => streams.tailStart(event, fields));
  ipcMain.handle(IPC_TAIL_STOP, (event, subscription: unknown) => streams.tailStop(event, subscription));
  ipcMain.handle(IPC_EXPORT, (event, exportId: unknown, query: unknown) => streams.exportLogs(event, exportId, query));
  ipcMain.handle(IPC_EXPORT_CANCEL, (event, exportId: unknown) => streams.exportCancel(event, exportId));
  return () => {
    for (const channel of [IPC_TAIL_START, IPC_TAIL_STOP, IPC_EXPORT, IPC_EXPORT_CANCEL]) ipcMain.removeHandler(channel);
    streams.closeAll();
  };
}
