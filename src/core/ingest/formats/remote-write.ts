/**
 * Prometheus remote write 1.0: a snappy-compressed `prometheus.WriteRequest` → metric samples.
 * Pure (bytes in, batch out). A body that does not decode is a 400 for the whole request; a
 * series that cannot be stored (no `__name__`, oversized labels, …) is reported by its index
 * and the others are kept. Values SQLite cannot hold are skipped and counted, not stored:
 * Prometheus stale markers (one NaN bit pattern), other NaNs, and ±Inf.
 */
import { ApiError } from '../../../shared/api/errors';
import type { MetricSample } from '../../db/repos/metrics';
import { MAX_EPOCH_MS } from '../../query/time';
import { emptyBatch, type IngestBatch } from '../index';
import { LIMITS } from '../log-record';
import { decodeWriteRequest, int64ToNumber, type DecodedWriteRequest, type TimeSeries } from './proto/remote-write';
import { snappyUncompress } from './snappy';

export interface RemoteWriteSkipped {
  /** Prometheus staleness markers (NaN with the bit pattern 0x7ff0000000000002). */
  stale: number;
  /** Any other NaN (e.g. a summary quantile with no observations). */
  nan: number;
  /** +Inf / -Inf. */
  infinite: number;
  /** Native histogram samples: not stored by this station. */
  histograms: number;
}

export interface RemoteWriteParsed {
  batch: IngestBatch;
  series: number;
  skipped: RemoteWriteSkipped;
}

const MAX_NAME = 200;
const MAX_UNIT = 32;

/** Staleness marker: high word 0x7ff00000, low word 0x00000002. */
export function isStaleMarker(value: number): boolean {
  if (!Number.isNaN(value)) return false;
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value, true);
  return view.getUint32(4, true) === 0x7ff00000 && view.getUint32(0, true) === 0x00000002;
}

/** The whole request: snappy block → protobuf → samples. Throws ApiError 400/413 for the body. */
export function parseRemoteWrite(body: Uint8Array, maxDecompressedBytes: number): RemoteWriteParsed {
  if (body.length === 0) throw new ApiError('bad_request', 'body: empty; send a snappy-compressed prometheus.WriteRequest');
  const bytes = snappyUncompress(body, maxDecompressedBytes);
  let request: DecodedWriteRequest;
  try {
    request = decodeWriteRequest(bytes);
  } catch (e) {
    const why = e instanceof Error ? e.message.slice(0, 120) : 'undecodable';
    throw new ApiError('bad_request', `body: not a prometheus.WriteRequest (${why})`);
  }
  return mapWriteRequest(request);
}

/** Metadata is not used: Prometheus sends it in separate requests, keyed by family name, not series. */
export function mapWriteRequest(request: DecodedWriteRequest): RemoteWriteParsed {
  const batch = emptyBatch();
  const skipped: RemoteWriteSkipped = { stale: 0, nan: 0, infinite: 0, histograms: 0 };
  request.timeseries.forEach((series, index) => {
    skipped.histograms += series.histograms.length;
    const r = mapSeries(series, batch.metrics, skipped);
    if (r !== null) batch.rejected.push({ index, error: `timeseries[${index}]: ${r}` });
  });
  return { batch, series: request.timeseries.length, skipped };
}

interface SeriesIdentity {
  name: string;
  unit: string | null;
  source: string | null;
  tags: string | null;
}

function byName(a: [string, string], b: [string, string]): number {
  return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
}

/** Senders sort labels by name, so a duplicate is usually found without a Set. */
function duplicateLabel(labels: TimeSeries['labels']): string | null {
  for (let i = 1; i < labels.length; i++) {
    if ((labels[i] as { name: string }).name <= (labels[i - 1] as { name: string }).name) {
      const seen = new Set<string>();
      for (const { name } of labels) {
        if (seen.has(name)) return name;
        seen.add(name);
      }
      return null;
    }
  }
  return null;
}

function identity(series: TimeSeries): SeriesIdentity | string {
  let name: string | null = null;
  let unit: string | null = null;
  let source: string | null = null;
  const tags: [string, string][] = [];
  const duplicate = duplicateLabel(series.labels);
  if (duplicate !== null) return `label ${duplicate.slice(0, 64)}: given twice`;
  for (const { name: key, value } of series.labels) {
    if (key === '') return 'a label with an empty name';
    // An empty value means "no such label" in Prometheus; storing it would split one series in two.
    if (value === '') continue;
    if (key === '__name__') {
      if (value.length > MAX_NAME) return `__name__: longer than ${MAX_NAME} characters`;
      name = value;
    } else if (key === '__unit__') {
      if (value.length > MAX_UNIT) return `__unit__: longer than ${MAX_UNIT} characters`;
      unit = value;
    } else if (key === '__type__') {
      // Same convention as our own JSON metrics: the type rides along as the `__type` tag.
      tags.push(['__type', value.slice(0, 32)]);
    } else if (key.startsWith('__')) {
      // Reserved for Prometheus-internal use; relabelling removes these before sending.
      continue;
    } else {
      if (key.length > LIMITS.labelKey) return `label ${key.slice(0, 64)}…: name longer than ${LIMITS.labelKey} characters`;
      if (value.length > LIMITS.labelValue) return `label ${key.slice(0, 64)}: value longer than ${LIMITS.labelValue} characters`;
      if (key === 'instance') source = value.slice(0, 200);
      tags.push([key, value]);
    }
  }
  if (name === null) return 'no __name__ label (the metric name)';
  if (tags.length > LIMITS.labels) return `more than ${LIMITS.labels} labels`;
  for (let i = 1; i < tags.length; i++) {
    if (byName(tags[i - 1] as [string, string], tags[i] as [string, string]) > 0) {
      tags.sort(byName);
      break;
    }
  }
  // Written out rather than JSON.stringify(Object.fromEntries(…)): keeps the sorted order even
  // for integer-like names, and a label called __proto__ stays data. (Hot path: once per series.)
  let json: string | null = null;
  if (tags.length) {
    json = '{';
    for (let i = 0; i < tags.length; i++) {
      const [k, v] = tags[i] as [string, string];
      json += `${i ? ',' : ''}${JSON.stringify(k)}:${JSON.stringify(v)}`;
    }
    json += '}';
  }
  return { name, unit, source, tags: json };
}

/** Appends the series' storable samples; returns why (part of) it was refused, or null. */
function mapSeries(series: TimeSeries, out: MetricSample[], skipped: RemoteWriteSkipped): string | null {
  const id = identity(series);
  if (typeof id === 'string') return id;
  let badTimestamps = 0;
  for (const sample of series.samples) {
    const value = sample.value;
    if (!Number.isFinite(value)) {
      if (Number.isNaN(value)) {
        if (isStaleMarker(value)) skipped.stale++;
        else skipped.nan++;
      } else skipped.infinite++;
      continue;
    }
    const timestamp = int64ToNumber(sample.timestamp);
    if (!Number.isSafeInteger(timestamp) || timestamp < 0 || timestamp > MAX_EPOCH_MS) {
      badTimestamps++;
      continue;
    }
    out.push({ metric_name: id.name, value, unit: id.unit, timestamp, source_system: id.source, tags: id.tags });
  }
  if (badTimestamps > 0) {
    return `${badTimestamps} of ${series.samples.length} samples refused: timestamp outside 0…${MAX_EPOCH_MS} ms`;
  }
  return null;
}
