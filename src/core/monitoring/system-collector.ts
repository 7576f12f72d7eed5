/**
 * Samples host, process, ingest and database health every interval, stores each figure as a
 * metric (so alert rules and charts can use them like any other) and keeps the latest snapshot
 * for GET /metrics/system.
 */
import { statSync, statfsSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { SystemMetrics } from '../../shared/api/schemas/metrics';
import type { MetricSample } from '../db/repos/metrics';
import { GcObserver } from './gc-observer';
import { HostSampler, type LabelledValue } from './host-sampler';

export interface CollectorSources {
  dataDir: string;
  dbPath: string;
  linesTotal: () => number;
  rejectedTotal: () => number;
  ingestCounters: () => Pick<SystemMetrics['ingest'], 'throttled_total' | 'queued_records' | 'by_protocol'>;
  counters: () => SystemMetrics['counters'];
  store: (samples: MetricSample[]) => void;
  publish: (snapshot: SystemMetrics) => void;
  now?: () => number;
}

function cpuTimes(): { idle: number; total: number } {
  let idle = 0;
  let total = 0;
  for (const c of os.cpus()) {
    idle += c.times.idle;
    total += c.times.idle + c.times.user + c.times.sys + c.times.nice + c.times.irq;
  }
  return { idle, total };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

export class SystemCollector {
  private readonly loop: IntervalHistogram = monitorEventLoopDelay({ resolution: 20 });
  private lastCpu = cpuTimes();
  private lastLines: number;
  private lastAt: number;
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  private readonly host = new HostSampler();
  private readonly gc = new GcObserver();
  latest: SystemMetrics;

  constructor(private readonly src: CollectorSources) {
    this.now = src.now ?? Date.now;
    this.loop.enable();
    this.lastLines = src.linesTotal();
    this.lastAt = this.now();
    this.latest = this.sample();
  }

  start(intervalMs = 10_000): void {
    this.timer = setInterval(() => this.collect(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.loop.disable();
    this.gc.stop();
  }

  /**
   * The latest sample with the counters that change between samples read now (totals,
   * queue, per-protocol counts, memory), so an answer is never a whole interval stale.
   */
  current(): SystemMetrics {
    const l = this.latest;
    const mem = process.memoryUsage();
    return {
      ...l,
      process: { ...l.process, rss_bytes: mem.rss, heap_used_bytes: mem.heapUsed, uptime_s: round(process.uptime()) },
      ingest: { ...l.ingest, lines_total: this.src.linesTotal(), rejected_total: this.src.rejectedTotal(), ...this.src.ingestCounters() },
      counters: this.src.counters(),
    };
  }

  /** Take a sample, store it as metrics, publish it. */
  collect(): SystemMetrics {
    const snapshot = this.sample();
    this.latest = snapshot;
    this.src.store([...toSamples(snapshot), ...this.detailSamples(snapshot)]);
    this.src.publish(snapshot);
    return snapshot;
  }

  /** Per core, mount, device, interface and protocol figures, and the process's GC and heap. */
  detailSamples(s: SystemMetrics): MetricSample[] {
    const gc = this.gc.take();
    const mem = process.memoryUsage();
    const values: LabelledValue[] = [
      ...this.host.sample(s.timestamp),
      { name: 'host.load5', value: s.host.cpu.load5, unit: null, labels: {} },
      { name: 'host.load15', value: s.host.cpu.load15, unit: null, labels: {} },
      { name: 'host.memory.used_bytes', value: s.host.memory.used_bytes, unit: 'bytes', labels: {} },
      { name: 'process.gc.collections', value: gc.count, unit: null, labels: {} },
      { name: 'process.gc.pause_ms', value: gc.pauseMs, unit: 'ms', labels: {} },
      { name: 'process.heap_total_bytes', value: mem.heapTotal, unit: 'bytes', labels: {} },
      { name: 'process.external_bytes', value: mem.external, unit: 'bytes', labels: {} },
      { name: 'process.event_loop_lag_p50_ms', value: s.process.event_loop_lag_ms.p50, unit: 'ms', labels: {} },
      { name: 'process.event_loop_lag_max_ms', value: s.process.event_loop_lag_ms.max, unit: 'ms', labels: {} },
      { name: 'ingest.queued_records', value: s.ingest.queued_records, unit: null, labels: {} },
    ];
    for (const p of s.ingest.by_protocol) {
      const labels = { protocol: p.protocol };
      values.push({ name: 'ingest.lines_total', value: p.lines, unit: null, labels });
      values.push({ name: 'ingest.samples_total', value: p.samples, unit: null, labels });
      values.push({ name: 'ingest.requests_total', value: p.requests, unit: null, labels });
      values.push({ name: 'ingest.rejected_by_protocol_total', value: p.rejected, unit: null, labels });
    }
    const source = s.host.hostname;
    return values.map((v) => ({
      metric_name: v.name,
      value: v.value,
      unit: v.unit,
      timestamp: s.timestamp,
      source_system: source,
      tags: Object.keys(v.labels).length ? JSON.stringify({ host: source, ...v.labels }) : null,
    }));
  }

  sample(): SystemMetrics {
    const now = this.now();
    const cpu = cpuTimes();
    const dTotal = cpu.total - this.lastCpu.total;
    const usage = dTotal > 0 ? (1 - (cpu.idle - this.lastCpu.idle) / dTotal) * 100 : 0;
    this.lastCpu = cpu;
    const lines = this.src.linesTotal();
    const seconds = Math.max((now - this.lastAt) / 1000, 0.001);
    const rate = (lines - this.lastLines) / seconds;
    this.lastLines = lines;
    this.lastAt = now;
    const [load1, load5, load15] = os.loadavg() as [number, number, number];
    const total = os.totalmem();
    const free = os.freemem();
    let disk: SystemMetrics['host']['disk'] = null;
    try {
      const s = statfsSync(this.src.dataDir);
      const dTotalBytes = s.blocks * s.bsize;
      const dFree = s.bavail * s.bsize;
      disk = { path: this.src.dataDir, total_bytes: dTotalBytes, free_bytes: dFree, used_pct: dTotalBytes ? round((1 - dFree / dTotalBytes) * 100) : 0 };
    } catch {
      disk = null;
    }
    const mem = process.memoryUsage();
    const ns = (v: number) => (Number.isFinite(v) ? round(v / 1e6) : 0);
    const snapshot: SystemMetrics = {
      timestamp: now,
      host: {
        hostname: os.hostname(),
        platform: `${os.platform()} ${os.release()} ${os.arch()}`,
        uptime_s: os.uptime(),
        cpu: { cores: os.cpus().length, usage_pct: round(Math.max(0, usage)), load1: round(load1), load5: round(load5), load15: round(load15) },
        memory: { total_bytes: total, used_bytes: total - free, free_bytes: free, used_pct: round((1 - free / total) * 100) },
        disk,
      },
      process: {
        pid: process.pid,
        rss_bytes: mem.rss,
        heap_used_bytes: mem.heapUsed,
        uptime_s: round(process.uptime()),
        event_loop_lag_ms: { p50: ns(this.loop.percentile(50)), p99: ns(this.loop.percentile(99)), max: ns(this.loop.max) },
      },
      ingest: { lines_total: lines, rejected_total: this.src.rejectedTotal(), lines_per_s: round(Math.max(0, rate)), ...this.src.ingestCounters() },
      counters: this.src.counters(),
      db: { size_bytes: fileSize(this.src.dbPath), wal_bytes: fileSize(`${this.src.dbPath}-wal`) },
    };
    this.loop.reset();
    return snapshot;
  }
}

/** The snapshot as metric samples, names as charts and alert rules refer to them. */
export function toSamples(s: SystemMetrics): MetricSample[] {
  const source = s.host.hostname;
  const m = (metric_name: string, value: number, unit: string | null): MetricSample => ({
    metric_name, value, unit, timestamp: s.timestamp, source_system: source, tags: null,
  });
  const out = [
    m('host.cpu.usage_pct', s.host.cpu.usage_pct, '%'),
    m('host.load1', s.host.cpu.load1, null),
    m('host.memory.used_pct', s.host.memory.used_pct, '%'),
    m('process.rss_bytes', s.process.rss_bytes, 'bytes'),
    m('process.heap_used_bytes', s.process.heap_used_bytes, 'bytes'),
    m('process.event_loop_lag_p99_ms', s.process.event_loop_lag_ms.p99, 'ms'),
    m('ingest.lines_per_s', s.ingest.lines_per_s, 'lines/s'),
    m('ingest.rejected_total', s.ingest.rejected_total, null),
    m('ingest.throttled_total', s.ingest.throttled_total, null),
    m('db.size_bytes', s.db.size_bytes, 'bytes'),
    m('db.wal_bytes', s.db.wal_bytes, 'bytes'),
  ];
  if (s.host.disk) out.push(m('host.disk.used_pct', s.host.disk.used_pct, '%'));
  return out;
}
