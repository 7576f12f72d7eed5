import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_EVENT, IPC_EXPORT, IPC_EXPORT_CANCEL, IPC_INVOKE, IPC_TAIL_START, IPC_TAIL_STOP } from '../../../src/shared/api/bridge';
import { ApiError } from '../../../src/shared/api/errors';
import type { AppEvent } from '../../../src/shared/api/events';
import type { LogEntry } from '../../../src/shared/api/schemas/logs';

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  BrowserWindow: { getAllWindows: vi.fn((): unknown[] => []), fromWebContents: vi.fn(() => ({ id: 1 })) },
  dialog: { showSaveDialog: vi.fn() },
}));
vi.mock('electron', () => electron);
vi.mock('../../../src/core', async () => ({ dispatch: (await import('../../../src/core/handlers/dispatch')).dispatch }));

import type { Core } from '../../../src/core';
import { EventBus } from '../../../src/core/events';
import { createLogStreams, MAX_TAILS_PER_WINDOW } from '../../../src/main/ipc-log-streams';
import { registerIpc } from '../../../src/main/ipc';

const APP_URL = 'file:///app/out/renderer/index.html';

/** A page: what the main process sees of the window that calls. */
function page(url = APP_URL) {
  const handlers: Record<string, () => void> = {};
  const sent: AppEvent[] = [];
  const sender = {
    destroyed: false,
    isDestroyed() {
      return this.destroyed;
    },
    send: vi.fn((channel: string, event: AppEvent): void => {
      if (channel === IPC_EVENT) sent.push(event);
    }),
    once: vi.fn((name: string, fn: () => void) => (handlers[name] = fn)),
    destroy() {
      this.destroyed = true;
      handlers.destroyed?.();
    },
  };
  return { event: { senderFrame: { url } as never, sender: sender as never }, sender, sent };
}

const line = (id: number): LogEntry => ({
  id, timestamp: 1_700_000_000_000 + id, level: 'ERROR', service: 'nav', message: `line ${id}`, metadata: null,
  spacecraft_id: 'sc-1', request_id: null, trace_id: null, span_id: null, source: null, labels: null, created_at: 0,
});

let dir: string;
let events: EventBus;
let newest: number;
let exported: { input: unknown; pulled: number; returned: boolean };
let pages: string[];

function fakeCore(): Core {
  return {
    events,
    tail: {
      newestId: () => newest,
      after: (_filter: unknown, afterId: number, limit: number) => {
        const ids = [];
        for (let id = afterId + 1; id <= newest; id++) ids.push(id);
        const lines = ids.slice(-limit).map(line);
        return { lines, matched: ids.length, upTo: newest };
      },
    },
    exportLogs: (input: { level?: string; format: string }) => {
      if (input.level === 'bogus') throw new ApiError('bad_request', 'level: "bogus" is not one of DEBUG, INFO');
      exported.input = input;
      async function* chunks(): AsyncGenerator<string, { rows: number }> {
        try {
          for (const p of pages) {
            exported.pulled++;
            yield p;
          }
        } finally {
          exported.returned = true;
        }
        return { rows: 0 };
      }
      return { contentType: 'text/csv', filename: `logs.${input.format}`, total: 3, chunks: chunks() };
    },
  } as unknown as Core;
}

beforeEach(() => {
  vi.clearAllMocks();
  dir = mkdtempSync(join(tmpdir(), 'obs-ipc-export-'));
  events = new EventBus();
  newest = 10;
  exported = { input: null, pulled: 0, returned: false };
  pages = ['id,message\n1,"two\nlines"\n', '2,b\n3,c\n'];
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const until = async (check: () => boolean) => {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(check()).toBe(true);
};

describe('live tail over IPC', () => {
  it('sends the lines that arrive after it started to the page that opened it, until it stops', async () => {
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    const p = page();
    const started = await streams.tailStart(p.event, { q: 'valve', level: 'error', from: 'now-1h' });
    expect(started).toEqual({ ok: true, value: { subscription: expect.any(Number) } });
    const subscription = started.ok ? started.value.subscription : -1;

    newest = 13;
    events.emit({ type: 'logs.ingested', count: 3, spacecraft_ids: [] });
    await until(() => p.sent.length === 1);
    expect(p.sent[0]).toMatchObject({ type: 'logs.tail', subscription, message: { sampled: false, skipped: 0 } });
    expect((p.sent[0] as Extract<AppEvent, { type: 'logs.tail' }>).message.lines.map((l) => l.id)).toEqual([11, 12, 13]);

    streams.tailStop(page('file:///app/out/renderer/index.html').event, subscription); // another page: ignored
    expect(events.size).toBe(1);
    streams.tailStop(p.event, subscription);
    expect(events.size).toBe(0);
  });

  it('ends a tail when its page goes away', async () => {
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    const p = page();
    await streams.tailStart(p.event, {});
    expect(events.size).toBe(1);
    p.sender.destroy();
    expect(events.size).toBe(0);
  });

  it('refuses foreign frames, unknown fields, bad queries and too many tails, as error data', async () => {
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    await expect(streams.tailStart(page('https://evil.example/').event, {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(streams.tailStart(page().event, { nope: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('/nope') } });
    await expect(streams.tailStart(page().event, { q: 'a) b' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expect(streams.tailStart(page().event, 'not an object')).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const p = page();
    for (let i = 0; i < MAX_TAILS_PER_WINDOW; i++) expect((await streams.tailStart(p.event, {})).ok).toBe(true);
    await expect(streams.tailStart(p.event, {})).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    streams.closeAll();
    expect(events.size).toBe(0);
  });
});

describe('export to a file over IPC', () => {
  it('streams the export into the chosen file with progress, counting CSV records, not the header', async () => {
    const file = join(dir, 'out.csv');
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: file });
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    const p = page();
    const result = await streams.exportLogs(p.event, 'exp-1', { format: 'csv', q: 'valve' });
    expect(result).toEqual({ ok: true, value: { path: file, lines: 3, bytes: Buffer.byteLength(pages.join('')), cancelled: false } });
    expect(readFileSync(file, 'utf8')).toBe(pages.join(''));
    expect(readdirSync(dir)).toEqual(['out.csv']);
    expect(exported.input).toMatchObject({ format: 'csv', q: 'valve', limit: 1_000_000 });
    expect(electron.dialog.showSaveDialog.mock.calls[0]?.[1]).toMatchObject({ defaultPath: 'logs.csv' });
    expect(p.sent.map((e) => (e.type === 'logs.export' ? e.progress.lines : -1))).toEqual([1, 3]);
    expect(p.sent[1]).toMatchObject({ type: 'logs.export', progress: { export_id: 'exp-1', total: 3 } });
  });

  it('writes nothing when the dialog is closed, and stops reading pages', async () => {
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: true, filePath: '' });
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    await expect(streams.exportLogs(page().event, 'exp-2', {})).resolves.toEqual({ ok: true, value: { path: null, lines: 0, bytes: 0, cancelled: false } });
    expect(exported.pulled).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('on cancel stops reading, removes the partial file and says so', async () => {
    const file = join(dir, 'out.ndjson');
    pages = Array.from({ length: 50 }, (_, i) => `{"id":${i}}\n`);
    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: file });
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    const p = page();
    p.sender.send.mockImplementation((_c: string, e: AppEvent) => {
      p.sent.push(e);
      if (p.sent.length === 2) streams.exportCancel(p.event, 'exp-3');
    });
    const result = await streams.exportLogs(p.event, 'exp-3', { format: 'ndjson' });
    expect(result).toMatchObject({ ok: true, value: { path: null, cancelled: true, lines: 2 } });
    expect(exported.pulled).toBeLessThan(5);
    expect(exported.returned).toBe(true);
    expect(existsSync(file) || existsSync(`${file}.part`)).toBe(false);
  });

  it('refuses bad input before any dialog opens, and reports a write failure', async () => {
    const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    await expect(streams.exportLogs(page('https://evil.example/').event, 'e', {})).resolves.toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await expect(streams.exportLogs(page().event, '../x', {})).resolves.toMatchObject({ ok: false, error: { code: 'bad_request' } });
    await expect(streams.exportLogs(page().event, 'e', { format: 'xlsx' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('/format') } });
    await expect(streams.exportLogs(page().event, 'e', { level: 'bogus' })).resolves.toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('bogus') } });
    expect(electron.dialog.showSaveDialog).not.toHaveBeenCalled();

    electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: join(dir, 'missing-dir', 'out.csv') });
    const failed = await streams.exportLogs(page().event, 'e', {});
    expect(failed).toMatchObject({ ok: false, error: { code: 'internal', message: expect.stringContaining('could not write the file') } });
    expect(exported.pulled).toBe(0);
  });
});

describe('registerIpc', () => {
  it('registers the invoke channel and the four log stream channels, and removes them all', () => {
    const off = registerIpc({ appUrl: APP_URL, core: Promise.resolve(fakeCore()) });
    const channels = electron.ipcMain.handle.mock.calls.map((c) => c[0] as string);
    expect(channels.sort()).toEqual([IPC_EXPORT, IPC_EXPORT_CANCEL, IPC_INVOKE, IPC_TAIL_START, IPC_TAIL_STOP].sort());
    off();
    expect(electron.ipcMain.removeHandler.mock.calls.map((c) => c[0] as string).sort()).toEqual(channels);
  });
});
