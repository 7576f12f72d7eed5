/**
 * GET /logs/tail?<search fields> — a live tail: the lines that match, as they are ingested, as
 * server-sent events. The stream starts at the newest line at connect (or after the
 * `Last-Event-ID` an EventSource sends when it reconnects) and, after each commit
 * (`logs.ingested`, at most one query per 250 ms), sends
 *   event: lines, id: <newest id looked at>, data: {lines, matched_per_s, sampled, skipped}
 * with `lines` oldest first. When more than 500 lines matched since the previous message only
 * the newest 500 are sent (`sampled: true`, `skipped` = how many were left out): a flood
 * thins out instead of freezing the console. `from`/`to` are accepted (a search's URL can be
 * reused as is) but ignored: a tail has no time window.
 */
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { parseLevels } from '../../core/handlers/log-filter-input';
import { buildLogWhere, type LogFilter } from '../../core/query/log-filter';
import { ErrorBody } from '../../shared/api/schemas/common';
import { LogQueryFields } from '../../shared/api/schemas/logs';
import type { Lifecycle } from '../lifecycle';
import { sseStreams } from './sse';

export const TAIL_BATCH = 500;
export const TAIL_INTERVAL_MS = 250;
/** matched_per_s is averaged over this much of the recent past. */
const RATE_WINDOW_MS = 5_000;

export const LogTailQuery = Type.Object({ ...LogQueryFields }, { additionalProperties: false });
type LogTailQuery = Static<typeof LogTailQuery>;

function tailFilter(query: LogTailQuery): LogFilter {
  return {
    q: query.q,
    levels: parseLevels(query.level, query.min_level),
    service: query.service,
    spacecraft_id: query.spacecraft_id,
    request_id: query.request_id,
    trace_id: query.trace_id,
  };
}

function lastEventId(header: string | string[] | undefined, newest: number): number | null {
  const n = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : NaN;
  return Number.isSafeInteger(n) && n <= newest ? n : null;
}

export function tailRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  const startStream = sseStreams(app);

  app.get(
    '/logs/tail',
    {
      schema: {
        summary: 'Live tail of matching log lines (text/event-stream)',
        description:
          'Same query fields as GET /logs/search; from/to are ignored. Each `lines` message carries {lines (oldest first), matched_per_s, sampled, skipped}; at most 500 lines per message, the newest ones when more matched.',
        tags: ['logs'],
        querystring: LogTailQuery,
        response: { '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const core = lifecycle.requireCore();
      const filter = tailFilter(request.query as LogTailQuery);
      buildLogWhere(filter); // a query the search would refuse (400) is refused before the stream starts
      const newest = core.tail.newestId();
      let last = lastEventId(request.headers['last-event-id'], newest) ?? newest;
      const opened = Date.now();
      const recent: { at: number; matched: number }[] = [];

      startStream(request, reply, (stream) => {
        let timer: NodeJS.Timeout | null = null;
        let lastRun = 0;
        const run = () => {
          timer = null;
          lastRun = Date.now();
          if (lifecycle.state !== 'ready') return;
          try {
            const { lines, matched, upTo } = core.tail.after(filter, last, TAIL_BATCH);
            last = upTo;
            if (matched === 0) return;
            const now = Date.now();
            recent.push({ at: now, matched });
            while (recent.length && recent[0]!.at < now - RATE_WINDOW_MS) recent.shift();
            const span = Math.min(RATE_WINDOW_MS, Math.max(1_000, now - opened)) / 1000;
            const perS = recent.reduce((n, r) => n + r.matched, 0) / span;
            stream.send('lines', { lines, matched_per_s: Math.round(perS * 10) / 10, sampled: matched > lines.length, skipped: matched - lines.length }, upTo);
          } catch (err) {
            request.log.warn({ err }, 'log tail query failed');
          }
        };
        const off = core.events.on((event) => {
          if (event.type !== 'logs.ingested' || timer) return;
          timer = setTimeout(run, Math.max(0, lastRun + TAIL_INTERVAL_MS - Date.now()));
        });
        // Lines since a reconnect's Last-Event-ID go out at once.
        if (last < newest) timer = setTimeout(run, 0);
        return () => {
          off();
          if (timer) clearTimeout(timer);
        };
      });
    },
  );
}
