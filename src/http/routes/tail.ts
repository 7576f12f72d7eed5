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
import { openTailSession, tailFilter, TAIL_BATCH, TAIL_INTERVAL_MS } from '../../core/tail/log-tail-session';
import { ErrorBody } from '../../shared/api/schemas/common';
import { LogTailQuery } from '../../shared/api/schemas/log-stream';
import type { Lifecycle } from '../lifecycle';
import { sseStreams } from './sse';

export { LogTailQuery, TAIL_BATCH, TAIL_INTERVAL_MS };

function lastEventId(header: string | string[] | undefined): number | null {
  const n = typeof header === 'string' && /^\d{1,15}$/.test(header) ? Number(header) : NaN;
  return Number.isSafeInteger(n) ? n : null;
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
      // A query the search would refuse (400) is refused before the stream starts.
      const filter = tailFilter(request.query as LogTailQuery);
      const after = lastEventId(request.headers['last-event-id']);
      startStream(request, reply, (stream) =>
        openTailSession({
          core,
          filter,
          after,
          send: (message, upTo) => stream.send('lines', message, upTo),
          isReady: () => lifecycle.state === 'ready',
          onError: (err) => request.log.warn({ err }, 'log tail query failed'),
        }),
      );
    },
  );
}
