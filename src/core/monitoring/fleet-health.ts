/**
 * Scores every spacecraft from the store: last hour's lines, the 24 h baseline before it (cached
 * for five minutes — it moves slowly and is the costly query), open alerts, linked endpoints,
 * contact and telemetry freshness. Saves status and score when they change, so lists and
 * exports read them without recomputing.
 */
import type { Spacecraft } from '../../shared/api/schemas/fleet';
import type { AlertsRepo } from '../db/repos/alerts';
import type { EndpointsRepo } from '../db/repos/endpoints';
import type { LogsRepo } from '../db/repos/logs';
import type { SpacecraftRepo, SpacecraftRow } from '../db/repos/spacecraft';
import { spacecraftHealth } from './spacecraft-health';

const HOUR = 3_600_000;
const BASELINE_TTL = 5 * 60_000;

export interface FleetRepos {
  spacecraft: SpacecraftRepo;
  logs: LogsRepo;
  alerts: AlertsRepo;
  endpoints: EndpointsRepo;
}

type Activity = { count: number; errors: number };

export class FleetHealth {
  private baseline: { at: number; byId: Map<string, Activity> } | null = null;

  constructor(private readonly repos: FleetRepos) {}

  baselineFor(now: number): Map<string, Activity> {
    if (!this.baseline || now - this.baseline.at > BASELINE_TTL || now < this.baseline.at) {
      const rows = this.repos.logs.spacecraftActivity(now - 25 * HOUR, now - HOUR);
      this.baseline = { at: now, byId: new Map(rows.map((r) => [r.spacecraft_id, { count: r.count, errors: r.errors }])) };
    }
    return this.baseline.byId;
  }

  /** Every spacecraft, or the one asked for. */
  score(now: number, only?: SpacecraftRow): Spacecraft[] {
    const { spacecraft, logs, alerts, endpoints } = this.repos;
    const activity = new Map(logs.spacecraftActivity(now - HOUR, now).map((a) => [a.spacecraft_id, a]));
    const baseline = this.baselineFor(now);
    const open = alerts.openBySpacecraft();
    const down = endpoints.downBySpacecraft();
    const rows = only ? [only] : spacecraft.list();
    return rows.map((s) => {
      const a = activity.get(s.id);
      const b = baseline.get(s.id);
      const al = open.get(s.id);
      const h = spacecraftHealth({
        now,
        lastContact: s.last_contact,
        expectedContactInterval: s.expected_contact_interval,
        lines1h: a?.count ?? 0,
        errors1h: a?.errors ?? 0,
        linesBaseline: b?.count ?? 0,
        errorsBaseline: b?.errors ?? 0,
        criticalAlerts: al?.critical ?? 0,
        warningAlerts: al?.warning ?? 0,
        infoAlerts: Math.max(0, (al?.total ?? 0) - (al?.critical ?? 0) - (al?.warning ?? 0)),
        endpointsDown: down.get(s.id) ?? 0,
        lastTelemetry: s.last_telemetry,
      });
      if (h.status !== s.status || h.score !== s.health_score) spacecraft.saveHealth(s.id, h.status, h.score);
      return {
        id: s.id,
        name: s.name,
        status: h.status,
        last_contact: s.last_contact,
        location: s.location,
        mission_type: s.mission_type,
        health_score: h.score,
        errors_1h: a?.errors ?? 0,
        lines_1h: a?.count ?? 0,
        active_alerts: al?.total ?? 0,
        expected_contact_interval: s.expected_contact_interval,
        registered: s.registered === 1,
        last_telemetry: s.last_telemetry,
        health_terms: h.terms,
      };
    });
  }
}
