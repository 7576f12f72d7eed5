import type { IngestResult } from '../../shared/api/schemas/logs';
import type { LogRecord } from '../db/repos/logs';
import type { MetricSample } from '../db/repos/metrics';
import type { BatchWriter } from './batch-writer';
import type { ParsedBatch } from './formats/json-lines';
import { normaliseLogLine } from './log-record';
import { normaliseMetric } from './metric-record';

export interface IngestService {
  /** Validate every item, store the good ones (resolves after commit), report the bad by index. */
  logs(parsed: ParsedBatch): Promise<IngestResult>;
  metrics(parsed: ParsedBatch): Promise<IngestResult>;
  readonly rejectedTotal: number;
}

export function createIngestService(writer: BatchWriter, now: () => number = Date.now): IngestService {
  let rejectedTotal = 0;

  function split<T>(parsed: ParsedBatch, normalise: (item: unknown, at: number) => { ok: true; value: T } | { ok: false; error: string }) {
    const at = now();
    const good: T[] = [];
    const rejected = [...parsed.errors];
    const failedIndexes = new Set(parsed.errors.map((e) => e.index));
    parsed.items.forEach((item, index) => {
      if (failedIndexes.has(index)) return;
      const r = normalise(item, at);
      if (r.ok) good.push(r.value);
      else rejected.push({ index, error: r.error });
    });
    rejected.sort((a, b) => a.index - b.index);
    rejectedTotal += rejected.length;
    return { good, rejected };
  }

  return {
    async logs(parsed) {
      const { good, rejected } = split<LogRecord>(parsed, (item, at) => {
        const r = normaliseLogLine(item, at);
        return r.ok ? { ok: true, value: r.record } : r;
      });
      await writer.write({ logs: good, metrics: [] });
      return { accepted: good.length, rejected };
    },
    async metrics(parsed) {
      const { good, rejected } = split<MetricSample>(parsed, (item, at) => {
        const r = normaliseMetric(item, at);
        return r.ok ? { ok: true, value: r.sample } : r;
      });
      await writer.write({ logs: [], metrics: good });
      return { accepted: good.length, rejected };
    },
    get rejectedTotal() {
      return rejectedTotal;
    },
  };
}
