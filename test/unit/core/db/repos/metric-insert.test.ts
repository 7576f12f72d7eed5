/**
 * The batched write path (runs of one series resolved once, multi-row statements, samples
 * packed for the writer thread) against inserting sample by sample: random runs, series,
 * duplicates within and across batches. Stored samples and rollups must be identical, and the
 * ranges marked for a rollup rebuild must cover every sample actually stored.
 */
import { describe, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { MetricsRepo, type MetricSample } from '../../../../../src/core/db/repos/metrics';
import { packSamples, type PackedSamples } from '../../../../../src/core/ingest/metric-pack';
import { prng } from '../../../../support/random';
import { memoryDb } from '../../fixtures';

const T0 = Date.UTC(2026, 0, 5);
const r = prng(20261125);

function randomBatch(): MetricSample[] {
  const out: MetricSample[] = [];
  const runs = 1 + Math.floor(r() * 30);
  for (let i = 0; i < runs; i++) {
    const k = Math.floor(r() * 6);
    const tags = k === 5 ? null : JSON.stringify({ host: `h${k}` });
    const name = k % 2 ? 'a' : 'b';
    const source = k === 4 ? 'src' : null;
    const n = 1 + Math.floor(r() * (r() < 0.5 ? 5 : 70));
    let ts = T0 + Math.floor(r() * 3 * 86_400_000);
    for (let j = 0; j < n; j++) {
      // Duplicates: the same instant again (dropped, as Prometheus does), sometimes a new value.
      ts += r() < 0.1 ? 0 : 1 + Math.floor(r() * 120_000);
      out.push({ metric_name: name, value: Math.round(r() * 1e4) / 10, unit: null, timestamp: ts, source_system: source, tags });
    }
  }
  return out;
}

/** The samples a packed batch stands for, in order. */
function unpack(p: PackedSamples): MetricSample[] {
  const out: MetricSample[] = [];
  for (const r of p.runs) {
    for (let k = 0; k < r.count; k++) out.push({ metric_name: r.metric_name, value: p.values[out.length] as number, unit: r.unit, timestamp: p.timestamps[out.length] as number, source_system: r.source_system, tags: r.tags });
  }
  return out;
}

function dump(db: Database): unknown {
  return {
    series: db.prepare('SELECT id, name, tags, source, labels FROM metric_series ORDER BY id').all(),
    samples: db.prepare('SELECT series_id, ts, value FROM metric_samples ORDER BY series_id, ts').raw(true).all(),
    rollups: db.prepare('SELECT * FROM metric_rollups ORDER BY series_id, resolution, bucket').raw(true).all(),
  };
}

describe('batched metric inserts', () => {
  it('store what sample-by-sample inserts store, and mark every stored sample for rollup', () => {
    const refDb = memoryDb();
    const ref = new MetricsRepo(refDb);
    const db = memoryDb();
    const repo = new MetricsRepo(db);
    for (let b = 0; b < 60; b++) {
      const batch = randomBatch();
      // Packed, as the station's writer thread receives a batch.
      const received = packSamples(batch);
      expect(unpack(received)).toEqual(batch);
      refDb.transaction(() => {
        ref.beginBatch();
        for (const s of batch) ref.insert(s);
        ref.finishBatch();
      })();
      const before = new Set(db.prepare('SELECT series_id || \':\' || ts FROM metric_samples').pluck().all() as string[]);
      db.transaction(() => {
        repo.beginBatch();
        repo.insertPacked(received);
        repo.finishBatch();
      })();
      // Every newly stored sample lies inside its series' dirty range.
      const dirty = new Map((db.prepare('SELECT series_id, from_ts, to_ts FROM metric_rollup_dirty').raw(true).all() as [number, number, number][]).map((d) => [d[0], d]));
      for (const [id, ts] of db.prepare('SELECT series_id, ts FROM metric_samples').raw(true).all() as [number, number][]) {
        if (before.has(`${id}:${ts}`)) continue;
        const d = dirty.get(id);
        expect(d && d[1] <= ts && ts <= d[2], `series ${id} sample ${ts} not marked`).toBe(true);
      }
      if (r() < 0.3) {
        ref.rollups.rebuildAll();
        repo.rollups.rebuildAll();
      }
    }
    ref.rollups.rebuildAll();
    repo.rollups.rebuildAll();
    expect(dump(db)).toEqual(dump(refDb));
  });

  it('staged batches merged in bulk store what direct inserts store, first value winning across batches', () => {
    const refDb = memoryDb();
    const ref = new MetricsRepo(refDb);
    const db = memoryDb();
    const repo = new MetricsRepo(db);
    const inTx = <T>(d: Database, fn: () => T): T => d.transaction(fn)();
    for (let b = 0; b < 80; b++) {
      const batch = randomBatch();
      ref.insertMany(batch);
      inTx(db, () => repo.stage(packSamples(batch)));
      // Merge at random moments, in random slices: several batches at once, or a few at a time.
      if (r() < 0.3) {
        const cap = 1 + Math.floor(r() * 400);
        let staged = repo.staging.pending();
        while (staged > 0) {
          const moved = inTx(db, () => {
            repo.beginBatch();
            const n = repo.mergeStaged(cap);
            repo.finishBatch();
            return n;
          });
          expect(moved).toBeGreaterThan(0);
          staged -= moved;
          expect(repo.staging.pending()).toBe(staged);
        }
      }
    }
    inTx(db, () => {
      repo.beginBatch();
      repo.mergeStaged(Infinity);
      repo.finishBatch();
    });
    expect(repo.staging.pending()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM metric_staging').pluck().get()).toBe(0);
    ref.rollups.rebuildAll();
    repo.rollups.rebuildAll();
    expect(dump(db)).toEqual(dump(refDb));
  });

  it('pack runs of one series once', () => {
    const batch = randomBatch();
    const p = packSamples(batch);
    expect(p.runs.reduce((n, x) => n + x.count, 0)).toBe(batch.length);
    expect(p.runs.length).toBeLessThanOrEqual(batch.length);
    expect(unpack(p)).toEqual(batch);
  });
});
