import { describe, expect, it } from 'vitest';
import type { LogTailMessage, OpenLogTail } from '../../../../src/renderer/src/api/log-tail';
import { createLogTailStore, prependTail, withTail } from '../../../../src/renderer/src/stores/log-tail';
import { DEFAULT_LOG_QUERY } from '../../../../src/renderer/src/stores/logs-query';
import type { LogQueryFields } from '../../../../src/renderer/src/stores/logs-query';
import { logEntry } from '../fixtures';

const msg = (ids: number[], extra: Partial<LogTailMessage> = {}): LogTailMessage => ({
  lines: ids.map((id) => logEntry(id)),
  matched_per_s: 2,
  sampled: false,
  skipped: 0,
  ...extra,
});

function fakeOpen() {
  const opened: { fields: LogQueryFields; closed: boolean; push: (m: LogTailMessage) => void }[] = [];
  const open: OpenLogTail = (fields, onMessage) => {
    const entry = { fields, closed: false, push: onMessage };
    opened.push(entry);
    return () => (entry.closed = true);
  };
  return { open, opened };
}

describe('prependTail / withTail', () => {
  it('puts arriving lines (oldest first) newest-first in front, capped', () => {
    const rows = [logEntry(2), logEntry(1)];
    expect(prependTail(rows, [logEntry(3), logEntry(4)]).map((e) => e.id)).toEqual([4, 3, 2, 1]);
    expect(prependTail(rows, [logEntry(3), logEntry(4)], 3).map((e) => e.id)).toEqual([4, 3, 2]);
    expect(prependTail([], [logEntry(1), logEntry(2), logEntry(3)], 2).map((e) => e.id)).toEqual([3, 2]);
  });

  it('shows tailed lines above the results without repeating one', () => {
    expect(withTail([logEntry(5), logEntry(4)], [logEntry(4), logEntry(3)]).map((e) => e.id)).toEqual([5, 4, 3]);
  });
});

describe('log tail store', () => {
  it('opens the stream with the query fields and shows what arrives, with rate and skipped count', () => {
    const { open, opened } = fakeOpen();
    const store = createLogTailStore(open);
    store.getState().start({ ...DEFAULT_LOG_QUERY, q: 'fault', minLevel: 'WARN' });
    expect(opened[0]!.fields).toMatchObject({ q: 'fault', min_level: 'WARN' });
    opened[0]!.push(msg([1, 2]));
    opened[0]!.push(msg([3], { sampled: true, skipped: 40, matched_per_s: 9.5 }));
    const s = store.getState();
    expect(s.rows.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(s.ratePerS).toBe(9.5);
    expect(s.skipped).toBe(40);
  });

  it('holds lines while paused and applies them on resume, without closing the stream', () => {
    const { open, opened } = fakeOpen();
    const store = createLogTailStore(open);
    store.getState().start(DEFAULT_LOG_QUERY);
    opened[0]!.push(msg([1]));
    store.getState().setPaused(true);
    opened[0]!.push(msg([2, 3]));
    expect(store.getState().rows.map((e) => e.id)).toEqual([1]);
    expect(opened[0]!.closed).toBe(false);
    store.getState().setPaused(false);
    expect(store.getState().rows.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(store.getState().held).toEqual([]);
  });

  it('restarting closes the old stream; stopping clears everything and ignores late messages', () => {
    const { open, opened } = fakeOpen();
    const store = createLogTailStore(open);
    store.getState().start(DEFAULT_LOG_QUERY);
    opened[0]!.push(msg([1]));
    store.getState().start({ ...DEFAULT_LOG_QUERY, q: 'other' });
    expect(opened[0]!.closed).toBe(true);
    expect(store.getState().rows).toEqual([]);
    store.getState().stop();
    expect(opened[1]!.closed).toBe(true);
    opened[1]!.push(msg([9]));
    expect(store.getState()).toMatchObject({ on: false, rows: [] });
  });
});
