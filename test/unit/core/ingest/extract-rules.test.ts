import { describe, expect, it } from 'vitest';
import type { StoredExtractionRule } from '../../../../src/core/db/repos/extraction-rules';
import { enrichLogRecord } from '../../../../src/core/ingest/enrich';
import { ExtractionRules } from '../../../../src/core/ingest/extract-rules';
import { logRecord } from '../fixtures';

let nextId = 1;
function rule(fields: Partial<StoredExtractionRule> & Pick<StoredExtractionRule, 'pattern'>): StoredExtractionRule {
  return { id: nextId++, name: `r${nextId}`, service: '*', kind: 'grok', enabled: true, order: 0, created_at: 0, updated_at: 0, ...fields };
}

describe('ExtractionRules', () => {
  it('applies the rules of the line\'s service in order, the first to fill a field winning', () => {
    const rules = [
      rule({ service: 'nav', pattern: 'wheel %{INT:wheel:int}' }),
      rule({ service: 'nav-*', pattern: 'wheel %{WORD:wheel} rpm %{INT:rpm:int}' }),
      rule({ service: 'power', pattern: 'rpm %{INT:never:int}' }),
      rule({ service: '*', pattern: 'rpm %{INT:any_rpm:int}' }),
      rule({ service: 'nav', pattern: 'rpm %{INT:disabled:int}', enabled: false }),
    ];
    const set = new ExtractionRules(() => rules);
    expect(set.apply(logRecord({ service: 'nav', message: 'wheel 3 rpm 1200' }))).toEqual({ fields: { wheel: 3, any_rpm: 1200 }, level: null });
    expect(set.apply(logRecord({ service: 'nav-2', message: 'wheel 3 rpm 1200' }))).toEqual({ fields: { wheel: '3', rpm: 1200, any_rpm: 1200 }, level: null });
    expect(set.apply(logRecord({ service: null, message: 'wheel 3 rpm 1200' }))).toEqual({ fields: { any_rpm: 1200 }, level: null });
    expect(set.apply(logRecord({ service: 'nav', message: 'nothing' }))).toBeNull();
    expect(set.statsOf(rules[0]!.id).matched).toBe(1);
    expect(set.statsOf(rules[3]!.id).matched).toBe(3);
  });

  it('loads once and again only after a change', () => {
    let loads = 0;
    let rules = [rule({ pattern: 'a=%{INT:a:int}' })];
    const set = new ExtractionRules(() => {
      loads++;
      return rules;
    });
    for (let i = 0; i < 100; i++) set.apply(logRecord({ service: `s${i % 3}`, message: 'a=1' }));
    expect(loads).toBe(1);
    rules = [rule({ pattern: 'a=%{INT:b:int}' })];
    expect(set.apply(logRecord({ message: 'a=1' }))?.fields).toEqual({ a: 1 });
    set.changed(rules[0]!.id);
    expect(set.apply(logRecord({ message: 'a=1' }))?.fields).toEqual({ b: 1 });
    expect(loads).toBe(2);
  });

  it('a stored rule that no longer compiles is skipped and reported, the others still run', () => {
    const bad = rule({ pattern: '%{GONE:x}' });
    const set = new ExtractionRules(() => [bad, rule({ pattern: 'n=%{INT:n:int}' })]);
    expect(set.apply(logRecord({ message: 'n=5' }))?.fields).toEqual({ n: 5 });
    expect(set.statsOf(bad.id).last_error).toMatch(/does not compile: unknown grok pattern/);
  });

  it('a rule slower than the limit on one line is suspended until saved again', () => {
    const slow = rule({ pattern: 'n=%{INT:n:int}' });
    let t = 0;
    // Each clock reading advances 60 ms: every apply "takes" 60 ms.
    const set = new ExtractionRules(() => [slow], () => (t += 60));
    expect(set.apply(logRecord({ message: 'n=1' }))?.fields).toEqual({ n: 1 });
    expect(set.statsOf(slow.id).suspended).toMatch(/took 60 ms/);
    expect(set.apply(logRecord({ message: 'n=2' }))).toBeNull();
    set.changed(slow.id);
    expect(set.statsOf(slow.id).suspended).toBeNull();
  });
});

describe('enrichLogRecord with rules', () => {
  const set = new ExtractionRules(() => [rule({ pattern: '^%{LOGLEVEL:level} pass=%{INT:pass:int} station=%{WORD:station}' })]);
  const extract = (r: Parameters<typeof set.apply>[0]) => set.apply(r);

  it('sender\'s metadata wins over captures, which win over logfmt keys', () => {
    const r = enrichLogRecord(logRecord({ message: 'ERROR pass=42 station=gs1 extra=x', metadata: JSON.stringify({ station: 'sender' }) }), extract);
    expect(JSON.parse(r.metadata!)).toEqual({ pass: 42, station: 'sender', extra: 'x' });
    expect(r.level).toBe('ERROR');
  });

  it('a captured level replaces only the default INFO', () => {
    expect(enrichLogRecord(logRecord({ level: 'WARN', message: 'ERROR pass=1 station=a' }), extract).level).toBe('WARN');
  });

  it('an extractor that throws never costs the line', () => {
    const r = enrichLogRecord(logRecord({ message: 'pass=1 station=a' }), () => {
      throw new Error('boom');
    });
    expect(r.message).toBe('pass=1 station=a');
    expect(JSON.parse(r.metadata!)).toEqual({ pass: 1, station: 'a' });
  });
});
