import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../../../src/core/db/repos/metrics';
import { packSamples } from '../../../../src/core/ingest/metric-pack';
import { telemetryBySpacecraft } from '../../../../src/core/monitoring/telemetry-contact';

const s = (tags: Record<string, string> | null, timestamp: number): MetricSample => ({ metric_name: 'm', value: 1, unit: null, timestamp, source_system: null, tags: tags && JSON.stringify(tags) });

describe('telemetryBySpacecraft', () => {
  it('the newest sample per spacecraft label, never later than now', () => {
    const out = telemetryBySpacecraft(
      [
        { metrics: [s({ spacecraft: 'a' }, 10), s({ spacecraft: 'a' }, 30), s({ spacecraft: 'a' }, 20), s({ spacecraft_id: 'b', x: '1' }, 5)] },
        { metrics: [s(null, 50), s({ host: 'h' }, 50), s({ spacecraft: 'c"q' }, 500), s({ spacecraft: '' }, 7)] },
        {},
      ],
      100,
    );
    expect([...out]).toEqual([['a', 30], ['b', 5], ['c"q', 100]]);
  });

  it('reads packed batches (as the writer thread receives large ones) the same way', () => {
    const samples = [s({ spacecraft: 'a' }, 10), s({ spacecraft: 'a' }, 30), s({ spacecraft: 'a' }, 20), s({ spacecraft_id: 'b', x: '1' }, 5), s(null, 50), s({ spacecraft: 'c"q' }, 500)];
    expect([...telemetryBySpacecraft([{ packed: packSamples(samples) }], 100)]).toEqual([...telemetryBySpacecraft([{ metrics: samples }], 100)]);
    expect([...telemetryBySpacecraft([{ packed: packSamples(samples) }], 100)]).toEqual([['a', 30], ['b', 5], ['c"q', 100]]);
  });
});
