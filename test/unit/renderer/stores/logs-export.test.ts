import { describe, expect, it } from 'vitest';
import type { ExportOutcome, ExportProgress, StartExport } from '../../../../src/renderer/src/api/log-export';
import { createLogsExportStore } from '../../../../src/renderer/src/stores/logs-export';
import { DEFAULT_LOG_QUERY } from '../../../../src/renderer/src/stores/logs-query';
import { ApiError } from '../../../../src/shared/api/errors';

/** An export whose progress and ending the test drives. */
function controlled() {
  const runs: { fields: Record<string, string | undefined>; format: string; progress(p: ExportProgress): void; finish(o: ExportOutcome): void; fail(e: Error): void; cancelled: boolean }[] = [];
  const start: StartExport = (fields, format, onProgress) => {
    let finish!: (o: ExportOutcome) => void;
    let fail!: (e: Error) => void;
    const done = new Promise<ExportOutcome>((res, rej) => ((finish = res), (fail = rej)));
    const run = { fields, format, progress: onProgress, finish, fail, cancelled: false };
    runs.push(run);
    return { done, cancel: () => ((run.cancelled = true), finish({ kind: 'cancelled' })) };
  };
  return { start, runs };
}

describe('logs export store', () => {
  it('runs one export with the query fields, shows progress, then where it went', async () => {
    const { start, runs } = controlled();
    const store = createLogsExportStore(start);
    const p = store.getState().start({ ...DEFAULT_LOG_QUERY, q: 'valve', minLevel: 'ERROR', range: '1h' }, 'csv');
    expect(store.getState()).toMatchObject({ status: 'running', format: 'csv' });
    expect(runs[0]).toMatchObject({ fields: { q: 'valve', min_level: 'ERROR', from: 'now-1h' }, format: 'csv' });
    void store.getState().start(DEFAULT_LOG_QUERY, 'ndjson'); // a second one while running is ignored
    expect(runs).toHaveLength(1);
    runs[0]!.progress({ lines: 5000, bytes: 1234, total: 9000 });
    expect(store.getState().progress).toEqual({ lines: 5000, bytes: 1234, total: 9000 });
    runs[0]!.finish({ kind: 'saved', path: '/home/op/logs.csv', fileName: 'logs.csv', lines: 9000, bytes: 2000 });
    await p;
    expect(store.getState()).toMatchObject({ status: 'saved', path: '/home/op/logs.csv', fileName: 'logs.csv', progress: { lines: 9000, total: 9000 } });
    store.getState().dismiss();
    expect(store.getState().status).toBe('idle');
  });

  it('cancel asks the export to stop; an error shows its message; a closed dialog is no news', async () => {
    const { start, runs } = controlled();
    const store = createLogsExportStore(start);
    const a = store.getState().start(DEFAULT_LOG_QUERY, 'ndjson');
    store.getState().cancel();
    await a;
    expect(runs[0]!.cancelled).toBe(true);
    expect(store.getState().status).toBe('cancelled');

    const b = store.getState().start(DEFAULT_LOG_QUERY, 'ndjson');
    runs[1]!.fail(new ApiError('unauthorized', 'the bearer token is not valid for this station'));
    await b;
    expect(store.getState()).toMatchObject({ status: 'error', error: 'the bearer token is not valid for this station' });

    const c = store.getState().start(DEFAULT_LOG_QUERY, 'csv');
    runs[2]!.finish({ kind: 'dismissed' });
    await c;
    expect(store.getState().status).toBe('idle');
  });
});
