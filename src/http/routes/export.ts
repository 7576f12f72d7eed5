/**
 * GET /logs/export?format=ndjson|csv&<search fields>&limit=N — matching lines as a download,
 * oldest first, streamed page by page from the core (src/core/export/log-export.ts). The route
 * only moves bytes: it honours back-pressure (a write that returns false waits for 'drain'),
 * stops reading as soon as the client goes away or the station starts closing, and cuts the
 * response short (no final chunk, so the client sees an incomplete transfer) on a failure
 * after the headers went out. X-Total-Count is sent only when counting was cheap.
 */
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { ErrorBody } from '../../shared/api/schemas/common';
import { LogExportQuery } from '../../shared/api/schemas/log-stream';
import type { Lifecycle } from '../lifecycle';

export { LogExportQuery };

/** Resolves when the socket can take more, or when it is gone (then `closed` says so). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export function exportRoutes(app: FastifyInstance, lifecycle: Lifecycle): void {
  app.get(
    '/logs/export',
    {
      schema: {
        summary: 'Download matching log lines as NDJSON or CSV (streamed, oldest first)',
        description:
          'Takes the same query fields as GET /logs/search. CSV has a header row, RFC 4180 quoting, and every text cell starting with = + - @ tab or CR prefixed with an apostrophe (formula injection). X-Total-Count is present only when the filter has no full-text terms.',
        tags: ['logs'],
        querystring: LogExportQuery,
        response: { '4xx': ErrorBody, '5xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const core = lifecycle.requireCore();
      const query = request.query as LogExportQuery;
      // Validation errors (bad level, time, range) throw here, before any byte is sent.
      const exp = core.exportLogs({ ...query, format: query.format ?? 'ndjson' });
      const res = reply.raw;
      let closed = false;
      res.on('close', () => (closed = true));

      reply.hijack();
      res.writeHead(200, {
        ...(reply.getHeaders() as Record<string, string>),
        'content-type': exp.contentType,
        'content-disposition': `attachment; filename="${exp.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        ...(exp.total === null ? {} : { 'x-total-count': String(exp.total) }),
      });
      try {
        for await (const chunk of exp.chunks) {
          if (closed || lifecycle.state !== 'ready') break; // `break` ends the generator: no more pages are read
          if (!res.write(chunk)) await drained(res);
          if (closed) break;
        }
        if (closed || lifecycle.state !== 'ready') res.destroy();
        else res.end();
      } catch (err) {
        request.log.error({ err }, 'log export failed mid-stream');
        res.destroy();
      }
    },
  );
}
