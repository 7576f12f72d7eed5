/**
 * GET /metrics: the station's own health in Prometheus's text exposition format (0.0.4), so a
 * real Prometheus can scrape us: an HTTP request duration histogram by route and status (kept
 * here, where requests are seen) and the system collector's figures (ingest per protocol,
 * queue depth, rejected/throttled, DB and WAL size, event loop, GC, RSS, heap, host).
 */
import type { FastifyInstance } from 'fastify';
import type { SystemMetrics } from '../../shared/api/schemas/metrics';
import type { Lifecycle } from '../lifecycle';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/** Request durations per (method, route pattern, status): the pattern keeps the label set small. */
export class RequestDurations {
  readonly series = new Map<string, { labels: Record<string, string>; h: Histogram }>();

  observe(labels: Record<string, string>, seconds: number): void {
    const key = `${labels.method}\0${labels.route}\0${labels.status}`;
    let s = this.series.get(key);
    if (!s) this.series.set(key, (s = { labels, h: { counts: BUCKETS.map(() => 0), sum: 0, count: 0 } }));
    BUCKETS.forEach((b, i) => {
      if (seconds <= b) s.h.counts[i]!++;
    });
    s.h.sum += seconds;
    s.h.count++;
  }
}

function escapeLabel(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

/** Our dotted names (ingest.lines_total) → Prometheus names (observatory_ingest_lines_total). */
export function promName(name: string): string {
  return `observatory_${name.replace(/[^a-zA-Z0-9_:]/g, '_')}`;
}

function labelText(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  return entries.length ? `{${entries.map(([k, v]) => `${k.replace(/[^a-zA-Z0-9_]/g, '_')}="${escapeLabel(v)}"`).join(',')}}` : '';
}

class Exposition {
  private readonly lines: string[] = [];
  private readonly typed = new Set<string>();

  add(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, labels: Record<string, string>, value: number): void {
    this.header(name, type, help);
    this.lines.push(`${name}${labelText(labels)} ${formatNumber(value)}`);
  }

  header(name: string, type: string, help: string): void {
    if (this.typed.has(name)) return;
    this.typed.add(name);
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  }

  raw(line: string): void {
    this.lines.push(line);
  }

  text(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

function formatNumber(v: number): string {
  return Number.isNaN(v) ? 'NaN' : v === Infinity ? '+Inf' : v === -Infinity ? '-Inf' : String(v);
}

export function renderExposition(s: SystemMetrics, durations: RequestDurations): string {
  const out = new Exposition();
  const hname = 'observatory_http_request_duration_seconds';
  out.header(hname, 'histogram', 'HTTP request duration by method, route and status.');
  for (const { labels, h } of durations.series.values()) {
    BUCKETS.forEach((b, i) => out.raw(`${hname}_bucket${labelText({ ...labels, le: String(b) })} ${h.counts[i]}`));
    out.raw(`${hname}_bucket${labelText({ ...labels, le: '+Inf' })} ${h.count}`);
    out.raw(`${hname}_sum${labelText(labels)} ${formatNumber(h.sum)}`);
    out.raw(`${hname}_count${labelText(labels)} ${h.count}`);
  }
  const g = (name: string, help: string, value: number, labels: Record<string, string> = {}) => out.add(promName(name), 'gauge', help, labels, value);
  const c = (name: string, help: string, value: number, labels: Record<string, string> = {}) => out.add(promName(name), 'counter', help, labels, value);
  for (const p of s.ingest.by_protocol) {
    const labels = { protocol: p.protocol };
    c('ingest_requests_total', 'Ingest requests by protocol.', p.requests, labels);
    c('ingest_lines_total', 'Log lines stored by protocol.', p.lines, labels);
    c('ingest_samples_total', 'Metric samples stored by protocol.', p.samples, labels);
    c('ingest_spans_total', 'Spans stored by protocol.', p.spans, labels);
    c('ingest_rejected_records_total', 'Records refused by protocol.', p.rejected, labels);
    c('ingest_duplicate_batches_total', 'Resent batches answered from the idempotency record.', p.duplicates, labels);
  }
  c('ingest_all_lines_total', 'Log lines stored, all protocols.', s.ingest.lines_total);
  c('ingest_all_rejected_total', 'Records refused, all protocols.', s.ingest.rejected_total);
  c('ingest_throttled_total', 'Requests refused with 429 because the writer was saturated.', s.ingest.throttled_total);
  g('ingest_queued_records', 'Records waiting for the writer.', s.ingest.queued_records);
  g('ingest_lines_per_second', 'Log lines stored per second over the last collection interval.', s.ingest.lines_per_s);
  g('db_size_bytes', 'SQLite database file size.', s.db.size_bytes);
  g('db_wal_bytes', 'SQLite write-ahead log size.', s.db.wal_bytes);
  g('process_resident_memory_bytes', 'Resident set size.', s.process.rss_bytes);
  g('process_heap_used_bytes', 'V8 heap in use.', s.process.heap_used_bytes);
  g('process_uptime_seconds', 'Seconds since the station process started.', s.process.uptime_s);
  for (const [q, v] of Object.entries(s.process.event_loop_lag_ms)) g('process_event_loop_lag_seconds', 'Event-loop delay over the last collection interval.', v / 1000, { quantile: q === 'p50' ? '0.5' : q === 'p99' ? '0.99' : '1' });
  g('host_cpu_usage_percent', 'Host CPU use, all cores.', s.host.cpu.usage_pct);
  g('host_load1', 'Host load average, 1 minute.', s.host.cpu.load1);
  g('host_memory_used_bytes', 'Host memory in use.', s.host.memory.used_bytes);
  if (s.host.disk) g('host_disk_free_bytes', 'Free space on the data directory volume.', s.host.disk.free_bytes, { path: s.host.disk.path });
  for (const [source, counters] of Object.entries(s.counters)) {
    for (const [name, v] of Object.entries(counters)) g('counter', 'Counts kept by listeners and jobs (syslog, retention, queries…).', v, { source, name });
  }
  return out.text();
}

export function metricsExpositionRoutes(app: FastifyInstance, lifecycle: Lifecycle): RequestDurations {
  const durations = new RequestDurations();
  app.addHook('onResponse', async (request, reply) => {
    // Unmatched URLs share one label value: a scanner must not grow the series without bound.
    const route = request.routeOptions.url ?? 'unmatched';
    durations.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    const snapshot = await lifecycle.requireCore().api['metrics.system']({});
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(renderExposition(snapshot, durations));
  });
  return durations;
}
