/**
 * The live tail's stream. In a browser: GET /logs/tail, server-sent events, read by an
 * EventSource, or by fetch when a token is set (an EventSource cannot send the Authorization
 * header). In the desktop window: the bridge's tail channel, whose messages arrive as
 * `logs.tail` events for our subscription. Callers do not know which one they got.
 */
import type { Bridge } from '../../../shared/api/bridge';
import type { LogTailMessage } from '../../../shared/api/schemas/log-stream';
import { readToken } from '../lib/storage';
import type { LogQueryFields } from '../stores/logs-query';
import { openFetchEventStream } from './fetch-event-stream';

export type { LogTailMessage };

export const TAIL_PATH = '/logs/tail';

export type LogTailStatus = 'connecting' | 'open' | 'closed';

export type OpenLogTail = (
  fields: LogQueryFields,
  onMessage: (message: LogTailMessage) => void,
  onStatus?: (status: LogTailStatus) => void,
) => () => void;

export function tailUrl(fields: LogQueryFields, baseUrl = ''): string {
  const qs = new URLSearchParams(tailFields(fields)).toString();
  return `${baseUrl}${TAIL_PATH}${qs ? `?${qs}` : ''}`;
}

/** The message, or null when it is not a tail message (junk must not break the stream). */
export function toTailMessage(v: unknown): LogTailMessage | null {
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

/** An SSE message's data as a tail message, or null. */
export function parseTailMessage(data: string): LogTailMessage | null {
  try {
    return toTailMessage(JSON.parse(data));
  } catch {
    return null;
  }
}

/** Search fields without from/to: a tail has no time window. */
export function tailFields(fields: LogQueryFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined && key !== 'from' && key !== 'to') out[key] = String(value);
  }
  return out;
}

/**
 * The desktop window's tail over the bridge. Messages for our subscription only; a message that
 * arrives before tailStart answered (it cannot: the main process sends after the first commit
 * following the start) would be for an unknown id and is dropped.
 */
export function openBridgeTail(bridge: Bridge): OpenLogTail {
  return (fields, onMessage, onStatus) => {
    let subscription: number | null = null;
    let closed = false;
    onStatus?.('connecting');
    const off = bridge.onEvent((event) => {
      if (event.type === 'logs.tail' && event.subscription === subscription) {
        const message = toTailMessage(event.message);
        if (message) onMessage(message);
      }
    });
    bridge.tailStart(tailFields(fields)).then(
      (result) => {
        if (!result.ok) {
          off();
          onStatus?.('closed');
          return;
        }
        subscription = result.value.subscription;
        if (closed) void bridge.tailStop(subscription);
        else onStatus?.('open');
      },
      () => {
        off();
        onStatus?.('closed');
      },
    );
    return () => {
      closed = true;
      off();
      if (subscription !== null) void bridge.tailStop(subscription);
    };
  };
}

/** Opens the stream; the returned function closes it. */
export const openLogTail: OpenLogTail = (fields, onMessage, onStatus) => {
  const bridge = typeof window === 'undefined' ? undefined : window.mc;
  if (bridge) return openBridgeTail(bridge)(fields, onMessage, onStatus);
  const token = readToken();
  if (token) return openTokenTail(token)(fields, onMessage, onStatus);
  return openEventSourceTail(fields, onMessage, onStatus);
};

/** A station that requires a token: the same stream, fetched with the Authorization header. */
export function openTokenTail(token: string, baseUrl = '', fetchImpl?: typeof fetch): OpenLogTail {
  return (fields, onMessage, onStatus) =>
    openFetchEventStream({
      url: tailUrl(fields, baseUrl),
      headers: { authorization: `Bearer ${token}` },
      fetchImpl,
      onStatus,
      onMessage: (m) => {
        if (m.event !== 'lines') return;
        const message = parseTailMessage(m.data);
        if (message) onMessage(message);
      },
    });
}

const openEventSourceTail: OpenLogTail = (fields, onMessage, onStatus) => {
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
