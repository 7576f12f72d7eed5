import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Trends } from '../../src/shared/api/schemas/fleet';
import { errorBody, postJson, startTestStation, type TestStation } from '../support/station';

/**
 * Metric trends per UTC day / ISO week through the real HTTP API: telemetry spread over two
 * weeks and error lines per spacecraft go in through the ingest routes; the answer's per-period
 * p95 and error rates are checked against figures computed here from what was sent.
 */
const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Prometheus's quantile: rank φ·(n−1) over the sorted values, linearly interpolated. */
function quantile(phi: number, values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = phi * (s.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.min(s.length - 1, lo + 1);
  return (s[lo] as number) + ((s[hi] as number) - (s[lo] as number)) * (rank - lo);
}

/** Monday 00:00 UTC of t's week, computed from the weekday (independent of the code under test). */
function mondayOf(t: number): number {
  const midnight = Math.floor(t / DAY) * DAY;
  const weekday = (new Date(midnight).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return midnight - weekday * DAY;
}

describe('GET /analytics/trends with a period', () => {
  let st: TestStation;
  const now = Date.now();
  // Everything sent lies at least two minutes in the past: the current period ends at the last whole minute.
  const newest = now - 2 * MIN;
  const today = Math.floor(now / DAY) * DAY;
  const samples: { name: string; value: number; labels: Record<string, string>; timestamp: number }[] = [];
  const errors: { level: string; message: string; spacecraft_id: string; timestamp: number }[] = [];

  beforeAll(async () => {
    st = await startTestStation();
    // Every 10 minutes (off the hour, never on midnight) for 16 days: juno warms by a degree a day.
    for (let t = today - 16 * DAY + 5 * MIN; t <= newest; t += 10 * MIN) {
      const day = Math.floor((t - today) / DAY); // 0 today, −1 yesterday …
      const wobble = ((t / (10 * MIN)) % 17) / 4;
      samples.push({ name: 'thermal.battery_temp_c', value: 20 + day + wobble, labels: { spacecraft: 'juno' }, timestamp: t });
      samples.push({ name: 'thermal.battery_temp_c', value: 30 + wobble, labels: { spacecraft: 'voyager-1' }, timestamp: t });
      // Past days of the station's own ingest rate, 10 + k lines/s on the day k days ago (today is the collector's).
      if (day < 0) samples.push({ name: 'ingest.lines_per_s', value: 10 - day + (wobble > 2 ? 1 : -1) * 0.5, labels: {}, timestamp: t });
    }
    for (let i = 0; i < samples.length; i += 2000) expect((await postJson(`${st.url}/metrics`, samples.slice(i, i + 2000))).status).toBe(202);
    // juno: k+1 error lines on the day k days ago (k = 1…13), plus 3 today; voyager-1: one a day.
    for (let k = 1; k <= 13; k++) {
      for (let j = 0; j <= k; j++) errors.push({ level: 'error', message: `wheel fault ${k}.${j}`, spacecraft_id: 'juno', timestamp: today - k * DAY + HOUR + j * MIN });
      errors.push({ level: 'critical', message: `bus trip ${k}`, spacecraft_id: 'voyager-1', timestamp: today - k * DAY + 2 * HOUR });
    }
    for (let j = 0; j < 3; j++) if (newest - j * 1000 >= today) errors.push({ level: 'error', message: `today ${j}`, spacecraft_id: 'juno', timestamp: newest - j * 1000 });
    errors.push({ level: 'info', message: 'not an error', spacecraft_id: 'juno', timestamp: today - DAY + 3 * HOUR });
    expect((await postJson(`${st.url}/logs`, errors)).status).toBe(202);
  });
  afterAll(async () => {
    await st.close();
  });

  const trends = async (query: Record<string, string>) => {
    const res = await fetch(`${st.url}/analytics/trends?${new URLSearchParams(query)}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return ((await res.json()) as Trends).metric_trends;
  };

  it('answers only when asked: no period, no metric trends', async () => {
    const res = await fetch(`${st.url}/analytics/trends?group_by=spacecraft_id`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as Trends).metric_trends).toBeUndefined();
  });

  it('per UTC day: p95 of telemetry per spacecraft from the daily rollup resolution, error rates from the logs', async () => {
    const m = await trends({ period: 'day' });
    expect(m).toBeDefined();
    if (!m) return;
    expect(m.period_ms).toBe(DAY);
    expect(m.periods).toHaveLength(14);
    expect(m.periods.at(-1)).toBe(today);
    expect(m.periods[0]).toBe(today - 13 * DAY);
    expect(m.items.map((i) => i.id)).toEqual(['ingest_rate', 'errors_by_spacecraft', 'telemetry_p95']);

    const p95 = m.items.find((i) => i.id === 'telemetry_p95');
    expect(p95?.query).toBe('max by (spacecraft) (quantile_over_time(0.95, thermal.battery_temp_c[$period]))');
    expect(p95?.resolution).toBe('1d');
    const juno = p95?.series.find((s) => s.labels.spacecraft === 'juno');
    expect(juno).toBeDefined();
    if (!juno) return;
    // Each complete day: the p95 of that day's samples (the rollup sketch is within 1 %).
    for (let i = 0; i < 13; i++) {
      const start = m.periods[i] as number;
      const values = samples.filter((s) => s.labels.spacecraft === 'juno' && s.timestamp >= start && s.timestamp <= start + DAY).map((s) => s.value);
      const want = quantile(0.95, values);
      expect(Math.abs((juno.values[i] as number) - want) / want, `day ${i}`).toBeLessThan(0.011);
    }
    const todays = samples.filter((s) => s.labels.spacecraft === 'juno' && s.timestamp >= today).map((s) => s.value);
    if (todays.length > 0) {
      expect(Math.abs((juno.current as number) - quantile(0.95, todays)) / quantile(0.95, todays)).toBeLessThan(0.011);
      expect(juno.previous).toBe(juno.values[12]);
      expect(juno.change_pct).toBeCloseTo((((juno.current as number) - (juno.previous as number)) / (juno.previous as number)) * 100, 0);
      // juno warms a degree a day; voyager-1 stays flat.
      expect(juno.change_pct).toBeGreaterThan(2);
    }

    const rates = m.items.find((i) => i.id === 'errors_by_spacecraft');
    expect(rates?.unit).toBe('errors/h');
    const junoErr = rates?.series.find((s) => s.labels.spacecraft === 'juno');
    const voyErr = rates?.series.find((s) => s.labels.spacecraft === 'voyager-1');
    for (let i = 0; i < 13; i++) {
      const k = 13 - i;
      expect(junoErr?.values[i]).toBeCloseTo((k + 1) / 24, 3);
      expect(voyErr?.values[i]).toBeCloseTo(1 / 24, 3);
    }
    expect(junoErr?.previous).toBeCloseTo(2 / 24, 3);
    // The current period ends at the last whole minute: errors after it are not counted yet.
    const until = Math.floor(now / MIN) * MIN;
    const errorsBefore = (t: number) => errors.filter((e) => e.spacecraft_id === 'juno' && e.timestamp >= today && e.timestamp < t && e.level === 'error').length;
    if (until - today >= MIN) {
      const elapsedHours = (until - today) / HOUR;
      // The request's "now" may be a minute later than the test's: allow that much either way,
      // and the station's rounding to three decimals (period-trends.ts).
      expect(junoErr?.current).toBeGreaterThanOrEqual((errorsBefore(until) / (elapsedHours + 1 / 60)) * 0.999 - 0.0005);
      expect(junoErr?.current).toBeLessThanOrEqual((errorsBefore(until + MIN) / elapsedHours) * 1.001 + 0.0005);
    }

    // The station's own ingest rate is a default item: each past day's average of what was sent.
    const ingest = m.items.find((i) => i.id === 'ingest_rate');
    expect(ingest?.unit).toBe('lines/s');
    expect(ingest?.series).toHaveLength(1);
    for (let i = 0; i < 13; i++) {
      const start = m.periods[i] as number;
      const values = samples.filter((s) => s.name === 'ingest.lines_per_s' && s.timestamp >= start && s.timestamp <= start + DAY).map((s) => s.value);
      expect(ingest?.series[0]?.values[i]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    }
  });

  it('per ISO week, a chosen query, and a fixed end', async () => {
    const to = today - 2 * DAY + 12 * HOUR;
    const m = await trends({ period: 'week', periods: '3', from: String(to - DAY), to: String(to), query: 'avg by (spacecraft) (avg_over_time(thermal.battery_temp_c[$period]))' });
    if (!m) throw new Error('no metric trends');
    const monday = mondayOf(to);
    expect(m.periods).toEqual([monday - 14 * DAY, monday - 7 * DAY, monday]);
    expect(m.current_until).toBe(Math.floor(to / MIN) * MIN);
    expect(m.items).toHaveLength(1);
    const voy = m.items[0]?.series.find((s) => s.labels.spacecraft === 'voyager-1');
    for (let i = 0; i < 3; i++) {
      const start = m.periods[i] as number;
      const end = i === 2 ? m.current_until : start + 7 * DAY;
      const values = samples.filter((s) => s.labels.spacecraft === 'voyager-1' && s.timestamp >= start && s.timestamp <= end).map((s) => s.value);
      if (values.length === 0) expect(voy?.values[i] ?? null).toBeNull();
      else expect(voy?.values[i]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 6);
    }
  });

  it('refuses bad input with a 400 naming the field (and the position in the query)', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{ period: 'month' }, /period/],
      [{ period: 'day', periods: '1' }, /periods/],
      [{ period: 'day', periods: '500' }, /periods/],
      [{ period: 'day', query: 'avg(thermal.battery_temp_c)' }, /query: use \$period/],
      [{ period: 'day', query: 'avg_over_time(thermal.battery_temp_c[$period]' }, /query: parse error at position 46/],
      [{ period: 'day', query: 'avg_over_time(thermal.battery_temp_c[$period]) +' }, /query: parse error at position/],
    ];
    for (const [q, message] of cases) {
      const res = await fetch(`${st.url}/analytics/trends?${new URLSearchParams(q)}`);
      expect(res.status, JSON.stringify(q)).toBe(400);
      expect((await errorBody(res)).message, JSON.stringify(q)).toMatch(message);
    }
  });
});
