import { describe, expect, it } from 'vitest';
import { alertsFor, telemetryQuery } from '../../../../src/renderer/src/stores/spacecraft';
import { alert } from '../fixtures';

describe('spacecraft detail helpers', () => {
  it('selects one metric of one spacecraft, quoting what PromQL names cannot hold', () => {
    expect(telemetryQuery('battery_temp_c', 'spacecraft', 'juno')).toBe('battery_temp_c{spacecraft="juno"}');
    expect(telemetryQuery('endpoint.up', 'spacecraft_id', 'voy"ager')).toBe('{__name__="endpoint.up", spacecraft_id="voy\\"ager"}');
  });

  it('keeps the alerts whose labels name the spacecraft', () => {
    const items = [
      alert(1, { labels: { spacecraft: 'juno' } }),
      alert(2, { labels: { spacecraft_id: 'juno' } }),
      alert(3, { labels: { spacecraft: 'voyager-1' } }),
      alert(4, { labels: {} }),
    ];
    expect(alertsFor(items, 'juno').map((a) => a.id)).toEqual([1, 2]);
  });
});
