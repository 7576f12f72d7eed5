/**
 * The ingest service every protocol hands its parsed records to. Protocol parsers live in
 * ./formats (one module each); this counts, validates-per-item, applies idempotency and waits
 * for the commit.
 */
import { ApiError } from '../../shared/api/errors';
import type { IngestResult } from '../../shared/api/schemas/logs';
import type { SpanRecord } from '../db/repos/ingest';
import type { LogRecord } from '../db/repos/logs';
import type { MetricSample } from '../db/repos/metrics';
import type { Writer } from './batch-writer';
import type { ParsedBatch } from './formats/json-lines';
import { enrichLogRecord, type Extractor } from './enrich';
import { normaliseLogLine } from './log-record';
import { normaliseMetric } from './metric-record';

/** What a protocol parser produces: records ready to store, and what it refused, by index. */
export interface IngestBatch {
  logs: LogRecord[];
  metrics: MetricSample[];
  spans: SpanRecord[];
  rejected: { index: number; error: string }[];
}

export interface SubmitOptions {
  /** Which protocol delivered it (for per-protocol counters). */
  protocol: string;
  /** Idempotency-Key / X-Batch-Id: a resend with the same key stores nothing. */
  idempotencyKey?: string | undefined;
}

export interface SubmitResult extends IngestResult {
  /** Present when this key was committed before and nothing was stored now. */
  duplicate?: true;
}

export interface ProtocolCounters {
  requests: number;
  lines: number;
  samples: number;
  spans: number;
  rejected: number;
  duplicates: number;
}

/** Records waiting for the writer beyond which new ingest requests are refused with 429. */
export const MAX_QUEUED_RECORDS = 40_000;

const NORMALISE_SLICE = 2_000;

export interface IngestService {
  /** Whether commits currently fail for lack of space (operators are told; ingest answers 503). */
  readonly storage: StorageState;
  /** Throws 429 + Retry-After while the writer is saturated (called before a body is read). */
  admit(): void;
  readonly throttledTotal: number;
  /** Store a parsed batch; resolves after the commit. */
  submit(batch: IngestBatch, opts: SubmitOptions): Promise<SubmitResult>;
  /** Our own JSON/NDJSON formats: validate every item, store the good ones, report the bad. */
  logs(parsed: ParsedBatch, opts?: Partial<SubmitOptions>): Promise<SubmitResult>;
  metrics(parsed: ParsedBatch, opts?: Partial<SubmitOptions>): Promise<SubmitResult>;
  readonly rejectedTotal: number;
  readonly byProtocol: ReadonlyMap<string, ProtocolCounters>;
}

export function emptyBatch(): IngestBatch {
  return { logs: [], metrics: [], spans: [], rejected: [] };
}

export interface StorageState {
  full: boolean;
  since: number | null;
  message: string;
}

export function createIngestService(
  writer: Writer,
  now: () => number = Date.now,
  maxQueued = MAX_QUEUED_RECORDS,
  onStorage: (state: StorageState) => void = () => undefined,
  /** Configured extraction rules (fields from messages, per service). */
  extract?: Extractor,
): IngestService {
  const storage: StorageState = { full: false, since: null, message: 'ok' };
  const setStorage = (full: boolean) => {
    if (storage.full === full) return;
    storage.full = full;
    storage.since = full ? now() : null;
    storage.message = full ? 'storage is full: ingest is refused with 503 until space returns' : 'ok';
    onStorage({ ...storage });
  };
  let rejectedTotal = 0;
  let throttledTotal = 0;
  const byProtocol = new Map<string, ProtocolCounters>();

  function counters(protocol: string): ProtocolCounters {
    let c = byProtocol.get(protocol);
    if (!c) {
      c = { requests: 0, lines: 0, samples: 0, spans: 0, rejected: 0, duplicates: 0 };
      byProtocol.set(protocol, c);
    }
    return c;
  }

  async function submit(batch: IngestBatch, opts: SubmitOptions): Promise<SubmitResult> {
    // Parsing at ingest: JSON/logfmt key/values and extraction rules' captures become metadata, for every protocol.
    for (let i = 0; i < batch.logs.length; i++) batch.logs[i] = enrichLogRecord(batch.logs[i] as LogRecord, extract);
    const rejected = [...batch.rejected].sort((a, b) => a.index - b.index);
    const result: IngestResult = { accepted: batch.logs.length + batch.metrics.length + batch.spans.length, rejected };
    const c = counters(opts.protocol);
    c.requests++;
    let outcome;
    try {
      outcome = await writer.write({
        logs: batch.logs,
        metrics: batch.metrics,
        spans: batch.spans,
        idempotency: opts.idempotencyKey === undefined ? undefined : { key: opts.idempotencyKey, result },
      });
    } catch (e) {
      if (e instanceof ApiError && e.reason === 'storage_full') setStorage(true);
      throw e;
    }
    setStorage(false);
    if (outcome.duplicate) {
      c.duplicates++;
      return { ...outcome.previous, duplicate: true };
    }
    c.lines += batch.logs.length;
    c.samples += batch.metrics.length;
    c.spans += batch.spans.length;
    c.rejected += rejected.length;
    rejectedTotal += rejected.length;
    return result;
  }

  /** Validate items in slices, yielding between them (the event loop serves the UI too). */
  async function split<T>(parsed: ParsedBatch, normalise: (item: unknown, at: number) => { ok: true; value: T } | { ok: false; error: string }) {
    const at = now();
    const good: T[] = [];
    const rejected = [...parsed.errors];
    const failed = new Set(parsed.errors.map((e) => e.index));
    const items = parsed.items;
    for (let i = 0; i < items.length; i += NORMALISE_SLICE) {
      if (i > 0) await new Promise<void>((resolve) => setImmediate(resolve));
      for (let index = i; index < Math.min(items.length, i + NORMALISE_SLICE); index++) {
        if (failed.has(index)) continue;
        const r = normalise(items[index], at);
        if (r.ok) good.push(r.value);
        else rejected.push({ index, error: r.error });
      }
    }
    return { good, rejected };
  }

  /** Our own formats: a batch in which not one item is valid is the client's error (400), stating the first few. */
  function refuseIfNothingValid(good: unknown[], rejected: { index: number; error: string }[]): void {
    if (good.length > 0 || rejected.length === 0) return;
    const first = rejected
      .slice(0, 3)
      .map((r) => `item ${r.index}: ${r.error}`)
      .join('; ');
    throw new ApiError('bad_request', `no item was valid (${rejected.length} rejected): ${first}`);
  }

  return {
    admit() {
      if (writer.queuedRecords > maxQueued) {
        throttledTotal++;
        throw new ApiError('too_many_requests', `ingest is saturated (${writer.queuedRecords} records waiting to be stored); retry after the delay`, 1);
      }
    },
    get storage() {
      return { ...storage };
    },
    get throttledTotal() {
      return throttledTotal;
    },
    submit,
    async logs(parsed, opts) {
      const { good, rejected } = await split<LogRecord>(parsed, (item, at) => {
        const r = normaliseLogLine(item, at);
        return r.ok ? { ok: true, value: r.record } : r;
      });
      refuseIfNothingValid(good, rejected);
      return submit({ ...emptyBatch(), logs: good, rejected }, { protocol: 'json', ...opts });
    },
    async metrics(parsed, opts) {
      const { good, rejected } = await split<MetricSample>(parsed, (item, at) => {
        const r = normaliseMetric(item, at);
        return r.ok ? { ok: true, value: r.sample } : r;
      });
      refuseIfNothingValid(good, rejected);
      return submit({ ...emptyBatch(), metrics: good, rejected }, { protocol: 'json-metrics', ...opts });
    },
    get rejectedTotal() {
      return rejectedTotal;
    },
    byProtocol,
  };
}
