import { describe, expect, it } from 'vitest';
import { spacecraftHealth, type HealthInputs, type HealthResult } from '../../../../src/core/monitoring/spacecraft-health';

const NOW = 1_795_428_000_000;
const MIN = 60_000;

/** A healthy baseline: fresh contact, 100 clean lines, nothing open. */
function inputs(o: Partial<Omit<HealthInputs, 'now' | 'lastContact'>> & { ageMs?: number | null } = {}): HealthInputs {
  const { ageMs = 0, ...rest } = o;
  return {
    now: NOW,
    lastContact: ageMs === null ? null : NOW - ageMs,
    lines1h: 100,
    errors1h: 0,
    criticalAlerts: 0,
    warningAlerts: 0,
    endpointsDown: 0,
    ...rest,
  };
}

const t = (errors: number, contact: number, alerts: number, endpoints: number) => ({ errors, contact, alerts, endpoints });

describe('spacecraftHealth', () => {
  it.each<[string, HealthInputs, HealthResult]>([
    ['all clear', inputs(), { score: 100, status: 'nominal', terms: t(0, 0, 0, 0) }],
    ['1 % errors costs 8', inputs({ errors1h: 1 }), { score: 92, status: 'nominal', terms: t(-8, 0, 0, 0) }],
    ['2.5 % errors costs 20', inputs({ errors1h: 5, lines1h: 200 }), { score: 80, status: 'nominal', terms: t(-20, 0, 0, 0) }],
    ['5 % errors costs all 40', inputs({ errors1h: 5 }), { score: 60, status: 'degraded', terms: t(-40, 0, 0, 0) }],
    ['50 % errors is capped at 40', inputs({ errors1h: 50 }), { score: 60, status: 'degraded', terms: t(-40, 0, 0, 0) }],
    ['no lines: the error term is 0', inputs({ lines1h: 0, errors1h: 0 }), { score: 100, status: 'nominal', terms: t(0, 0, 0, 0) }],
    ['terms are rounded to 0.1, the score to 1', inputs({ errors1h: 1, lines1h: 300 }), { score: 97, status: 'nominal', terms: t(-2.7, 0, 0, 0) }],
    ['contact 5 min old is free', inputs({ ageMs: 5 * MIN }), { score: 100, status: 'nominal', terms: t(0, 0, 0, 0) }],
    ['contact 32.5 min old costs 15', inputs({ ageMs: 32.5 * MIN }), { score: 85, status: 'nominal', terms: t(0, -15, 0, 0) }],
    ['contact 60 min old costs 30, not yet lost', inputs({ ageMs: 60 * MIN }), { score: 70, status: 'degraded', terms: t(0, -30, 0, 0) }],
    ['contact over 60 min is lost-contact', inputs({ ageMs: 60 * MIN + 1 }), { score: 70, status: 'lost-contact', terms: t(0, -30, 0, 0) }],
    ['a day without contact is still capped at 30', inputs({ ageMs: 1440 * MIN }), { score: 70, status: 'lost-contact', terms: t(0, -30, 0, 0) }],
    ['contact in the future counts as fresh', inputs({ ageMs: -10 * MIN }), { score: 100, status: 'nominal', terms: t(0, 0, 0, 0) }],
    ['never in contact is unknown', inputs({ ageMs: null }), { score: 70, status: 'unknown', terms: t(0, -30, 0, 0) }],
    ['unknown beats a perfect record', inputs({ ageMs: null, lines1h: 0 }), { score: 70, status: 'unknown', terms: t(0, -30, 0, 0) }],
    ['one critical alert costs 30', inputs({ criticalAlerts: 1 }), { score: 70, status: 'degraded', terms: t(0, 0, -30, 0) }],
    ['one warning costs 15', inputs({ warningAlerts: 1 }), { score: 85, status: 'nominal', terms: t(0, 0, -15, 0) }],
    ['critical + warning = 45', inputs({ criticalAlerts: 1, warningAlerts: 1 }), { score: 55, status: 'degraded', terms: t(0, 0, -45, 0) }],
    ['alerts are capped at 45', inputs({ criticalAlerts: 3, warningAlerts: 4 }), { score: 55, status: 'degraded', terms: t(0, 0, -45, 0) }],
    ['one endpoint down costs 10', inputs({ endpointsDown: 1 }), { score: 90, status: 'nominal', terms: t(0, 0, 0, -10) }],
    ['endpoints are capped at 20', inputs({ endpointsDown: 5 }), { score: 80, status: 'nominal', terms: t(0, 0, 0, -20) }],
    ['score 75 is nominal', inputs({ warningAlerts: 1, endpointsDown: 1 }), { score: 75, status: 'nominal', terms: t(0, 0, -15, -10) }],
    ['score 74 is degraded', inputs({ errors1h: 13, lines1h: 400 }), { score: 74, status: 'degraded', terms: t(-26, 0, 0, 0) }],
    ['score 40 is degraded', inputs({ errors1h: 10, endpointsDown: 2 }), { score: 40, status: 'degraded', terms: t(-40, 0, 0, -20) }],
    [
      'score 39 is critical',
      inputs({ errors1h: 10, endpointsDown: 2, ageMs: 5 * MIN + 110_000 }),
      { score: 39, status: 'critical', terms: t(-40, -1, 0, -20) },
    ],
    [
      'everything wrong floors at 0',
      inputs({ errors1h: 100, ageMs: 60 * MIN, criticalAlerts: 2, endpointsDown: 9 }),
      { score: 0, status: 'critical', terms: t(-40, -30, -45, -20) },
    ],
    [
      'lost contact outranks critical',
      inputs({ errors1h: 100, ageMs: 90 * MIN, criticalAlerts: 2, endpointsDown: 9 }),
      { score: 0, status: 'lost-contact', terms: t(-40, -30, -45, -20) },
    ],
  ])('%s', (_name, input, expected) => {
    expect(spacecraftHealth(input)).toEqual(expected);
  });

  it('never reports negative zero terms', () => {
    const { terms } = spacecraftHealth(inputs());
    for (const v of Object.values(terms)) expect(Object.is(v, 0)).toBe(true);
  });

  it('the score equals 100 plus the terms, rounded and clamped, over a grid of inputs', () => {
    for (const errors1h of [0, 1, 3, 7])
      for (const ageMin of [0, 6, 20, 45, 59])
        for (const criticalAlerts of [0, 1])
          for (const endpointsDown of [0, 1, 3]) {
            const r = spacecraftHealth(inputs({ errors1h, ageMs: ageMin * MIN, criticalAlerts, endpointsDown }));
            const sum = 100 + r.terms.errors + r.terms.contact + r.terms.alerts + r.terms.endpoints;
            expect(Math.abs(r.score - Math.max(0, Math.min(100, sum)))).toBeLessThanOrEqual(0.75);
            expect(r.status).toBe(r.score < 40 ? 'critical' : r.score < 75 ? 'degraded' : 'nominal');
          }
  });
});
