/**
 * Which spacecraft sent telemetry in a write batch, and when last: a metric sample labelled
 * `spacecraft` (or `spacecraft_id`) counts, stamped no later than now (a skewed clock must not
 * keep a spacecraft "fresh"). Runs on the writer's hot path, so the labels are scanned as text
 * and only samples whose labels mention a spacecraft are looked at.
 */
import type { MetricSample } from '../db/repos/metrics';

const LABEL = /"spacecraft(?:_id)?":"((?:[^"\\]|\\.){1,200})"/;

export function telemetryBySpacecraft(batches: readonly { metrics?: MetricSample[] | undefined }[], now: number): Map<string, number> {
  const out = new Map<string, number>();
  let lastTags: string | null = null;
  let lastId: string | null = null;
  for (const batch of batches) {
    for (const s of batch.metrics ?? []) {
      const tags = s.tags;
      if (tags === null || tags.indexOf('"spacecraft') < 0) continue;
      if (tags !== lastTags) {
        lastTags = tags;
        const m = LABEL.exec(tags);
        lastId = m ? (JSON.parse(`"${m[1] as string}"`) as string) : null;
      }
      if (lastId === null) continue;
      const at = Math.min(s.timestamp, now);
      if (at > (out.get(lastId) ?? -1)) out.set(lastId, at);
    }
  }
  return out;
}
