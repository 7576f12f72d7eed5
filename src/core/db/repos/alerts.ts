import type { Database } from 'better-sqlite3';
import type { Alert, AlertRule, AlertStatus, Severity, Transition } from '../../../shared/api/schemas/alerts';
import { AuditRepo } from './alert-audit';
import { AlertDataRepo } from './alert-data';
import { RulesRepo, type NewRule } from './alert-rules';
import { SilencesRepo } from './alert-silences';

export type { NewRule } from './alert-rules';

interface AlertRow {
  id: number;
  rule_id: number;
  rule_name: string;
  severity: Severity;
  status: AlertStatus;
  fingerprint: string;
  labels: string;
  started_at: number;
  triggered_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  shelved_until: number | null;
  shelved_by: string | null;
  resolved_at: number | null;
  last_breach_at: number | null;
  condition_active: number;
  silenced_by: number | null;
  value: number | null;
  threshold: number;
  details: string;
}

/** An alert with the engine's bookkeeping that the API does not show. */
export type StoredAlert = Alert & { last_breach_at: number | null };

function toAlert(r: AlertRow): StoredAlert {
  const details = JSON.parse(r.details) as { message?: string; annotations?: Record<string, string> } & Record<string, unknown>;
  return {
    ...r,
    labels: JSON.parse(r.labels) as Record<string, string>,
    condition_active: r.condition_active === 1,
    message: details.message ?? r.rule_name,
    annotations: details.annotations ?? {},
    details,
  };
}

const ALERT_SELECT = `SELECT a.*, r.rule_name, r.severity, r.threshold FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id`;
/** Unacknowledged means someone must still look: firing, or latched after clearing. */
const UNACKED = `('firing','cleared')`;

export type AlertFields = Partial<{
  status: AlertStatus;
  triggered_at: number;
  resolved_at: number | null;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  shelved_until: number | null;
  shelved_by: string | null;
  last_breach_at: number | null;
  labels: Record<string, string>;
  condition_active: boolean;
  silenced_by: number | null;
  value: number | null;
  details: object;
}>;

/**
 * Alerts (one open alert per rule + labels), their state-change timeline and the per-series
 * evaluation history; rules, silences and the audit log hang off it as sub-repos.
 */
export class AlertsRepo {
  readonly rules: RulesRepo;
  readonly audit: AuditRepo;
  readonly silences: SilencesRepo;
  readonly data: AlertDataRepo;

  constructor(private readonly db: Database) {
    this.rules = new RulesRepo(db);
    this.audit = new AuditRepo(db);
    this.silences = new SilencesRepo(db);
    this.data = new AlertDataRepo(db);
  }

  /**
   * Run fn in one transaction (nested calls join the outer one). `immediate` takes the write lock
   * first (waiting for the ingest writer), so a read inside cannot go stale before a write.
   */
  transaction<T>(fn: () => T, immediate = false): T {
    if (this.db.inTransaction) return fn();
    return immediate ? this.db.transaction(fn).immediate() : this.db.transaction(fn)();
  }

  createRule(rule: NewRule, by = 'system'): AlertRule {
    return this.rules.create(rule, by);
  }

  getRule(id: number): AlertRule | null {
    return this.rules.get(id);
  }

  listRules(activeOnly = false): AlertRule[] {
    return this.rules.list(activeOnly);
  }

  /** The unresolved alerts of a rule, one per fingerprint. */
  openAlerts(ruleId: number): StoredAlert[] {
    return (this.db.prepare(`${ALERT_SELECT} WHERE a.rule_id = ? AND a.status <> 'resolved' ORDER BY a.id`).all(ruleId) as AlertRow[]).map(toAlert);
  }

  /** The open alert of a rule's unlabelled series (or its first, for labelled ones). */
  openAlert(ruleId: number): StoredAlert | null {
    return this.openAlerts(ruleId)[0] ?? null;
  }

  getAlert(id: number): StoredAlert | null {
    const row = this.db.prepare(`${ALERT_SELECT} WHERE a.id = ?`).get(id) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  insertAlert(a: { rule_id: number; fingerprint?: string; labels?: Record<string, string>; status: AlertStatus; at: number; value: number | null; details: object; silenced_by?: number | null }): StoredAlert {
    const info = this.db
      .prepare(
        `INSERT INTO active_alerts (rule_id, fingerprint, labels, started_at, triggered_at, last_breach_at, status, value, details, silenced_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(a.rule_id, a.fingerprint ?? '[]', JSON.stringify(a.labels ?? {}), a.at, a.at, a.at, a.status, a.value, JSON.stringify(a.details), a.silenced_by ?? null);
    return this.getAlert(Number(info.lastInsertRowid)) as StoredAlert;
  }

  update(id: number, fields: AlertFields): StoredAlert {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [k, v] of Object.entries(fields)) {
      sets.push(`${k} = ?`);
      params.push(k === 'details' || k === 'labels' ? JSON.stringify(v) : typeof v === 'boolean' ? (v ? 1 : 0) : v);
    }
    if (sets.length) this.db.prepare(`UPDATE active_alerts SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
    return this.getAlert(id) as StoredAlert;
  }

  addTransition(t: { alert_id: number; at: number; from: AlertStatus | null; to: AlertStatus; value: number | null; actor?: string | null; comment?: string | null }): void {
    this.db
      .prepare('INSERT INTO alert_transitions (alert_id, at, from_status, to_status, value, actor, comment) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(t.alert_id, t.at, t.from, t.to, t.value, t.actor ?? null, t.comment ?? null);
  }

  transitions(alertId: number): Transition[] {
    return this.db
      .prepare('SELECT at, from_status AS "from", to_status AS "to", value, actor, comment FROM alert_transitions WHERE alert_id = ? ORDER BY at, id')
      .all(alertId) as Transition[];
  }

  seriesHistory(ruleId: number, fingerprint: string): string {
    const row = this.db.prepare('SELECT history FROM alert_series_state WHERE rule_id = ? AND fingerprint = ?').get(ruleId, fingerprint) as { history: string } | undefined;
    return row?.history ?? '';
  }

  saveSeriesHistory(ruleId: number, fingerprint: string, history: string, at: number): void {
    this.db
      .prepare(
        `INSERT INTO alert_series_state (rule_id, fingerprint, history, last_eval_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (rule_id, fingerprint) DO UPDATE SET history = excluded.history, last_eval_at = excluded.last_eval_at`,
      )
      .run(ruleId, fingerprint, history, at);
  }

  /** A rule's definition changed: its M-of-N history no longer means anything. */
  clearSeriesHistory(ruleId: number): void {
    this.db.prepare('DELETE FROM alert_series_state WHERE rule_id = ?').run(ruleId);
  }

  /** Shelved alerts whose shelf time is over (of any rule, active or not). */
  shelfExpired(now: number): StoredAlert[] {
    return (this.db.prepare(`${ALERT_SELECT} WHERE a.status = 'shelved' AND a.shelved_until <= ?`).all(now) as AlertRow[]).map(toAlert);
  }

  list(statuses: AlertStatus[], limit: number, filter: { severity?: Severity | undefined; rule_id?: number | undefined } = {}): Alert[] {
    const extra: string[] = [];
    const params: unknown[] = [];
    if (filter.severity) {
      extra.push('r.severity = ?');
      params.push(filter.severity);
    }
    if (filter.rule_id) {
      extra.push('a.rule_id = ?');
      params.push(filter.rule_id);
    }
    const rows = this.db
      .prepare(
        `${ALERT_SELECT} WHERE a.status IN (${statuses.map(() => '?').join(',')}) ${extra.map((e) => `AND ${e}`).join(' ')}
         ORDER BY (a.status IN ${UNACKED}) DESC, CASE r.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.triggered_at DESC
         LIMIT ?`,
      )
      .all(...statuses, ...params, limit) as AlertRow[];
    return rows.map(toAlert);
  }

  countOpen(): { active: number; unacknowledged: number; bySeverity: Record<Severity, number> } {
    const rows = this.db
      .prepare(
        `SELECT r.severity AS severity, a.status AS status, count(*) AS n FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id
         WHERE a.status IN ('firing','acknowledged','cleared') GROUP BY r.severity, a.status`,
      )
      .all() as { severity: Severity; status: AlertStatus; n: number }[];
    const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
    let active = 0;
    let unacknowledged = 0;
    for (const r of rows) {
      active += r.n;
      bySeverity[r.severity] += r.n;
      if (r.status === 'firing' || r.status === 'cleared') unacknowledged += r.n;
    }
    return { active, unacknowledged, bySeverity };
  }

  /** Open alerts per spacecraft (rule or series labelled `spacecraft`), by severity. */
  openBySpacecraft(): Map<string, { critical: number; warning: number; total: number }> {
    const rows = this.db
      .prepare(
        `SELECT coalesce(json_extract(a.labels, '$.spacecraft'), json_extract(r.labels, '$.spacecraft')) AS sc, r.severity AS severity, count(*) AS n
         FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id
         WHERE a.status IN ('firing','acknowledged','cleared') AND sc IS NOT NULL
         GROUP BY sc, r.severity`,
      )
      .all() as { sc: string; severity: Severity; n: number }[];
    const out = new Map<string, { critical: number; warning: number; total: number }>();
    for (const r of rows) {
      const e = out.get(r.sc) ?? { critical: 0, warning: 0, total: 0 };
      if (r.severity === 'critical') e.critical += r.n;
      if (r.severity === 'warning') e.warning += r.n;
      e.total += r.n;
      out.set(r.sc, e);
    }
    return out;
  }
}
