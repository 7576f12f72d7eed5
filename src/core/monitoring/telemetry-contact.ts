/**
 * Which spacecraft sent telemetry in a write batch, and when last: a metric sample labelled
 * `spacecraft` (or `spacecraft_id`) counts, stamped no later than now (a skewed clock must not
 * keep a spacecraft "fresh"). Runs on the writer's hot path, so the labels are scanned as text
 * and only samples whose labels mention a spacecraft are looked at.
 */
import type { MetricSample } from '../db/repos/metrics';
import type { PackedSamples } from '../ingest/metric-pack';

const LABEL = /"spacecraft(?:_id)?":"((?:[^"\\]|\\.){1,200})"/;

export function telemetryBySpacecraft(batches: readonly { metrics?: MetricSample[] | undefined; packed?: PackedSamples | undefined }[], now: number): Map<string, number> {
  const out = new Map<string, number>();
  let lastTags: string | null = null;
  let lastId: string | null = null;
  /** A run of samples with these tags, the newest at `newest`. */
  const note = (tags: string | null, newest: number): void => {
    if (tags === null || tags.indexOf('"spacecraft') < 0) return;
    if (tags !== lastTags) {
      lastTags = tags;
      const m = LABEL.exec(tags);
      lastId = m ? (JSON.parse(`"${m[1] as string}"`) as string) : null;
    }
    if (lastId === null) return;
    const at = Math.min(newest, now);
    if (at > (out.get(lastId) ?? -1)) out.set(lastId, at);
  };
  for (const batch of batches) {
    for (const s of batch.metrics ?? []) note(s.tags, s.timestamp);
    const p = batch.packed;
    if (!p) continue;
    let i = 0;
    for (const r of p.runs) {
      let newest = -Infinity;
      if (r.tags !== null && r.tags.indexOf('"spacecraft') >= 0) for (let k = i; k < i + r.count; k++) newest = Math.max(newest, p.timestamps[k] as number);
      note(r.tags, newest);
      i += r.count;
    }
  }
  return out;
}
