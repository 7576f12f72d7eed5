/**
 * Prometheus's HTTP query API (GET|POST /api/v1/query, /api/v1/query_range, plus labels and
 * label values for query editors), answered by the station's metric engine in Prometheus's JSON
 * shape, so Grafana's Prometheus data source and scripts can query Observatory. A translation of
 * formats only: the evaluation is the core's.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isApiError } from '../../shared/api/errors';
import type { Lifecycle } from '../lifecycle';

/** Prometheus accepts RFC 3339 or (fractional) Unix seconds. */
function parseTime(text: string | undefined, field: string, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  if (/^-?[0-9]+(\.[0-9]+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const ms = Date.parse(text);
  if (Number.isNaN(ms) || !/^\d{4}-\d{2}-\d{2}T/.test(text)) throw new BadData(`invalid parameter "${field}": cannot parse "${text.slice(0, 64)}" to a valid timestamp`);
  return ms;
}

/** A step is fractional seconds or a Prometheus duration (1m, 1h30m). */
function parseStep(text: string | undefined): number {
  if (text === undefined || text === '') throw new BadData('invalid parameter "step": missing');
  if (/^[0-9]+(\.[0-9]+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const m = /^(?:[0-9]+(?:ms|s|m|h|d|w|y))+$/.exec(text);
  if (!m) throw new BadData(`invalid parameter "step": cannot parse "${text.slice(0, 64)}" to a valid duration`);
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };
  let ms = 0;
  for (const part of text.matchAll(/([0-9]+)(ms|s|m|h|d|w|y)/g)) ms += Number(part[1]) * (unit[part[2] as string] as number);
  return ms;
}

class BadData extends Error {}

/** Prometheus writes sample values as strings, NaN and ±Inf included. */
function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function params(request: FastifyRequest): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const source of [request.query, request.body]) {
    if (source && typeof source === 'object') {
      for (const [k, v] of Object.entries(source as Record<string, unknown>)) out[k] = Array.isArray(v) ? String(v[v.length - 1]) : typeof v === 'string' ? v : undefined;
    }
  }
  return out;
}

/** `raw`: run() gives the `data` already as JSON text (built on a query thread). */
async function answer(reply: FastifyReply, run: () => unknown, raw = false): Promise<FastifyReply> {
  try {
    const data = await run();
    if (raw) return reply.type('application/json; charset=utf-8').send(`{"status":"success","data":${data as string}}`);
    return reply.send({ status: 'success', data });
  } catch (e) {
    if (e instanceof BadData || (isApiError(e) && e.code === 'bad_request')) {
      return reply.code(400).send({ status: 'error', errorType: 'bad_data', error: (e as Error).message });
    }
    // Stopped at the query threads' deadline: Prometheus calls that a timeout.
    const errorType = (e: { status: number; code: string }) => (e.code === 'query_too_expensive' ? 'timeout' : e.status === 503 ? 'unavailable' : 'internal');
    if (isApiError(e)) return reply.code(e.status).send({ status: 'error', errorType: errorType(e), error: e.message });
    throw e;
  }
}

export async function prometheusApiRoutes(app: FastifyInstance, lifecycle: Lifecycle): Promise<void> {
  await app.register(async (scope) => {
    // Prometheus clients POST form-encoded parameters (long queries do not fit a URL).
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    const schema = { hide: true };

    const instant = async (request: FastifyRequest, reply: FastifyReply) =>
      answer(reply, async () => {
        const p = params(request);
        if (!p.query) throw new BadData('invalid parameter "query": missing');
        const at = parseTime(p.time, 'time', Date.now());
        const r = await lifecycle.requireCore().metricReads.instant(p.query, at);
        const t = at / 1000;
        if (r.resultType === 'scalar') return { resultType: 'scalar', result: [t, formatValue(r.series[0]?.value ?? NaN)] };
        return { resultType: 'vector', result: r.series.map((s) => ({ metric: s.labels, value: [t, formatValue(s.value)] })) };
      });
    scope.get('/api/v1/query', { schema }, instant);
    scope.post('/api/v1/query', { schema }, instant);

    const range = async (request: FastifyRequest, reply: FastifyReply) =>
      answer(reply, async () => {
        const p = params(request);
        if (!p.query) throw new BadData('invalid parameter "query": missing');
        const start = parseTime(p.start, 'start', NaN);
        const end = parseTime(p.end, 'end', NaN);
        if (Number.isNaN(start)) throw new BadData('invalid parameter "start": missing');
        if (Number.isNaN(end)) throw new BadData('invalid parameter "end": missing');
        if (end < start) throw new BadData('invalid parameter "end": end timestamp must not be before start time');
        const step = parseStep(p.step);
        if (step <= 0) throw new BadData('invalid parameter "step": zero or negative query resolution step widths are not accepted. Try a positive integer');
        // Prometheus's grid; rollups only where the step is coarse enough (see the query README).
        return lifecycle.requireCore().metricReads.rangePromJson(p.query, start, end, step);
      }, true);
    scope.get('/api/v1/query_range', { schema }, range);
    scope.post('/api/v1/query_range', { schema }, range);

    scope.get('/api/v1/labels', { schema }, async (_request, reply) =>
      answer(reply, () => {
        const keys = new Set<string>(['__name__']);
        for (const s of lifecycle.requireCore().metricQuery.series()) for (const k of Object.keys(s)) keys.add(k);
        return [...keys].sort();
      }),
    );
    scope.get('/api/v1/label/:name/values', { schema }, async (request, reply) =>
      answer(reply, () => {
        const name = (request.params as { name: string }).name;
        const values = new Set<string>();
        for (const s of lifecycle.requireCore().metricQuery.series()) if (s[name] !== undefined) values.add(s[name] as string);
        return [...values].sort();
      }),
    );
  });
}
