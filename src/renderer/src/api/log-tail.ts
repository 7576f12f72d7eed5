/**
 * The live tail's stream (GET /logs/tail, server-sent events). Web console only: the desktop
 * window talks IPC, which has no tail channel yet (TODO: a `logs.tail` subscription over the
 * bridge), so callers check `transportKind === 'http'` first. Like the event stream, an
 * EventSource sends no Authorization header: a station that requires a token refuses it.
 */
import type { LogEntry } from '../../../shared/api/schemas/logs';
import type { LogQueryFields } from '../stores/logs-query';

export const TAIL_PATH = '/logs/tail';

export interface LogTailMessage {
  /** Oldest first. */
  lines: LogEntry[];
  matched_per_s: number;
  sampled: boolean;
  skipped: number;
}

export type LogTailStatus = 'connecting' | 'open' | 'closed';

export type OpenLogTail = (
  fields: LogQueryFields,
  onMessage: (message: LogTailMessage) => void,
  onStatus?: (status: LogTailStatus) => void,
) => () => void;

export function tailUrl(fields: LogQueryFields, baseUrl = ''): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    // A tail has no time window: from/to would only be ignored by the station.
    if (value !== undefined && key !== 'from' && key !== 'to') params.set(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}${TAIL_PATH}${qs ? `?${qs}` : ''}`;
}

/** The message's data, or null when it is not a tail message (junk must not break the stream). */
export function parseTailMessage(data: string): LogTailMessage | null {
  let v: unknown;
  try {
    v = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof v !== 'object' || v === null) return null;
  const m = v as Partial<LogTailMessage>;
  if (!Array.isArray(m.lines)) return null;
  return {
    lines: m.lines,
    matched_per_s: typeof m.matched_per_s === 'number' ? m.matched_per_s : 0,
    sampled: m.sampled === true,
    skipped: typeof m.skipped === 'number' ? m.skipped : 0,
  };
}

/** Opens the stream; the returned function closes it. */
export const openLogTail: OpenLogTail = (fields, onMessage, onStatus) => {
  if (typeof EventSource === 'undefined') {
    onStatus?.('closed');
    return () => undefined;
  }
  const source = new EventSource(tailUrl(fields));
  onStatus?.('connecting');
  source.onopen = () => onStatus?.('open');
  // EventSource retries by itself (the station sends the last id, so nothing is lost in a
  // short gap); CLOSED means it gave up, e.g. the station refused the query.
  source.onerror = () => onStatus?.(source.readyState === EventSource.CLOSED ? 'closed' : 'connecting');
  source.addEventListener('lines', (event: MessageEvent<string>) => {
    const message = parseTailMessage(event.data);
    if (message) onMessage(message);
  });
  return () => source.close();
};
