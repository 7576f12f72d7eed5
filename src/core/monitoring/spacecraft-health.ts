/**
 * Spacecraft health score, 0–100 (higher is healthier), from terms an operator can check:
 *   errors:    up to −40, ERROR/CRITICAL share of the last hour's lines (5 % or more costs all 40)
 *   contact:   up to −30, 0 while the last contact is under 5 min old, growing linearly to 60 min
 *   alerts:    −30 per firing/acknowledged critical alert, −15 per warning (total capped at −45)
 *   endpoints: −10 per linked endpoint that is down (capped at −20)
 * Status: unknown with no contact ever; lost-contact beyond 60 min; else critical below 40,
 * degraded below 75, nominal otherwise.
 */
export interface HealthInputs {
  now: number;
  lastContact: number | null;
  lines1h: number;
  errors1h: number;
  criticalAlerts: number;
  warningAlerts: number;
  endpointsDown: number;
}

export interface HealthResult {
  score: number;
  status: 'nominal' | 'degraded' | 'critical' | 'lost-contact' | 'unknown';
  terms: { errors: number; contact: number; alerts: number; endpoints: number };
}

const MIN = 60_000;

export function spacecraftHealth(i: HealthInputs): HealthResult {
  const errorShare = i.lines1h > 0 ? i.errors1h / i.lines1h : 0;
  const errors = -40 * Math.min(1, errorShare / 0.05);
  const age = i.lastContact === null ? Infinity : Math.max(0, i.now - i.lastContact);
  const contact = age <= 5 * MIN ? 0 : -30 * Math.min(1, (age - 5 * MIN) / (55 * MIN));
  const alerts = -Math.min(45, 30 * i.criticalAlerts + 15 * i.warningAlerts);
  const endpoints = -Math.min(20, 10 * i.endpointsDown);
  const score = Math.max(0, Math.min(100, Math.round(100 + errors + contact + alerts + endpoints)));
  let status: HealthResult['status'];
  if (i.lastContact === null) status = 'unknown';
  else if (age > 60 * MIN) status = 'lost-contact';
  else if (score < 40) status = 'critical';
  else if (score < 75) status = 'degraded';
  else status = 'nominal';
  const r1 = (n: number) => Math.round(n * 10) / 10 || 0;
  return { score, status, terms: { errors: r1(errors), contact: r1(contact), alerts: r1(alerts), endpoints: r1(endpoints) } };
}
