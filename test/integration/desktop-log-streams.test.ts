/**
 * The desktop window's tail and export channels (src/main/ipc-log-streams.ts) over a real core:
 * real SQLite, real ingest over HTTP, a real file written. Only Electron itself is stood in for
 * (ipcMain, the save dialog and the page's webContents), as no Electron runtime runs here.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { IPC_EVENT } from '../../src/shared/api/bridge';
import type { AppEvent } from '../../src/shared/api/events';
import { postJson, startTestStation, type TestStation } from '../support/station';

const electron = vi.hoisted(() => ({
  ipcMain: { handle: vi.fn(), removeHandler: vi.fn() },
  BrowserWindow: { getAllWindows: vi.fn((): unknown[] => []), fromWebContents: vi.fn(() => null) },
  dialog: { showSaveDialog: vi.fn() },
}));
vi.mock('electron', () => electron);

const { createLogStreams } = await import('../../src/main/ipc-log-streams');

const APP_URL = 'file:///app/out/renderer/index.html';
let s: TestStation;
let dir: string;

function page() {
  const sent: AppEvent[] = [];
  const sender = {
    isDestroyed: () => false,
    send: (channel: string, event: AppEvent) => {
      if (channel === IPC_EVENT) sent.push(event);
    },
    once: () => undefined,
  };
  return { event: { senderFrame: { url: APP_URL } as never, sender: sender as never }, sent };
}

beforeAll(async () => {
  s = await startTestStation();
  dir = mkdtempSync(join(tmpdir(), 'obs-desktop-export-'));
});

afterAll(async () => {
  await s?.close();
  rmSync(dir, { recursive: true, force: true });
});

test('tail: lines ingested after the start arrive as logs.tail events, filtered like a search', async () => {
  const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(s.core) });
  expect((await postJson(`${s.url}/logs`, [{ level: 'error', service: 'nav', message: 'before the tail' }])).status).toBe(202);
  const p = page();
  const started = await streams.tailStart(p.event, { q: 'valve', min_level: 'warn' });
  expect(started.ok).toBe(true);
  const res = await postJson(`${s.url}/logs`, [
    { level: 'error', service: 'nav', message: 'valve 1 stuck' },
    { level: 'info', service: 'nav', message: 'valve 2 nominal' },
    { level: 'warn', service: 'power', message: 'valve 3 slow' },
  ]);
  expect(res.status).toBe(202);
  await vi.waitFor(() => expect(p.sent.length).toBeGreaterThan(0), { timeout: 5000 });
  const lines = p.sent.flatMap((e) => (e.type === 'logs.tail' ? e.message.lines.map((l) => l.message) : []));
  expect(lines).toEqual(['valve 1 stuck', 'valve 3 slow']);
  streams.closeAll();
});

test('export: the chosen file holds exactly what the search finds, oldest first, with progress', async () => {
  const t0 = Date.now() - 600_000;
  const batch = Array.from({ length: 12_000 }, (_, i) => ({ timestamp: t0 + i, level: i % 2 ? 'info' : 'error', service: 'comms', message: `frame ${i}` }));
  expect((await postJson(`${s.url}/logs`, batch)).status).toBe(202);
  const file = join(dir, 'comms.ndjson');
  electron.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: file });
  const streams = createLogStreams({ appUrl: APP_URL, core: Promise.resolve(s.core) });
  const p = page();
  const result = await streams.exportLogs(p.event, 'exp-comms', { service: 'comms', level: 'ERROR', format: 'ndjson', from: 'now-1h' });
  expect(result).toMatchObject({ ok: true, value: { path: file, lines: 6000, cancelled: false } });

  const search = await s.core.api['logs.search']({ service: 'comms', level: 'ERROR', from: 'now-1h', limit: 1000 });
  const exported = readFileSync(file, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as { id: number; message: string });
  expect(exported).toHaveLength(6000);
  // The search's newest page is the export's last 1000 lines, reversed.
  expect(exported.slice(-1000).map((e) => e.id).reverse()).toEqual(search.items.map((e) => e.id));
  expect(exported[0]!.message).toBe('frame 0');
  const progress = p.sent.flatMap((e) => (e.type === 'logs.export' ? [e.progress] : []));
  expect(progress.length).toBeGreaterThan(1);
  expect(progress.at(-1)).toMatchObject({ export_id: 'exp-comms', lines: 6000, total: 6000 });
  expect(readdirSync(dir)).toEqual(['comms.ndjson']);
});
