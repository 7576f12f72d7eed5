import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postJson, startTestStation, type TestStation } from '../support/station';

/** Saved dashboards and the overview's error-rate series over real HTTP against a real station. */
describe('dashboards over HTTP', () => {
  let st: TestStation;
  beforeAll(async () => {
    st = await startTestStation();
  });
  afterAll(async () => {
    await st.close();
  });

  const panel = (id: string, over: Record<string, unknown> = {}) => ({
    id,
    title: `Panel ${id}`,
    queries: ['avg(battery_temp_c)'],
    chart: 'line',
    width: 6,
    height: 3,
    options: { thresholds: [45] },
    ...over,
  });

  it('creates, lists, gets, replaces and deletes a dashboard', async () => {
    const created = await postJson(`${st.url}/dashboards`, { name: 'Power', panels: [panel('a'), panel('b', { chart: 'heatmap' })] });
    expect(created.status).toBe(200);
    const board = (await created.json()) as { id: number; name: string; panels: { id: string }[]; created_at: number };
    expect(board.panels.map((p) => p.id)).toEqual(['a', 'b']);

    const list = (await (await fetch(`${st.url}/dashboards`)).json()) as { items: { id: number; name: string; panel_count: number }[] };
    expect(list.items).toContainEqual(expect.objectContaining({ id: board.id, name: 'Power', panel_count: 2 }));

    const replaced = await postJson(`${st.url}/dashboards`, { id: board.id, name: 'Power bus', panels: [panel('b', { width: 12 })] });
    expect(replaced.status).toBe(200);
    const got = (await (await fetch(`${st.url}/dashboards/${board.id}`)).json()) as { name: string; panels: { id: string; width: number }[]; created_at: number };
    expect(got).toMatchObject({ name: 'Power bus', panels: [{ id: 'b', width: 12 }], created_at: board.created_at });

    const del = (await (await postJson(`${st.url}/dashboards/${board.id}/delete`, {})).json()) as { deleted: boolean };
    expect(del.deleted).toBe(true);
    expect((await fetch(`${st.url}/dashboards/${board.id}`)).status).toBe(404);
  });

  it('refuses bad input with 4xx naming the field, and stores nothing', async () => {
    const cases: [unknown, number, RegExp][] = [
      [{ name: 'x', panels: [panel('a', { chart: 'pie' })] }, 400, /chart/],
      [{ name: 'x', panels: [panel('a', { width: 13 })] }, 400, /width/],
      [{ name: 'x', panels: [panel('a'), panel('a')] }, 400, /panels\[1\]\.id/],
      [{ name: '   ', panels: [] }, 400, /name/],
      [{ name: 'x', panels: [panel('a', { queries: [] })] }, 400, /queries/],
      [{ name: 'x', panels: [panel('a', { extra: 1 })] }, 400, /extra|additional/i],
      [{ id: 999_999, name: 'ghost', panels: [] }, 404, /id/],
    ];
    for (const [body, status, message] of cases) {
      const res = await postJson(`${st.url}/dashboards`, body);
      expect(res.status, JSON.stringify(body)).toBe(status);
      expect(((await res.json()) as { message: string }).message).toMatch(message);
    }
    const list = (await (await fetch(`${st.url}/dashboards`)).json()) as { items: { name: string }[] };
    expect(list.items.map((d) => d.name)).not.toContain('x');
  });

  it('answers 409 when another dashboard holds the name', async () => {
    expect((await postJson(`${st.url}/dashboards`, { name: 'Thermal', panels: [] })).status).toBe(200);
    const res = await postJson(`${st.url}/dashboards`, { name: 'Thermal', panels: [] });
    expect(res.status).toBe(409);
    expect(((await res.json()) as { message: string }).message).toMatch(/name/);
  });

  it('overview carries error counts per bucket for each spacecraft', async () => {
    const now = Date.now();
    const lines = [
      { level: 'error', message: 'valve', spacecraft_id: 'juno', timestamp: now - 60_000 },
      { level: 'critical', message: 'safe mode', spacecraft_id: 'juno', timestamp: now - 30_000 },
      { level: 'info', message: 'nominal', spacecraft_id: 'juno', timestamp: now - 30_000 },
      { level: 'error', message: 'wheel', spacecraft_id: 'voyager-1', timestamp: now - 10_000 },
    ];
    expect((await postJson(`${st.url}/logs`, lines)).status).toBe(202);
    const overview = (await (await fetch(`${st.url}/dashboards/overview?from=now-1h`)).json()) as {
      error_rate_by_spacecraft: { bucket_ms: number; series: { spacecraft_id: string; points: [number, number][] }[] };
    };
    const { bucket_ms, series } = overview.error_rate_by_spacecraft;
    expect(bucket_ms).toBe(60_000);
    const total = (id: string) => series.find((s) => s.spacecraft_id === id)?.points.reduce((n, [, c]) => n + c, 0);
    expect(total('juno')).toBe(2);
    expect(total('voyager-1')).toBe(1);
  });

  it('trends name the top movers against the previous period', async () => {
    const now = Date.now();
    const HOUR = 3_600_000;
    const at = (sc: string, t: number, n: number) => Array.from({ length: n }, (_, i) => ({ message: `m${i}`, spacecraft_id: sc, timestamp: t }));
    // Previous hour: cassini 8, galileo 1; this hour: cassini 2, galileo 6.
    const lines = [...at('cassini', now - 1.5 * HOUR, 8), ...at('galileo', now - 1.5 * HOUR, 1), ...at('cassini', now - 0.5 * HOUR, 2), ...at('galileo', now - 0.5 * HOUR, 6)];
    expect((await postJson(`${st.url}/logs`, lines)).status).toBe(202);
    const trends = (await (await fetch(`${st.url}/analytics/trends?from=${now - HOUR}&to=${now}&group_by=spacecraft_id`)).json()) as {
      top_movers: { name: string; total: number; previous_total: number; change: number }[];
    };
    const byName = new Map(trends.top_movers.map((m) => [m.name, m]));
    expect(byName.get('cassini')).toMatchObject({ total: 2, previous_total: 8, change: -6 });
    expect(byName.get('galileo')).toMatchObject({ total: 6, previous_total: 1, change: 5 });
    expect(trends.top_movers.findIndex((m) => m.name === 'cassini')).toBeLessThan(trends.top_movers.findIndex((m) => m.name === 'galileo'));
  });
});
