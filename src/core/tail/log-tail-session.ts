/**
 * A live tail session, shared by the HTTP route (server-sent events) and the desktop window's
 * IPC channel: after each commit (`logs.ingested`, at most one query per TAIL_INTERVAL_MS) it
 * reads the matching lines after the last id it looked at and hands them on, oldest first.
 * When more than TAIL_BATCH matched since the previous message only the newest TAIL_BATCH go
 * out (`sampled`, `skipped`): a flood thins out instead of freezing the console.
 */
import type { LogTailMessage, LogTailQuery } from '../../shared/api/schemas/log-stream';
import type { AppEvent } from '../../shared/api/events';
import { parseLevels } from '../handlers/log-filter-input';
import { buildLogWhere, type LogFilter } from '../query/log-filter';
import type { Core } from '../core';

export const TAIL_BATCH = 500;
export const TAIL_INTERVAL_MS = 250;
/** matched_per_s is averaged over this much of the recent past. */
const RATE_WINDOW_MS = 5_000;

/**
 * The tail's filter (from/to ignored: a tail has no time window). Throws the same bad_request
 * ApiError a search would for a bad level or unbalanced parentheses, so a stream that could
 * never answer is refused before it starts.
 */
export function tailFilter(query: LogTailQuery): LogFilter {
  const filter: LogFilter = {
    q: query.q,
    levels: parseLevels(query.level, query.min_level),
    service: query.service,
    spacecraft_id: query.spacecraft_id,
    request_id: query.request_id,
    trace_id: query.trace_id,
  };
  buildLogWhere(filter);
  return filter;
}

export interface TailSessionOptions {
  core: Pick<Core, 'tail'> & { events: { on(listener: (event: AppEvent) => void): () => void } };
  filter: LogFilter;
  /** Start after this id (a reconnect's Last-Event-ID); default: the newest line now. */
  after?: number | null;
  send(message: LogTailMessage, upTo: number): void;
  /** Checked before each read: false while the station is closing. */
  isReady?: () => boolean;
  onError?(err: unknown): void;
}

/** Starts the session; the returned function ends it. */
export function openTailSession(opts: TailSessionOptions): () => void {
  const { core, filter } = opts;
  const newest = core.tail.newestId();
  let last = opts.after !== undefined && opts.after !== null && opts.after <= newest ? opts.after : newest;
  const opened = Date.now();
  const recent: { at: number; matched: number }[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRun = 0;
  let stopped = false;

  const run = () => {
    timer = null;
    lastRun = Date.now();
    if (stopped || (opts.isReady && !opts.isReady())) return;
    try {
      const { lines, matched, upTo } = core.tail.after(filter, last, TAIL_BATCH);
      last = upTo;
      if (matched === 0) return;
      const now = Date.now();
      recent.push({ at: now, matched });
      while (recent.length && recent[0]!.at < now - RATE_WINDOW_MS) recent.shift();
      const span = Math.min(RATE_WINDOW_MS, Math.max(1_000, now - opened)) / 1000;
      const perS = recent.reduce((n, r) => n + r.matched, 0) / span;
      opts.send({ lines, matched_per_s: Math.round(perS * 10) / 10, sampled: matched > lines.length, skipped: matched - lines.length }, upTo);
    } catch (err) {
      opts.onError?.(err);
    }
  };
  const off = core.events.on((event) => {
    if (event.type !== 'logs.ingested' || timer || stopped) return;
    timer = setTimeout(run, Math.max(0, lastRun + TAIL_INTERVAL_MS - Date.now()));
  });
  // Lines since a reconnect's Last-Event-ID go out at once.
  if (last < newest) timer = setTimeout(run, 0);
  return () => {
    stopped = true;
    off();
    if (timer) clearTimeout(timer);
  };
}
