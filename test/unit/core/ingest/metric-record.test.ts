import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../../../src/core/db/repos/metrics';
import { normaliseMetric } from '../../../../src/core/ingest/metric-record';

const NOW = 1_795_428_000_000;

function ok(input: unknown): MetricSample {
  const r = normaliseMetric(input, NOW);
  if (!r.ok) throw new Error(`expected the sample to be accepted, got: ${r.error}`);
  return r.sample;
}

function refused(input: unknown): string {
  const r = normaliseMetric(input, NOW);
  if (r.ok) throw new Error(`expected the sample to be refused, got ${JSON.stringify(r.sample)}`);
  return r.error;
}

describe('normaliseMetric', () => {
  it('fills defaults: now, no unit, no source, no tags', () => {
    expect(ok({ name: 'cpu', value: 1.5 })).toEqual({
      metric_name: 'cpu',
      value: 1.5,
      unit: null,
      timestamp: NOW,
      source_system: null,
      tags: null,
    });
  });

  it('keeps every field it is given', () => {
    expect(
      ok({ name: 'host.cpu.usage_pct', value: 42, type: 'gauge', unit: '%', labels: { core: '0' }, timestamp: '2026-11-23T10:00:00Z', source: 'gw' }),
    ).toEqual({
      metric_name: 'host.cpu.usage_pct',
      value: 42,
      unit: '%',
      timestamp: Date.UTC(2026, 10, 23, 10),
      source_system: 'gw',
      tags: '{"core":"0","__type":"gauge"}',
    });
  });

  it.each(['cpu', '_x', ':x', 'a:b.c_d', 'A1', 'x'.repeat(200)])('name %j is accepted', (name) => {
    expect(ok({ name, value: 0 }).metric_name).toBe(name);
  });

  it.each([0, -1, 1e300, -0.5, Number.MAX_SAFE_INTEGER])('value %d is accepted', (value) => {
    expect(ok({ name: 'x', value }).value).toBe(value);
  });

  it.each(['gauge', 'counter', 'histogram'])('type %s is kept as the __type tag', (type) => {
    expect(JSON.parse(ok({ name: 'x', value: 1, type }).tags as string)).toEqual({ __type: type });
  });

  it('labels.host is the source when no source is given', () => {
    expect(ok({ name: 'x', value: 1, labels: { host: 'h1' } }).source_system).toBe('h1');
  });

  it('an explicit source wins over labels.host', () => {
    expect(ok({ name: 'x', value: 1, source: 's', labels: { host: 'h1' } }).source_system).toBe('s');
  });

  it('an empty labels object adds no tags', () => {
    expect(ok({ name: 'x', value: 1, labels: {} }).tags).toBeNull();
  });

  it.each<[unknown, number]>([
    [0, 0],
    [1_795_428_000_000.7, 1_795_428_000_000],
    ['1795428000000', 1_795_428_000_000],
    ['2026-11-23T10:00:00+02:00', Date.UTC(2026, 10, 23, 8)],
  ])('timestamp %j → %d', (timestamp, expected) => {
    expect(ok({ name: 'x', value: 1, timestamp }).timestamp).toBe(expected);
  });

  const long = (n: number) => 'x'.repeat(n + 1);
  it.each<[string, unknown, RegExp]>([
    ['not an object', 'cpu=1', /^sample: must be a JSON object/],
    ['null', null, /^sample: /],
    ['an array', [{ name: 'x', value: 1 }], /^sample: /],
    ['unknown field', { name: 'x', value: 1, tags: {} }, /^tags: unknown field/],
    ['missing name', { value: 1 }, /^name: required/],
    ['empty name', { name: '', value: 1 }, /^name: /],
    ['name starting with a digit', { name: '1cpu', value: 1 }, /^name: /],
    ['name with a space', { name: 'cpu usage', value: 1 }, /^name: /],
    ['name with a dash', { name: 'cpu-usage', value: 1 }, /^name: /],
    ['name too long', { name: long(200), value: 1 }, /^name: /],
    ['missing value', { name: 'x' }, /^value: required, a finite number/],
    ['string value', { name: 'x', value: '1' }, /^value: /],
    ['null value', { name: 'x', value: null }, /^value: /],
    ['NaN value', { name: 'x', value: Number.NaN }, /^value: /],
    ['infinite value', { name: 'x', value: Number.POSITIVE_INFINITY }, /^value: /],
    ['unknown type', { name: 'x', value: 1, type: 'summary' }, /^type: one of gauge, counter, histogram/],
    ['unit not a string', { name: 'x', value: 1, unit: 5 }, /^unit: /],
    ['unit too long', { name: 'x', value: 1, unit: long(32) }, /^unit: a string of at most 32/],
    ['source not a string', { name: 'x', value: 1, source: 5 }, /^source: /],
    ['source too long', { name: 'x', value: 1, source: long(200) }, /^source: a string of at most 200/],
    ['labels an array', { name: 'x', value: 1, labels: ['a'] }, /^labels: an object of strings/],
    ['labels a string', { name: 'x', value: 1, labels: 'a' }, /^labels: /],
    ['labels null', { name: 'x', value: 1, labels: null }, /^labels: /],
    ['a label not a string', { name: 'x', value: 1, labels: { a: 1 } }, /^labels\.a: /],
    ['a label value too long', { name: 'x', value: 1, labels: { a: long(256) } }, /^labels\.a: /],
    ['a label key too long', { name: 'x', value: 1, labels: { [long(128)]: 'v' } }, /^labels\.x+: /],
    [
      'too many labels',
      { name: 'x', value: 1, labels: Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`k${i}`, 'v'])) },
      /^labels: at most 32/,
    ],
    ['bad timestamp', { name: 'x', value: 1, timestamp: 'yesterday' }, /^timestamp: /],
    ['negative timestamp', { name: 'x', value: 1, timestamp: -5 }, /^timestamp: /],
  ])('refuses %s, naming the field', (_name, input, reason) => {
    expect(refused(input)).toMatch(reason);
  });

  // As for log lines, '' means absent: an empty source must not hide labels.host.
  it('an empty source counts as absent', () => {
    expect(ok({ name: 'x', value: 1, source: '', labels: { host: 'h1' } }).source_system).toBe('h1');
  });
});
