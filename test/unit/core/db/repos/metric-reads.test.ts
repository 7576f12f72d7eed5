/**
 * The query-side reads of the metric store that trade plain code for speed: samples read with
 * times relative to the range's start (added back in JS) and the per-name series list cached
 * until a newer series exists. Both must answer exactly what a plain SQL read answers.
 */
import { describe, expect, it } from 'vitest';
import { MetricsRepo } from '../../../../../src/core/db/repos/metrics';
import { prng } from '../../../../support/random';
import { memoryDb } from '../../fixtures';

const T0 = Date.UTC(2026, 0, 5);
const DAY = 86_400_000;

describe('metric reads', () => {
  it('samples(): the same times and values as a plain read, for any bounds (fractional, wide, infinite)', () => {
    const db = memoryDb();
    const repo = new MetricsRepo(db);
    const r = prng(20261123);
    const samples = [];
    for (let i = 0; i < 3_000; i++) {
      samples.push({ metric_name: 'm', value: r() < 0.01 ? -0 : (r() - 0.5) * 1e6, unit: null, timestamp: T0 + Math.floor(r() * 60 * DAY), source_system: null, tags: JSON.stringify({ k: String(i % 3) }) });
    }
    repo.insertMany(samples);
    const plain = db.prepare('SELECT ts, value FROM metric_samples WHERE series_id = ? AND ts BETWEEN ? AND ? ORDER BY ts').raw(true);
    const ids = (db.prepare('SELECT id FROM metric_series').pluck().all() as number[]);
    expect(ids).toHaveLength(3);
    const bounds: [number, number][] = [
      [-Infinity, Infinity],
      [0, T0 + 61 * DAY],
      [T0 - 0.5, T0 + DAY + 0.25],
      // Past a small integer's range (2^31 ms ≈ 24.9 days) relative to the start.
      [T0 + 1000.75, T0 + 59 * DAY],
    ];
    for (let k = 0; k < 40; k++) {
      const a = T0 + Math.floor(r() * 60 * DAY);
      bounds.push([a, a + Math.floor(r() * 30 * DAY)]);
    }
    for (const id of ids) {
      for (const [from, to] of bounds) {
        const rows = plain.all(id, from, to) as [number, number][];
        const got = repo.samples(id, from, to);
        expect(got.ts).toEqual(rows.map((x) => x[0]));
        expect(got.values.map((v) => Object.is(v, -0) ? 'neg0' : v)).toEqual(rows.map((x) => Object.is(x[1], -0) ? 'neg0' : x[1]));
      }
    }
  });

  it('matching(): sees series created after the list was cached, and filters without copying', () => {
    const db = memoryDb();
    const repo = new MetricsRepo(db);
    const sample = (name: string, host: string) => ({ metric_name: name, value: 1, unit: null, timestamp: T0, source_system: null, tags: JSON.stringify({ host }) });
    repo.insertMany([sample('a', 'h1'), sample('a', 'h2'), sample('b', 'h1')]);
    const hosts = (name: string | null, host?: string) =>
      repo.seriesRepo
        .matching(name, (_n, labels) => host === undefined || labels.host === host)
        .map((s) => `${s.name}/${s.labels.host}`)
        .sort();
    expect(hosts('a')).toEqual(['a/h1', 'a/h2']);
    expect(hosts(null)).toEqual(['a/h1', 'a/h2', 'b/h1']);
    expect(hosts('a', 'h2')).toEqual(['a/h2']);
    repo.insertMany([sample('a', 'h3'), sample('c', 'h1')]);
    expect(hosts('a')).toEqual(['a/h1', 'a/h2', 'a/h3']);
    expect(hosts(null, 'h1')).toEqual(['a/h1', 'b/h1', 'c/h1']);
    expect(hosts('missing')).toEqual([]);
    // The name passed to `keep` is the series' own (selectors on __name__ use it).
    expect(repo.seriesRepo.matching(null, (n) => n === 'c').map((s) => s.name)).toEqual(['c']);
  });
});
