/**
 * Metric samples packed for the trip to the writer thread: one entry per run of consecutive
 * samples of a series (name, unit, source, tags once) and the times and values in typed arrays
 * whose buffers are transferred, not copied. Structured-cloning 50 000 sample objects (each
 * carrying its name and tags text) cost more main-thread time than parsing the request did,
 * and the writer then collected them as garbage. The writer inserts or stages straight from
 * these arrays (MetricsRepo.insertPacked / stage).
 */
import type { MetricSample } from '../db/repos/metrics';

export interface PackedSamples {
  runs: { metric_name: string; unit: string | null; source_system: string | null; tags: string | null; count: number }[];
  timestamps: Float64Array<ArrayBuffer>;
  values: Float64Array<ArrayBuffer>;
}

/** Below this many samples a plain clone is as cheap. */
export const PACK_MIN = 256;

export function packSamples(samples: readonly MetricSample[]): PackedSamples {
  const n = samples.length;
  const timestamps = new Float64Array(n);
  const values = new Float64Array(n);
  const runs: PackedSamples['runs'] = [];
  let run: PackedSamples['runs'][number] | null = null;
  for (let i = 0; i < n; i++) {
    const s = samples[i]!;
    timestamps[i] = s.timestamp;
    values[i] = s.value;
    // Same strings (usually the same objects) as the run's first sample: the same series.
    if (run && run.metric_name === s.metric_name && run.tags === s.tags && run.source_system === s.source_system && run.unit === s.unit) run.count++;
    else runs.push((run = { metric_name: s.metric_name, unit: s.unit, source_system: s.source_system, tags: s.tags, count: 1 }));
  }
  return { runs, timestamps, values };
}
