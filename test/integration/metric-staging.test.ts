/**
 * Staged metric batches (ingest/staged-merge.ts) on a real station: a large remote-write batch
 * is answered once committed to staging, yet every query answers as if it were in the samples
 * table already; samples a crash left staged become visible when the station starts again.
 * The merge timers are set far out here, so staging is observable and nothing merges by chance.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { compress } from 'snappyjs';
import { afterEach, describe, expect, test } from 'vitest';
import { openDatabase } from '../../src/core/db/open';
import { MetricsRepo, type MetricSample } from '../../src/core/db/repos/metrics';
import { DB_FILE } from '../../src/core/core';
import { WriteRequest } from '../../src/core/ingest/formats/proto/remote-write';
import { packSamples } from '../../src/core/ingest/metric-pack';
import { startTestStation, tempDir, type TestStation } from '../support/station';

const T0 = Date.UTC(2026, 10, 1);
const SERIES = 40;
const PER = 128;
const FAR = { mergeAgeMs: 600_000, mergeIdleMs: 600_000 };

let s: TestStation | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** SERIES series × PER samples, one a minute, value = series * 1000 + k. */
function body(name: string): Buffer {
  const timeseries = [];
  for (let i = 0; i < SERIES; i++) {
    const samples = [];
    for (let k = 0; k < PER; k++) samples.push({ value: i * 1000 + k, timestamp: T0 + k * 60_000 });
    timeseries.push({ labels: [{ name: '__name__', value: name }, { name: 'series', value: `s${i}` }], samples });
  }
  return compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish()));
}

async function remoteWrite(url: string, b: Buffer): Promise<Response> {
  return fetch(`${url}/api/v1/write`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'snappy' }, body: b });
}

/** count and sum of every sample of `name`, through the Prometheus API. */
async function totals(url: string, name: string): Promise<{ count: number; sum: number }> {
  const at = (T0 + PER * 60_000) / 1000;
  const ask = async (q: string) => {
    const res = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: q, time: String(at) })}`);
    const j = (await res.json()) as { status: string; data: { result: { value: [number, string] }[] } };
    expect(j.status).toBe('success');
    return Number(j.data.result[0]?.value[1] ?? 0);
  };
  return { count: await ask(`sum(count_over_time(${name}[1d]))`), sum: await ask(`sum(sum_over_time(${name}[1d]))`) };
}

const expectedSum = (() => {
  let n = 0;
  for (let i = 0; i < SERIES; i++) for (let k = 0; k < PER; k++) n += i * 1000 + k;
  return n;
})();

describe('staged metric batches', () => {
  test('a large batch is staged when answered, and queries see it whole', async () => {
    s = await startTestStation({ core: { staging: { stageMin: 1000, ...FAR } } });
    const raw = () => s!.core.db.prepare("SELECT count(*) FROM metric_samples p JOIN metric_series x ON x.id = p.series_id WHERE x.name = 'obs_staged'").pluck().get() as number;
    const staged = () => s!.core.db.prepare('SELECT coalesce(sum(samples), 0) FROM metric_staging').pluck().get() as number;
    expect((await remoteWrite(s.url, body('obs_staged'))).status).toBe(204);
    // Committed, not yet moved: the timers are far out.
    expect(staged()).toBe(SERIES * PER);
    expect(raw()).toBe(0);
    // The query waits for the move, so it sees every sample.
    expect(await totals(s.url, 'obs_staged')).toEqual({ count: SERIES * PER, sum: expectedSum });
    expect(staged()).toBe(0);
    expect(raw()).toBe(SERIES * PER);
    // A small batch goes straight through.
    const small = compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries: [{ labels: [{ name: '__name__', value: 'obs_small' }], samples: [{ value: 1, timestamp: T0 }] }] })).finish()));
    expect((await remoteWrite(s.url, small)).status).toBe(204);
    expect(staged()).toBe(0);
  });

  test('a resent batch and a batch with other values for the same instants keep the first values', async () => {
    s = await startTestStation({ core: { staging: { stageMin: 1000, ...FAR } } });
    expect((await remoteWrite(s.url, body('obs_twice'))).status).toBe(204);
    // Same series and instants, other values: dropped as duplicates, as Prometheus does.
    const timeseries = [];
    for (let i = 0; i < SERIES; i++) {
      timeseries.push({ labels: [{ name: '__name__', value: 'obs_twice' }, { name: 'series', value: `s${i}` }], samples: Array.from({ length: PER }, (_, k) => ({ value: -1, timestamp: T0 + k * 60_000 })) });
    }
    expect((await remoteWrite(s.url, compress(Buffer.from(WriteRequest.encode(WriteRequest.fromObject({ timeseries })).finish())))).status).toBe(204);
    expect((await remoteWrite(s.url, body('obs_twice'))).status).toBe(204);
    expect(await totals(s.url, 'obs_twice')).toEqual({ count: SERIES * PER, sum: expectedSum });
  });

  test('samples left staged by a crash are moved when the station starts', async () => {
    const dataDir = tempDir();
    // What a crash leaves: a committed staging row, nothing in the samples table.
    const db = openDatabase({ path: join(dataDir, DB_FILE) });
    const samples: MetricSample[] = [];
    for (let i = 0; i < SERIES; i++) {
      for (let k = 0; k < PER; k++) samples.push({ metric_name: 'obs_crash', value: i * 1000 + k, unit: null, timestamp: T0 + k * 60_000, source_system: null, tags: JSON.stringify({ series: `s${i}` }) });
    }
    const repo = new MetricsRepo(db);
    db.transaction(() => repo.stage(packSamples(samples)))();
    db.close();
    s = await startTestStation({ dataDir, core: { staging: FAR } });
    expect(await totals(s.url, 'obs_crash')).toEqual({ count: SERIES * PER, sum: expectedSum });
    const check = new Database(join(dataDir, DB_FILE), { readonly: true });
    expect(check.prepare('SELECT count(*) FROM metric_staging').pluck().get()).toBe(0);
    check.close();
    await s.close();
    s = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });
});
