/**
 * Spacecraft health score, 0–100: 100 plus the (non-positive) points of five terms. The formula,
 * its reasons and worked examples are in README.md next to this file; the table test in
 * test/unit/core/monitoring/spacecraft-health.test.ts pins every boundary.
 */
import type { HealthTerm } from '../../shared/api/schemas/fleet';

export const MIN = 60_000;
/** Expected contact interval when none is registered. */
export const DEFAULT_CONTACT_INTERVAL = 20 * MIN;
/** Error share above the spacecraft's own baseline that costs all of the errors term. */
export const ERROR_EXCESS_FULL = 0.05;
/** Fewer recent lines than this and the error share is too noisy to judge: the term scales down. */
export const MIN_LINES = 20;

export const MAX_POINTS = { errors: 35, contact: 25, alerts: 45, endpoints: 20, telemetry: 10 } as const;

export interface HealthInputs {
  now: number;
  lastContact: number | null;
  /** Registered expected contact interval (ms), or null for the default. */
  expectedContactInterval: number | null;
  lines1h: number;
  errors1h: number;
  /** The 24 hours before the last hour: the spacecraft's own normal error share. */
  linesBaseline: number;
  errorsBaseline: number;
  criticalAlerts: number;
  warningAlerts: number;
  infoAlerts: number;
  endpointsDown: number;
  /** Last metric sample labelled with the spacecraft; null when it never sent telemetry. */
  lastTelemetry: number | null;
}

export type HealthStatus = 'nominal' | 'degraded' | 'critical' | 'lost-contact' | 'unknown';

export interface HealthResult {
  score: number;
  status: HealthStatus;
  terms: HealthTerm[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const r1 = (n: number) => Math.round(n * 10) / 10 || 0;
const ago = (ms: number) => (ms < 2 * MIN ? `${Math.round(ms / 1000)} s` : ms < 120 * MIN ? `${Math.round(ms / MIN)} min` : `${(ms / 3_600_000).toFixed(1)} h`);

export function spacecraftHealth(i: HealthInputs): HealthResult {
  const expected = i.expectedContactInterval ?? DEFAULT_CONTACT_INTERVAL;

  // Errors: the recent ERROR/CRITICAL share above the spacecraft's own baseline share.
  const share = i.lines1h > 0 ? i.errors1h / i.lines1h : 0;
  const baseline = i.linesBaseline > 0 ? i.errorsBaseline / i.linesBaseline : 0;
  const excess = Math.max(0, share - baseline);
  const confidence = Math.min(1, i.lines1h / MIN_LINES);
  const errors = -MAX_POINTS.errors * Math.min(1, excess / ERROR_EXCESS_FULL) * confidence;

  // Contact: free within the expected interval, then linear to the full term at three intervals.
  const age = i.lastContact === null ? Infinity : Math.max(0, i.now - i.lastContact);
  const contact = age <= expected ? 0 : -MAX_POINTS.contact * Math.min(1, (age - expected) / (2 * expected));

  const alerts = -Math.min(MAX_POINTS.alerts, 30 * i.criticalAlerts + 15 * i.warningAlerts + 5 * i.infoAlerts);
  const endpoints = -Math.min(MAX_POINTS.endpoints, 10 * i.endpointsDown);

  // Telemetry: only for a spacecraft that sends it; stale beyond the expected interval.
  const tAge = i.lastTelemetry === null ? null : Math.max(0, i.now - i.lastTelemetry);
  const telemetry = tAge === null || tAge <= expected ? 0 : -MAX_POINTS.telemetry * Math.min(1, (tAge - expected) / (2 * expected));

  const score = Math.max(0, Math.min(100, Math.round(100 + errors + contact + alerts + endpoints + telemetry)));
  let status: HealthStatus;
  if (i.lastContact === null) status = 'unknown';
  else if (age > 3 * expected) status = 'lost-contact';
  else if (score < 40) status = 'critical';
  else if (score < 75) status = 'degraded';
  else status = 'nominal';

  const alertCount = i.criticalAlerts + i.warningAlerts + i.infoAlerts;
  const terms: HealthTerm[] = [
    {
      name: 'errors',
      points: r1(errors),
      max: MAX_POINTS.errors,
      detail:
        i.lines1h === 0
          ? 'no lines in the last hour'
          : `${i.errors1h} ERROR/CRITICAL of ${i.lines1h} lines in the last hour (${pct(share)}), baseline ${pct(baseline)} over the 24 h before` +
            (confidence < 1 ? `; fewer than ${MIN_LINES} lines, weighed ×${confidence.toFixed(2)}` : ''),
    },
    {
      name: 'contact',
      points: r1(contact),
      max: MAX_POINTS.contact,
      detail: i.lastContact === null ? 'never in contact' : `last contact ${ago(age)} ago, expected every ${ago(expected)}`,
    },
    {
      name: 'alerts',
      points: r1(alerts),
      max: MAX_POINTS.alerts,
      detail: alertCount === 0 ? 'no open alerts' : `${i.criticalAlerts} critical, ${i.warningAlerts} warning, ${i.infoAlerts} info open`,
    },
    {
      name: 'endpoints',
      points: r1(endpoints),
      max: MAX_POINTS.endpoints,
      detail: i.endpointsDown === 0 ? 'no linked endpoint down' : `${i.endpointsDown} linked endpoint${i.endpointsDown === 1 ? '' : 's'} down`,
    },
    {
      name: 'telemetry',
      points: r1(telemetry),
      max: MAX_POINTS.telemetry,
      detail: tAge === null ? 'no telemetry received' : `last telemetry ${ago(tAge)} ago`,
    },
  ];
  return { score, status, terms };
}
