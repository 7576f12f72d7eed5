import { Value } from 'typebox/value';
import { describe, expect, it } from 'vitest';
import { DashboardInput, type Panel } from '../../../../src/shared/api/schemas/dashboards';
import {
  exportDashboard,
  movePanel,
  newPanel,
  nextPanelId,
  parseDashboardImport,
  removePanel,
  resizePanel,
  updatePanel,
} from '../../../../src/renderer/src/stores/dashboard-layout';
import { parseThresholds } from '../../../../src/renderer/src/stores/metrics-explorer';

const panel = (id: string): Panel => ({ id, title: id, queries: ['up'], chart: 'line', width: 6, height: 3 });
const ids = (ps: readonly Panel[]) => ps.map((p) => p.id);

describe('dashboard layout edits', () => {
  const three = [panel('a'), panel('b'), panel('c')];

  it('moves panels within the flow and ignores moves off either end', () => {
    expect(ids(movePanel(three, 'b', -1))).toEqual(['b', 'a', 'c']);
    expect(ids(movePanel(three, 'a', 2))).toEqual(['b', 'c', 'a']);
    expect(ids(movePanel(three, 'a', -1))).toEqual(['a', 'b', 'c']);
    expect(ids(movePanel(three, 'c', 1))).toEqual(['a', 'b', 'c']);
    expect(ids(movePanel(three, 'zz', 1))).toEqual(['a', 'b', 'c']);
    expect(ids(three)).toEqual(['a', 'b', 'c']); // never mutates
  });

  it('resizes within 1–12 columns and 1–8 rows', () => {
    expect(resizePanel(three, 'a', 100, -100).find((p) => p.id === 'a')).toMatchObject({ width: 12, height: 1 });
    expect(resizePanel(three, 'b', -1, 1).find((p) => p.id === 'b')).toMatchObject({ width: 5, height: 4 });
  });

  it('adds with fresh ids, updates and removes', () => {
    expect(nextPanelId([panel('p1'), panel('p3')])).toBe('p4');
    expect(nextPanelId([panel('p3'), panel('p1'), panel('p4')])).toBe('p5');
    const added = [...three, newPanel(three)];
    expect(new Set(ids(added)).size).toBe(4);
    expect(updatePanel(three, 'c', { chart: 'bar', title: 'C' })[2]).toMatchObject({ id: 'c', chart: 'bar', title: 'C' });
    expect(ids(removePanel(three, 'b'))).toEqual(['a', 'c']);
  });

  it('exports a file that imports back to a valid save input', () => {
    const text = exportDashboard({ name: 'Power', panels: [{ ...panel('a'), options: { thresholds: [45] } }] });
    const parsed = parseDashboardImport(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(Value.Check(DashboardInput, parsed.input)).toBe(true);
      expect(parsed.input.name).toBe('Power');
    }
  });

  it('reports bad files in words instead of throwing', () => {
    const bad = ['{"name": "x", "panels": [', '[1,2]', '"text"', '{"panels": []}', '{"name": "x", "panels": {}}', '{"observatory_dashboard": 2, "name": "x", "panels": []}', ''];
    for (const text of bad) {
      const r = parseDashboardImport(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
    const syntax = parseDashboardImport('{"name": "x",, }');
    expect(!syntax.ok && syntax.message).toMatch(/^Not valid JSON/);
  });

  it('parses threshold lists and reports what is not a number', () => {
    expect(parseThresholds('45, 50.5;-3')).toEqual({ values: [45, 50.5, -3], invalid: [] });
    expect(parseThresholds('1, hot, 2')).toEqual({ values: [1, 2], invalid: ['hot'] });
    expect(parseThresholds('')).toEqual({ values: [], invalid: [] });
  });
});
