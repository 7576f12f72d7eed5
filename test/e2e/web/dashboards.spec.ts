import { readFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, openConsole, SCREENSHOTS, test } from './fixtures';

const MIN = 60_000;

/** Telemetry for two spacecraft over the last 30 minutes, through the real ingest route. */
function telemetry(now: number) {
  const out: { name: string; value: number; labels: Record<string, string>; timestamp: number }[] = [];
  for (let i = 0; i < 30; i++) {
    const t = now - (30 - i) * MIN;
    out.push({ name: 'battery_temp_c', value: 20 + i * 0.5, labels: { spacecraft: 'juno' }, timestamp: t });
    out.push({ name: 'battery_temp_c', value: 30 + i * 0.2, labels: { spacecraft: 'voyager-1' }, timestamp: t });
    // A Prometheus-style histogram: cumulative buckets growing by 1, 3 and 4 per minute.
    for (const [le, per] of [['0.1', 1], ['0.5', 4], ['+Inf', 8]] as const) {
      out.push({ name: 'downlink_latency_seconds_bucket', value: i * per, labels: { le, spacecraft: 'juno' }, timestamp: t });
    }
  }
  return out;
}

/** Drag across the middle of a chart's plot, as an operator zooming in would. */
async function brushMiddle(page: Page, chart: Locator): Promise<void> {
  const box = await chart.boundingBox();
  if (!box) throw new Error('chart not laid out');
  const y = box.y + box.height * 0.5;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.55, y, { steps: 8 });
  await page.mouse.move(box.x + box.width * 0.7, y, { steps: 8 });
  await page.mouse.up();
}

const hashParam = (page: Page, name: string) => new URLSearchParams(new URL(page.url()).hash.split('?')[1] ?? '').get(name);

test('overview: fleet tiles, error rate by spacecraft, active alerts and station links', async ({ page, station }) => {
  const now = Date.now();
  expect((await station.post('/logs', [
    ...Array.from({ length: 6 }, (_, i) => ({ level: 'info', message: `nominal ${i}`, spacecraft_id: 'voyager-1', timestamp: now - i * MIN })),
    ...Array.from({ length: 4 }, (_, i) => ({ level: 'error', message: `wheel fault ${i}`, spacecraft_id: 'juno', timestamp: now - i * MIN })),
    { level: 'info', message: 'pass start', spacecraft_id: 'juno', timestamp: now },
  ])).status).toBe(202);
  expect((await station.post('/monitoring/endpoints', { endpoint_url: `${station.url}/healthz`, name: 'Goldstone link', check_interval: '5s' })).status).toBe(201);

  await openConsole(page, station.url, '#/overview');
  const tiles = page.getByTestId('fleet-tile');
  await expect(tiles).toHaveCount(2);
  // Each tile shows what the health endpoint says (the one source of status and score).
  const health = (await (await fetch(`${station.url}/health/spacecraft`)).json()) as { items: { id: string; status: string; health_score: number; active_alerts: number }[] };
  for (const sc of health.items) {
    const tile = page.locator(`[data-testid="fleet-tile"][data-spacecraft="${sc.id}"]`);
    await expect(tile).toHaveAttribute('data-status', sc.status);
    await expect(tile.getByTestId('fleet-tile-score')).toHaveText(String(Math.round(sc.health_score)));
    await expect(tile.getByTestId('fleet-tile-alerts')).toHaveAttribute('data-count', String(sc.active_alerts));
  }
  await expect(page.getByTestId('overview-error-chart')).toBeVisible();
  await expect(page.getByTestId('overview-total-errors')).toHaveText('4');
  await expect(page.getByTestId('overview-link')).toContainText('Goldstone link');
  await expect(page.getByTestId('overview-link')).toHaveAttribute('data-status', 'up', { timeout: 15_000 });
  // Nothing in the hour before: both spacecraft are new movers, juno's 5 lines after voyager-1's 6.
  await expect(page.getByTestId('overview-mover')).toHaveCount(2);
  await expect(page.getByTestId('overview-mover').first()).toHaveAttribute('data-name', 'voyager-1');
  await expect(page.locator('[data-testid="overview-mover"][data-name="juno"]')).toHaveAttribute('data-change', '5');
  await page.screenshot({ path: `${SCREENSHOTS}/overview-fleet.png`, fullPage: true });

  // A tile opens the spacecraft's page.
  await tiles.first().click();
  await expect(page.getByTestId('sc-detail')).toHaveAttribute('data-spacecraft', 'juno');
});

test('spacecraft detail: health terms, telemetry, recent logs, alerts and endpoints', async ({ page, station }) => {
  const now = Date.now();
  expect((await station.post('/metrics', telemetry(now))).status).toBe(202);
  expect((await station.post('/logs', [
    { level: 'critical', message: 'battery heater stuck on', spacecraft_id: 'juno', service: 'power', timestamp: now - MIN },
    { level: 'info', message: 'downlink acquired', spacecraft_id: 'juno', service: 'comms', timestamp: now },
    { level: 'info', message: 'other craft', spacecraft_id: 'voyager-1', timestamp: now },
  ])).status).toBe(202);
  expect((await station.post('/monitoring/endpoints', { endpoint_url: `${station.url}/healthz`, name: 'Juno relay', spacecraft_id: 'juno', check_interval: '5s' })).status).toBe(201);
  // A rule per spacecraft: juno's battery (34.5 °C now) breaches 33, voyager-1's (35.8) does too; only juno's shows on juno's page.
  expect((await station.post('/alerts/rules', {
    rule_name: 'Battery hot', kind: 'metric_threshold', condition: 'max by (spacecraft) (battery_temp_c)', operator: '>', threshold: 33,
    window: '5m', for: '0s', severity: 'warning', is_active: true, notification_channels: ['in_app'],
  })).status).toBe(201);

  await openConsole(page, station.url, '#/spacecraft');
  await page.locator('[data-testid="spacecraft-row"][data-spacecraft="juno"] [data-testid="spacecraft-link"]').click();
  await expect(page).toHaveURL(/#\/spacecraft\?id=juno/);
  await expect(page.getByTestId('sc-health-term').first()).toBeVisible();
  await expect(page.locator('[data-testid="sc-health-term"][data-term="errors"]')).not.toHaveAttribute('data-points', '0');
  await expect(page.locator('[data-testid="sc-telemetry"][data-metric="battery_temp_c"]')).toBeVisible();
  await expect(page.getByTestId('sc-log')).toHaveCount(2);
  await expect(page.getByTestId('sc-log').first()).toContainText('downlink acquired');
  await expect(page.getByTestId('sc-endpoint')).toContainText('Juno relay');
  await expect(page.getByTestId('sc-alert')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.getByTestId('sc-alert')).toContainText('Battery hot');
  await page.screenshot({ path: `${SCREENSHOTS}/spacecraft-detail.png`, fullPage: true });
});

test('metrics explorer: overlaid queries, thresholds, errors with position, heatmap, CSV and PNG export, zoom', async ({ page, station }) => {
  const now = Date.now();
  expect((await station.post('/metrics', telemetry(now))).status).toBe(202);
  await openConsole(page, station.url, '#/metrics');

  await page.getByTestId('explorer-query-0').fill('avg by (spacecraft) (battery_temp_c)');
  await page.getByTestId('explorer-thresholds').fill('32');
  await page.getByTestId('explorer-run').click();
  const series = page.getByTestId('explorer-series');
  await expect(series).toHaveCount(2);
  await expect(page.locator('[data-testid="explorer-series"][data-name="{spacecraft=\\"juno\\"}"]')).toHaveAttribute('data-last', '34.5');
  expect(hashParam(page, 'q')).toBe('avg by (spacecraft) (battery_temp_c)');

  // A second query overlaid; letters tell the two apart.
  await page.getByTestId('explorer-add').click();
  await page.getByTestId('explorer-query-1').fill('max(battery_temp_c)');
  await page.getByTestId('explorer-run').click();
  await expect(series).toHaveCount(3);
  await expect(page.locator('[data-testid="explorer-series"][data-name="B: max(battery_temp_c)"]')).toHaveAttribute('data-last', '35.8');
  await page.getByTestId('explorer-chart-type').selectOption('area');
  await page.screenshot({ path: `${SCREENSHOTS}/explorer.png`, fullPage: true });

  // Hiding a query takes its series off the chart (and the CSV).
  await page.getByTestId('explorer-visible-0').uncheck();
  await expect(series).toHaveCount(1);
  const csvDownload = page.waitForEvent('download');
  await page.getByTestId('explorer-export-csv').click();
  const csvPath = await (await csvDownload).path();
  const csv = readFileSync(csvPath, 'utf8').trim().split('\n');
  expect(csv[0]).toBe('time,epoch_ms,B: max(battery_temp_c)');
  expect(csv.length).toBeGreaterThan(20);
  expect(Number(csv.at(-1)?.split(',')[2])).toBeCloseTo(35.8);

  const pngDownload = page.waitForEvent('download');
  await page.getByTestId('explorer-export-png').click();
  const png = readFileSync(await (await pngDownload).path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');
  expect(png.length).toBeGreaterThan(5_000);

  // A parse error names the position, visibly.
  await page.getByTestId('explorer-query-1').fill('max(battery_temp_c');
  await page.getByTestId('explorer-run').click();
  await expect(page.getByTestId('explorer-error-1')).toContainText('position');

  // Histogram buckets as a heatmap.
  await page.getByTestId('explorer-query-1').fill('increase(downlink_latency_seconds_bucket[5m])');
  await page.getByTestId('explorer-visible-0').check();
  await page.getByTestId('explorer-query-0').fill('');
  await page.getByTestId('explorer-chart-type').selectOption('heatmap');
  await page.getByTestId('explorer-run').click();
  await expect(page.getByTestId('explorer-chart')).toBeVisible();
  await expect(page.getByTestId('explorer-heatmap-empty')).toHaveCount(0);
  await page.screenshot({ path: `${SCREENSHOTS}/explorer-heatmap.png`, fullPage: true });

  // Zooming a line chart sets the global range (fixed, historical).
  await page.getByTestId('explorer-chart-type').selectOption('line');
  await page.getByTestId('explorer-query-0').fill('avg(battery_temp_c)');
  await page.getByTestId('explorer-run').click();
  await expect(series.first()).toBeVisible();
  await brushMiddle(page, page.getByTestId('explorer-chart'));
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-live', 'false');
  expect(hashParam(page, 'time')).toMatch(/^\d+_\d+$/);
  const [from, to] = (hashParam(page, 'time') as string).split('_').map(Number) as [number, number];
  expect(to - from).toBeLessThan(60 * MIN);
  expect(to - from).toBeGreaterThan(5 * MIN);
});

test('time picker: live rolls forward, paused stays fixed, and the range survives in the URL', async ({ page, station }) => {
  await openConsole(page, station.url, '#/overview');
  const picker = page.getByTestId('time-picker');
  await page.getByTestId('time-preset').selectOption('15m');
  await page.getByTestId('time-refresh').selectOption('5000');
  await expect(picker).toHaveAttribute('data-live', 'true');
  await expect.poll(() => hashParam(page, 'time')).toBe('15m');
  const to0 = Number(await picker.getAttribute('data-to'));
  const from0 = Number(await picker.getAttribute('data-from'));
  expect(to0 - from0).toBe(15 * MIN);
  // Live: the window moves on by itself (a 5 s refresh), and the overview follows it.
  await expect.poll(async () => Number(await picker.getAttribute('data-to')), { timeout: 15_000 }).toBeGreaterThan(to0);
  await expect.poll(async () => Number(await page.getByTestId('overview').getAttribute('data-to')), { timeout: 15_000 }).toBeGreaterThan(to0);

  // Pause: the current window is frozen as an absolute range, in the URL too.
  await page.getByTestId('time-live').click();
  await expect(picker).toHaveAttribute('data-live', 'false');
  const frozen = hashParam(page, 'time');
  expect(frozen).toMatch(/^\d+_\d+$/);
  const [f, t] = (frozen as string).split('_').map(Number) as [number, number];
  await expect(picker).toHaveAttribute('data-to', String(t));
  await page.screenshot({ path: `${SCREENSHOTS}/time-picker-paused.png` });

  // The link restores the same fixed window on another page and after a reload.
  await page.getByTestId('nav-metrics').click();
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-live', 'false');
  await expect.poll(() => hashParam(page, 'time')).toBe(frozen);
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-from', String(f));
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-to', String(t));

  // An absolute range typed in the editor.
  await page.getByTestId('time-window').click();
  await page.getByTestId('time-from').fill('2026-01-01T10:00');
  await page.getByTestId('time-to').fill('2026-01-01T09:00');
  await page.getByTestId('time-apply').click();
  await expect(page.getByTestId('time-problem')).toContainText('after the start');
  await page.getByTestId('time-to').fill('2026-01-01T12:30');
  await page.getByTestId('time-apply').click();
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-from', String(new Date(2026, 0, 1, 10, 0).getTime()));
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-to', String(new Date(2026, 0, 1, 12, 30).getTime()));

  // Live again: back to a rolling preset (the default one, since the reload forgot 15m).
  await page.getByTestId('time-live').click();
  await expect(page.getByTestId('time-picker')).toHaveAttribute('data-live', 'true');
  await expect.poll(() => hashParam(page, 'time')).toBe('1h');
});

test('dashboards: create, add/edit/resize/arrange/remove panels, save, export, import (bad JSON shows why), delete', async ({ page, station }) => {
  const now = Date.now();
  expect((await station.post('/metrics', telemetry(now))).status).toBe(202);
  await openConsole(page, station.url, '#/dashboards');
  await expect(page.getByTestId('dashboards-empty')).toBeVisible();
  await page.getByTestId('dashboards-new-name').fill('Power');
  await page.getByTestId('dashboards-create').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  const panels = page.getByTestId('dashboard-panel');
  await expect(panels).toHaveCount(1);

  await page.getByTestId('dashboard-edit').click();
  // Panel 1 becomes the battery temperature chart with a threshold.
  await panels.nth(0).getByTestId('panel-edit').click();
  await page.getByTestId('panel-edit-title').fill('Battery temperature');
  await page.getByTestId('panel-edit-queries').fill('avg by (spacecraft) (battery_temp_c)');
  await page.getByTestId('panel-edit-thresholds').fill('33');
  await page.getByTestId('panel-edit-apply').click();
  // Panel 2: a single value.
  await page.getByTestId('dashboard-add-panel').click();
  await expect(panels).toHaveCount(2);
  await panels.nth(1).getByTestId('panel-edit').click();
  await page.getByTestId('panel-edit-title').fill('Hottest');
  await page.getByTestId('panel-edit-queries').fill('max(battery_temp_c)');
  await page.getByTestId('panel-edit-chart').selectOption('stat');
  await page.getByTestId('panel-edit-unit').fill('°C');
  await page.getByTestId('panel-edit-apply').click();
  await expect(panels.nth(1).getByTestId('panel-stat')).toHaveAttribute('data-value', '35.8');
  // Panel 3, removed again.
  await page.getByTestId('dashboard-add-panel').click();
  await expect(panels).toHaveCount(3);
  await panels.nth(2).getByTestId('panel-remove').click();
  await expect(panels).toHaveCount(2);
  // Resize and arrange: the stat panel narrower and first, the chart full width and taller.
  await panels.nth(1).getByTestId('panel-narrower').click();
  await panels.nth(1).getByTestId('panel-narrower').click();
  await panels.nth(1).getByTestId('panel-move-earlier').click();
  await expect(panels.nth(0)).toHaveAttribute('data-chart', 'stat');
  await expect(panels.nth(0)).toHaveAttribute('data-width', '4');
  for (let i = 0; i < 6; i++) await panels.nth(1).getByTestId('panel-wider').click();
  await panels.nth(1).getByTestId('panel-taller').click();
  await expect(panels.nth(1)).toHaveAttribute('data-width', '12');
  await expect(panels.nth(1)).toHaveAttribute('data-height', '4');
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dirty', 'true');
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-editing.png`, fullPage: true });
  await page.getByTestId('dashboard-save').click();
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dirty', 'false');
  await page.getByTestId('dashboard-done').click();

  // Saved in SQLite: a reload shows the same layout.
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(panels).toHaveCount(2);
  await expect(panels.nth(0)).toHaveAttribute('data-chart', 'stat');
  await expect(panels.nth(1)).toHaveAttribute('data-width', '12');
  await expect(panels.nth(1).getByTestId('panel-title')).toHaveText('Battery temperature');
  await expect(panels.nth(1).getByTestId('panel-chart')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard.png`, fullPage: true });

  // Export, then import the file under another name.
  const download = page.waitForEvent('download');
  await page.getByTestId('dashboard-export').click();
  const exported = JSON.parse(readFileSync(await (await download).path(), 'utf8')) as { observatory_dashboard: number; name: string; panels: unknown[] };
  expect(exported).toMatchObject({ observatory_dashboard: 1, name: 'Power' });
  expect(exported.panels).toHaveLength(2);

  await page.getByTestId('nav-dashboards').click();
  await page.getByTestId('dashboards-import-text').fill('{"name": "Broken", "panels": [');
  await page.getByTestId('dashboards-import').click();
  await expect(page.getByTestId('dashboards-error')).toContainText('Not valid JSON');
  await page.getByTestId('dashboards-import-text').fill(JSON.stringify({ ...exported, panels: [{ ...(exported.panels[0] as object), chart: 'pie' }] }));
  await page.getByTestId('dashboards-import').click();
  await expect(page.getByTestId('dashboards-error')).toContainText('chart');
  await page.getByTestId('dashboards-import-text').fill(JSON.stringify(exported));
  await page.getByTestId('dashboards-import').click();
  await expect(page.getByTestId('dashboards-error')).toContainText('already exists');
  await page.getByTestId('dashboards-import-text').fill(JSON.stringify({ ...exported, name: 'Power (copy)' }));
  await page.getByTestId('dashboards-import').click();
  await expect(page.getByTestId('dashboard')).toBeVisible();
  await expect(panels).toHaveCount(2);

  // Delete the copy.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('dashboard-delete').click();
  await expect(page.getByTestId('dashboards-row')).toHaveCount(1);
  await expect(page.getByTestId('dashboards-row')).toHaveAttribute('data-name', 'Power');
});

/** Press on `from`, move in steps (as a hand does) to `to`, release. */
async function dragBetween(page: Page, from: { x: number; y: number }, to: { x: number; y: number }, midway?: () => Promise<void>): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 6 });
  await page.mouse.move(to.x, to.y, { steps: 6 });
  if (midway) await midway();
  await page.mouse.up();
}

test('dashboards: drag a panel to another place and drag a corner to resize; the layout survives a reload', async ({ page, station }) => {
  const now = Date.now();
  expect((await station.post('/metrics', telemetry(now))).status).toBe(202);
  const panel = (id: string, title: string, query: string) => ({ id, title, queries: [query], chart: 'line', width: 4, height: 3 });
  const res = await station.post('/dashboards', {
    name: 'Arrange me',
    panels: [panel('bus', 'Bus', 'avg(battery_temp_c)'), panel('soc', 'Charge', 'max(battery_temp_c)'), panel('temp', 'Temperature', 'avg by (spacecraft) (battery_temp_c)')],
  });
  expect(res.status).toBe(200);
  const { id } = (await res.json()) as { id: number };
  await openConsole(page, station.url, `#/dashboards?id=${id}`);
  const panels = page.getByTestId('dashboard-panel');
  await expect(panels).toHaveCount(3);
  const order = () => panels.evaluateAll((els) => els.map((el) => el.getAttribute('data-panel-id')));
  await page.getByTestId('dashboard-edit').click();

  // Drag "Temperature" by its header onto the left half of "Bus": it becomes the first panel.
  const handle = await panels.nth(2).getByTestId('panel-title').boundingBox();
  const bus = await panels.nth(0).boundingBox();
  if (!handle || !bus) throw new Error('panels not laid out');
  await dragBetween(page, { x: handle.x + 10, y: handle.y + handle.height / 2 }, { x: bus.x + bus.width * 0.2, y: bus.y + bus.height / 2 }, async () => {
    await expect(page.getByTestId('dashboard-grid')).toHaveAttribute('data-drag', 'move');
    await expect(panels.nth(0)).toHaveClass(/dash-panel--drop-before/);
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-dragging.png`, fullPage: true });
  });
  await expect.poll(order).toEqual(['temp', 'bus', 'soc']);
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dirty', 'true');

  // Drag the corner of "Bus" two columns wider and one row taller.
  const grid = await page.getByTestId('dashboard-grid').boundingBox();
  const corner = await panels.nth(1).getByTestId('panel-resize-handle').boundingBox();
  if (!grid || !corner) throw new Error('grid not laid out');
  const gap = 12;
  const column = (grid.width - 11 * gap) / 12;
  const start = { x: corner.x + corner.width / 2, y: corner.y + corner.height / 2 };
  await dragBetween(page, start, { x: start.x + 2 * (column + gap), y: start.y + 80 }, async () => {
    await expect(page.getByTestId('panel-size-preview')).toHaveText('6 × 4');
    await page.screenshot({ path: `${SCREENSHOTS}/dashboard-resizing.png`, fullPage: true });
  });
  await expect(panels.nth(1)).toHaveAttribute('data-width', '6');
  await expect(panels.nth(1)).toHaveAttribute('data-height', '4');
  // A press on a handle without moving changes nothing.
  await panels.nth(0).getByTestId('panel-title').click();
  await expect.poll(order).toEqual(['temp', 'bus', 'soc']);

  await page.getByTestId('dashboard-save').click();
  await expect(page.getByTestId('dashboard')).toHaveAttribute('data-dirty', 'false');
  await page.reload();
  await expect(page.locator('[data-app-state="ready"]')).toBeVisible();
  await expect(panels).toHaveCount(3);
  await expect.poll(order).toEqual(['temp', 'bus', 'soc']);
  await expect(panels.nth(1)).toHaveAttribute('data-width', '6');
  await expect(panels.nth(1)).toHaveAttribute('data-height', '4');
  await expect(panels.nth(2)).toHaveAttribute('data-width', '4');
  // Stored by the station, not just kept by this page.
  const stored = (await (await fetch(`${station.url}/dashboards/${id}`)).json()) as { panels: { id: string; width: number; height: number }[] };
  expect(stored.panels.map((p) => [p.id, p.width, p.height])).toEqual([['temp', 4, 3], ['bus', 6, 4], ['soc', 4, 3]]);
  await expect(panels.nth(0).getByTestId('panel-chart')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/dashboard-arranged.png`, fullPage: true });
});
