import { describe, expect, it, vi } from 'vitest';
import { bridgeExport } from '../../../../src/renderer/src/api/log-export';
import { openBridgeTail, type LogTailMessage } from '../../../../src/renderer/src/api/log-tail';
import type { Bridge } from '../../../../src/shared/api/bridge';
import type { AppEvent } from '../../../../src/shared/api/events';
import type { LogExportDone } from '../../../../src/shared/api/schemas/log-stream';
import type { Result } from '../../../../src/shared/api/errors';
import { logEntry } from '../fixtures';

/** The preload's window.mc as the page sees it, with the main process played by the test. */
function fakeBridge(exportAnswer?: Promise<Result<LogExportDone>>) {
  const listeners = new Set<(e: AppEvent) => void>();
  const bridge: Bridge = {
    invoke: vi.fn(),
    onEvent: (l) => (listeners.add(l), () => listeners.delete(l)),
    tailStart: vi.fn(async () => ({ ok: true as const, value: { subscription: 7 } })),
    tailStop: vi.fn(async () => undefined),
    exportLogs: vi.fn(() => exportAnswer ?? Promise.resolve({ ok: true as const, value: { path: '/tmp/x.csv', lines: 2, bytes: 10, cancelled: false } })),
    exportCancel: vi.fn(async () => undefined),
  };
  return { bridge, emit: (e: AppEvent) => listeners.forEach((l) => l(e)), listeners };
}

const message = (ids: number[]): LogTailMessage => ({ lines: ids.map((id) => logEntry(id)), matched_per_s: 1, sampled: false, skipped: 0 });

describe('desktop tail over the bridge', () => {
  it('starts with the search fields (no time window), passes on its own messages only, and stops', async () => {
    const { bridge, emit, listeners } = fakeBridge();
    const got: LogTailMessage[] = [];
    const statuses: string[] = [];
    const close = openBridgeTail(bridge)({ q: 'valve', from: 'now-1h', min_level: 'WARN' }, (m) => got.push(m), (s) => statuses.push(s));
    expect(bridge.tailStart).toHaveBeenCalledWith({ q: 'valve', min_level: 'WARN' });
    await Promise.resolve();
    await Promise.resolve();
    emit({ type: 'logs.tail', subscription: 7, message: message([1, 2]) });
    emit({ type: 'logs.tail', subscription: 8, message: message([3]) });
    emit({ type: 'logs.ingested', count: 1, spacecraft_ids: [] });
    expect(got.map((m) => m.lines.map((l) => l.id))).toEqual([[1, 2]]);
    expect(statuses).toEqual(['connecting', 'open']);
    close();
    expect(bridge.tailStop).toHaveBeenCalledWith(7);
    expect(listeners.size).toBe(0);
  });

  it('a refused start closes the tail', async () => {
    const { bridge } = fakeBridge();
    vi.mocked(bridge.tailStart).mockResolvedValueOnce({ ok: false, error: { code: 'bad_request', message: 'unbalanced' } });
    const statuses: string[] = [];
    openBridgeTail(bridge)({}, () => undefined, (s) => statuses.push(s));
    await new Promise((r) => setTimeout(r, 0));
    expect(statuses).toEqual(['connecting', 'closed']);
  });
});

describe('desktop export over the bridge', () => {
  it('reports progress for its own id and the saved file', async () => {
    let answer!: (r: Result<LogExportDone>) => void;
    const { bridge, emit } = fakeBridge(new Promise((res) => (answer = res)));
    const progress: number[] = [];
    const run = bridgeExport(bridge)({ q: 'a' }, 'csv', (p) => progress.push(p.lines));
    const [id, query] = vi.mocked(bridge.exportLogs).mock.calls[0]!;
    expect(query).toEqual({ q: 'a', format: 'csv' });
    emit({ type: 'logs.export', progress: { export_id: id, lines: 5000, bytes: 100, total: null } });
    emit({ type: 'logs.export', progress: { export_id: 'other', lines: 1, bytes: 1, total: null } });
    run.cancel();
    expect(bridge.exportCancel).toHaveBeenCalledWith(id);
    answer({ ok: true, value: { path: '/home/op/logs.csv', lines: 5000, bytes: 100, cancelled: false } });
    await expect(run.done).resolves.toEqual({ kind: 'saved', path: '/home/op/logs.csv', fileName: 'logs.csv', lines: 5000, bytes: 100 });
    expect(progress).toEqual([5000]);
  });

  it('turns a refusal into an ApiError and a closed dialog into dismissed', async () => {
    const refused = fakeBridge(Promise.resolve({ ok: false, error: { code: 'bad_request', message: 'min_level: "x"' } }));
    await expect(bridgeExport(refused.bridge)({}, 'ndjson', () => undefined).done).rejects.toMatchObject({ code: 'bad_request' });
    const closed = fakeBridge(Promise.resolve({ ok: true, value: { path: null, lines: 0, bytes: 0, cancelled: false } }));
    await expect(bridgeExport(closed.bridge)({}, 'ndjson', () => undefined).done).resolves.toEqual({ kind: 'dismissed' });
  });
});
