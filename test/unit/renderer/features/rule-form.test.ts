import { describe, expect, it } from 'vitest';
import { EMPTY_RULE_FORM, fromRule, parseLabels, toRuleInput } from '../../../../src/renderer/src/features/rules/rule-form';
import type { AlertRule } from '../../../../src/shared/api/schemas/alerts';

const saved: AlertRule = {
  id: 4, rule_name: 'Battery drain', kind: 'rate_of_change', condition: 'rate(battery.pct)', operator: '<', threshold: -0.5, clear_threshold: -0.1,
  measure: 'count', window: '10m', window_ms: 600_000, for: '2m', for_ms: 120_000, interval_ms: 30_000, keep_firing_for_ms: 300_000, m: 3, n: 5,
  latching: true, severity: 'critical', is_active: true, notification_channels: ['desktop'], labels: { spacecraft: 'sc-1', team: 'power' },
  annotations: { summary: '{{ $labels.spacecraft }} draining' }, description: null, version: 3, created_at: 0, updated_at: 0,
};

describe('rule form: timing, hysteresis, labels, templates', () => {
  it('carries every advanced field into the contract input', () => {
    const r = toRuleInput({ ...EMPTY_RULE_FORM, rule_name: 'x', condition: 'q', clear_threshold: '2', interval: '30s', keep_firing_for: '5m', m: '3', n: '5', latching: true, labels: 'spacecraft=sc-1, team = power', summary: '{{ $value }} hot', measure: 'rate' });
    expect(r).toMatchObject({
      ok: true,
      input: { clear_threshold: 2, interval: '30s', keep_firing_for: '5m', m_of_n: { m: 3, n: 5 }, latching: true, labels: { spacecraft: 'sc-1', team: 'power' }, annotations: { summary: '{{ $value }} hot' }, measure: 'rate' },
    });
  });

  it('refuses what JSON cannot carry, naming it', () => {
    expect(toRuleInput({ ...EMPTY_RULE_FORM, clear_threshold: 'low' })).toEqual({ ok: false, message: 'Clear threshold must be a number (or empty).' });
    expect(toRuleInput({ ...EMPTY_RULE_FORM, m: '1.5' })).toEqual({ ok: false, message: 'M and N must be whole numbers from 1.' });
    expect(toRuleInput({ ...EMPTY_RULE_FORM, labels: 'spacecraft' })).toEqual({ ok: false, message: 'Labels: "spacecraft" is not key=value.' });
    expect(parseLabels('=x')).toBe('Labels: "=x" is not key=value.');
    expect(parseLabels(' ')).toEqual({});
  });

  it('a saved rule goes into the form and back unchanged', () => {
    const r = toRuleInput(fromRule(saved));
    expect(r).toEqual({
      ok: true,
      input: {
        rule_name: 'Battery drain', kind: 'rate_of_change', condition: 'rate(battery.pct)', operator: '<', threshold: -0.5, clear_threshold: -0.1,
        severity: 'critical', notification_channels: ['desktop'], latching: true, labels: { spacecraft: 'sc-1', team: 'power' },
        window: '10m', for: '2m', interval: '30s', keep_firing_for: '5m', m_of_n: { m: 3, n: 5 }, annotations: { summary: '{{ $labels.spacecraft }} draining' },
      },
    });
  });
});

describe('silence matchers', async () => {
  const { parseMatchers, formatMatchers } = await import('../../../../src/renderer/src/features/alerts/silence-form');
  it('reads label=value, !=, =~, !~ and quoted values', () => {
    expect(parseMatchers('spacecraft=sc-1, alertname=~"Battery.*", team != ops')).toEqual([
      { name: 'spacecraft', op: '=', value: 'sc-1' },
      { name: 'alertname', op: '=~', value: 'Battery.*' },
      { name: 'team', op: '!=', value: 'ops' },
    ]);
    expect(formatMatchers([{ name: 'a', op: '!~', value: 'x' }])).toBe('a!~"x"');
  });
  it('names what is wrong', () => {
    expect(parseMatchers(' ')).toBe('Give at least one matcher, e.g. spacecraft=sc-1.');
    expect(parseMatchers('spacecraft')).toBe('Matcher "spacecraft" is not label=value (or !=, =~, !~).');
  });
});
