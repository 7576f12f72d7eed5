import { describe, expect, it } from 'vitest';
import { spacecraftHealth, type HealthInputs, type HealthStatus } from '../../../../src/core/monitoring/spacecraft-health';

const NOW = 1_795_428_000_000;
const MIN = 60_000;

/** A healthy spacecraft: fresh contact, 100 clean lines, no baseline, nothing open, no telemetry. */
function inputs(o: Partial<Omit<HealthInputs, 'now' | 'lastContact' | 'lastTelemetry'>> & { ageMs?: number | null; telemetryAgeMs?: number | null } = {}): HealthInputs {
  const { ageMs = 0, telemetryAgeMs = null, ...rest } = o;
  return {
    now: NOW,
    lastContact: ageMs === null ? null : NOW - ageMs,
    lastTelemetry: telemetryAgeMs === null ? null : NOW - telemetryAgeMs,
    expectedContactInterval: null,
    lines1h: 100,
    errors1h: 0,
    linesBaseline: 0,
    errorsBaseline: 0,
    criticalAlerts: 0,
    warningAlerts: 0,
    infoAlerts: 0,
    endpointsDown: 0,
    ...rest,
  };
}

type Points = [errors: number, contact: number, alerts: number, endpoints: number, telemetry: number];
const points = (r: ReturnType<typeof spacecraftHealth>): Points => r.terms.map((x) => x.points) as Points;

describe('spacecraftHealth', () => {
  it.each<[string, HealthInputs, number, HealthStatus, Points]>([
    ['all clear', inputs(), 100, 'nominal', [0, 0, 0, 0, 0]],
    // errors: 35 points at 5 % above the spacecraft's own baseline share
    ['1 % errors, no baseline, costs 7', inputs({ errors1h: 1 }), 93, 'nominal', [-7, 0, 0, 0, 0]],
    ['5 % errors costs all 35', inputs({ errors1h: 5 }), 65, 'degraded', [-35, 0, 0, 0, 0]],
    ['50 % errors is capped at 35', inputs({ errors1h: 50 }), 65, 'degraded', [-35, 0, 0, 0, 0]],
    ['2 % errors against a 2 % baseline is free', inputs({ errors1h: 2, linesBaseline: 1000, errorsBaseline: 20 }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['4 % errors against a 2 % baseline costs 14', inputs({ errors1h: 4, linesBaseline: 1000, errorsBaseline: 20 }), 86, 'nominal', [-14, 0, 0, 0, 0]],
    ['below the baseline is free, not a bonus', inputs({ errors1h: 0, linesBaseline: 100, errorsBaseline: 50 }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['4 lines weigh 4/20 of a full hour', inputs({ lines1h: 4, errors1h: 1 }), 93, 'nominal', [-7, 0, 0, 0, 0]],
    ['no lines: the error term is 0', inputs({ lines1h: 0 }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['terms are rounded to 0.1, the score to 1', inputs({ errors1h: 1, lines1h: 300 }), 98, 'nominal', [-2.3, 0, 0, 0, 0]],
    // contact: free within the expected interval (default 20 min), full 25 at three intervals
    ['contact 20 min old is free', inputs({ ageMs: 20 * MIN }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['contact 40 min old costs 12.5', inputs({ ageMs: 40 * MIN }), 88, 'nominal', [0, -12.5, 0, 0, 0]],
    ['contact 60 min old costs 25, not yet lost', inputs({ ageMs: 60 * MIN }), 75, 'nominal', [0, -25, 0, 0, 0]],
    ['contact beyond three intervals is lost-contact', inputs({ ageMs: 60 * MIN + 1 }), 75, 'lost-contact', [0, -25, 0, 0, 0]],
    ['a day without contact is still capped at 25', inputs({ ageMs: 1440 * MIN }), 75, 'lost-contact', [0, -25, 0, 0, 0]],
    ['a 90 min expected interval makes 60 min free', inputs({ ageMs: 60 * MIN, expectedContactInterval: 90 * MIN }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['a 5 min expected interval loses contact after 15 min', inputs({ ageMs: 16 * MIN, expectedContactInterval: 5 * MIN }), 75, 'lost-contact', [0, -25, 0, 0, 0]],
    ['contact in the future counts as fresh', inputs({ ageMs: -10 * MIN }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['never in contact is unknown', inputs({ ageMs: null }), 75, 'unknown', [0, -25, 0, 0, 0]],
    // alerts: 30 critical, 15 warning, 5 info, at most 45
    ['one info alert costs 5', inputs({ infoAlerts: 1 }), 95, 'nominal', [0, 0, -5, 0, 0]],
    ['one critical alert costs 30', inputs({ criticalAlerts: 1 }), 70, 'degraded', [0, 0, -30, 0, 0]],
    ['critical + warning = 45', inputs({ criticalAlerts: 1, warningAlerts: 1 }), 55, 'degraded', [0, 0, -45, 0, 0]],
    ['alerts are capped at 45', inputs({ criticalAlerts: 3, warningAlerts: 4 }), 55, 'degraded', [0, 0, -45, 0, 0]],
    // endpoints: 10 per linked endpoint down, at most 20
    ['one endpoint down costs 10', inputs({ endpointsDown: 1 }), 90, 'nominal', [0, 0, 0, -10, 0]],
    ['endpoints are capped at 20', inputs({ endpointsDown: 5 }), 80, 'nominal', [0, 0, 0, -20, 0]],
    // telemetry: only for a spacecraft that sends it; 10 at three intervals stale
    ['telemetry within the interval is free', inputs({ telemetryAgeMs: 19 * MIN }), 100, 'nominal', [0, 0, 0, 0, 0]],
    ['telemetry 30 min old costs 2.5', inputs({ telemetryAgeMs: 30 * MIN }), 98, 'nominal', [0, 0, 0, 0, -2.5]],
    ['telemetry 2 h old costs all 10', inputs({ telemetryAgeMs: 120 * MIN }), 90, 'nominal', [0, 0, 0, 0, -10]],
    // status boundaries
    ['score 75 is nominal', inputs({ warningAlerts: 1, endpointsDown: 1 }), 75, 'nominal', [0, 0, -15, -10, 0]],
    ['score 74 is degraded', inputs({ warningAlerts: 1, endpointsDown: 1, ageMs: 21.6 * MIN }), 74, 'degraded', [0, -1, -15, -10, 0]],
    ['score 40 is degraded', inputs({ errors1h: 5, endpointsDown: 2, infoAlerts: 1 }), 40, 'degraded', [-35, 0, -5, -20, 0]],
    ['score 39 is critical', inputs({ errors1h: 5, endpointsDown: 2, infoAlerts: 1, ageMs: 21.6 * MIN }), 39, 'critical', [-35, -1, -5, -20, 0]],
    ['everything wrong floors at 0', inputs({ errors1h: 100, ageMs: 60 * MIN, criticalAlerts: 2, endpointsDown: 9, telemetryAgeMs: 600 * MIN }), 0, 'critical', [-35, -25, -45, -20, -10]],
    ['lost contact outranks critical', inputs({ errors1h: 100, ageMs: 90 * MIN, criticalAlerts: 2, endpointsDown: 9 }), 0, 'lost-contact', [-35, -25, -45, -20, 0]],
  ])('%s', (_name, input, score, status, expected) => {
    const r = spacecraftHealth(input);
    expect({ score: r.score, status: r.status, points: points(r) }).toEqual({ score, status, points: expected });
  });

  it('names every term in order with its maximum, and never a negative zero', () => {
    const r = spacecraftHealth(inputs());
    expect(r.terms.map((t) => [t.name, t.max])).toEqual([['errors', 35], ['contact', 25], ['alerts', 45], ['endpoints', 20], ['telemetry', 10]]);
    for (const t of r.terms) expect(Object.is(t.points, 0)).toBe(true);
  });

  it('explains each term with the figures behind it', () => {
    const r = spacecraftHealth(inputs({ errors1h: 4, linesBaseline: 1000, errorsBaseline: 20, ageMs: 40 * MIN, criticalAlerts: 1, endpointsDown: 2, telemetryAgeMs: 30 * MIN }));
    expect(r.terms.map((t) => t.detail)).toEqual([
      '4 ERROR/CRITICAL of 100 lines in the last hour (4.0 %), baseline 2.0 % over the 24 h before',
      'last contact 40 min ago, expected every 20 min',
      '1 critical, 0 warning, 0 info open',
      '2 linked endpoints down',
      'last telemetry 30 min ago',
    ]);
  });

  it('the score equals 100 plus the terms, rounded and clamped, over a grid of inputs', () => {
    for (const errors1h of [0, 1, 3, 7])
      for (const ageMin of [0, 6, 25, 45, 59])
        for (const criticalAlerts of [0, 1])
          for (const endpointsDown of [0, 1, 3])
            for (const telemetryAgeMs of [null, 35 * MIN]) {
              const r = spacecraftHealth(inputs({ errors1h, ageMs: ageMin * MIN, criticalAlerts, endpointsDown, telemetryAgeMs }));
              const sum = 100 + r.terms.reduce((n, t) => n + t.points, 0);
              expect(Math.abs(r.score - Math.max(0, Math.min(100, sum)))).toBeLessThanOrEqual(0.75);
              expect(r.status).toBe(r.score < 40 ? 'critical' : r.score < 75 ? 'degraded' : 'nominal');
            }
  });
});
