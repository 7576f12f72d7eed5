import type { Database } from 'better-sqlite3';
import type { Alert, AlertRule, AlertStatus, Operator, RuleKind, Severity } from '../../../shared/api/schemas/alerts';
import { formatDuration } from '../../query/time';

interface RuleRow {
  id: number;
  rule_name: string;
  kind: RuleKind;
  condition: string;
  operator: Operator;
  threshold: number;
  window_ms: number;
  for_ms: number;
  severity: Severity;
  is_active: number;
  notification_channels: string;
  labels: string;
  description: string | null;
  created_at: number;
  updated_at: number;
}

export type NewRule = Omit<RuleRow, 'id' | 'is_active' | 'notification_channels' | 'labels'> & {
  is_active: boolean;
  notification_channels: string[];
  labels: Record<string, string>;
};

function toRule(r: RuleRow): AlertRule {
  return {
    ...r,
    window: formatDuration(r.window_ms),
    for: formatDuration(r.for_ms),
    is_active: r.is_active === 1,
    notification_channels: JSON.parse(r.notification_channels) as string[],
    labels: JSON.parse(r.labels) as Record<string, string>,
  };
}

interface AlertRow {
  id: number;
  rule_id: number;
  rule_name: string;
  severity: Severity;
  status: AlertStatus;
  started_at: number;
  triggered_at: number;
  acknowledged_at: number | null;
  acknowledged_by: string | null;
  ack_comment: string | null;
  resolved_at: number | null;
  value: number | null;
  threshold: number;
  details: string;
}

function toAlert(r: AlertRow): Alert {
  const details = JSON.parse(r.details) as { message?: string } & Record<string, unknown>;
  const { started_at: _started, ...rest } = r;
  return { ...rest, message: details.message ?? r.rule_name, details };
}

const ALERT_SELECT = `SELECT a.*, r.rule_name, r.severity, r.threshold FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id`;

export class AlertsRepo {
  constructor(private readonly db: Database) {}

  createRule(rule: NewRule): AlertRule {
    const info = this.db
      .prepare(
        `INSERT INTO alert_rules (rule_name, kind, condition, operator, threshold, window_ms, for_ms, severity, is_active,
                                  notification_channels, labels, description, created_at, updated_at)
         VALUES (@rule_name, @kind, @condition, @operator, @threshold, @window_ms, @for_ms, @severity, @is_active,
                 @notification_channels, @labels, @description, @created_at, @updated_at)`,
      )
      .run({
        ...rule,
        is_active: rule.is_active ? 1 : 0,
        notification_channels: JSON.stringify(rule.notification_channels),
        labels: JSON.stringify(rule.labels),
      });
    return this.getRule(Number(info.lastInsertRowid)) as AlertRule;
  }

  ruleNameTaken(name: string): boolean {
    return this.db.prepare('SELECT 1 FROM alert_rules WHERE rule_name = ?').get(name) !== undefined;
  }

  getRule(id: number): AlertRule | null {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRule(row) : null;
  }

  listRules(activeOnly = false): AlertRule[] {
    const rows = this.db.prepare(`SELECT * FROM alert_rules ${activeOnly ? 'WHERE is_active = 1' : ''} ORDER BY id`).all() as RuleRow[];
    return rows.map(toRule);
  }

  /** The alert of a rule that is not resolved yet (at most one: dedup by rule). */
  openAlert(ruleId: number): (Alert & { started_at: number }) | null {
    const row = this.db.prepare(`${ALERT_SELECT} WHERE a.rule_id = ? AND a.status <> 'resolved' ORDER BY a.id DESC LIMIT 1`).get(ruleId) as AlertRow | undefined;
    return row ? { ...toAlert(row), started_at: row.started_at } : null;
  }

  getAlert(id: number): Alert | null {
    const row = this.db.prepare(`${ALERT_SELECT} WHERE a.id = ?`).get(id) as AlertRow | undefined;
    return row ? toAlert(row) : null;
  }

  insertAlert(a: { rule_id: number; status: AlertStatus; at: number; value: number | null; details: object }): Alert {
    const info = this.db
      .prepare(
        `INSERT INTO active_alerts (rule_id, started_at, triggered_at, status, value, details) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(a.rule_id, a.at, a.at, a.status, a.value, JSON.stringify(a.details));
    return this.getAlert(Number(info.lastInsertRowid)) as Alert;
  }

  update(id: number, fields: Partial<{ status: AlertStatus; triggered_at: number; resolved_at: number; value: number | null; details: object }>): Alert {
    const sets: string[] = [];
    const params: unknown[] = [];
    for (const [k, v] of Object.entries(fields)) {
      sets.push(`${k} = ?`);
      params.push(k === 'details' ? JSON.stringify(v) : v);
    }
    if (sets.length) this.db.prepare(`UPDATE active_alerts SET ${sets.join(', ')} WHERE id = ?`).run(...params, id);
    return this.getAlert(id) as Alert;
  }

  acknowledge(id: number, by: string, comment: string | null, at: number): Alert | null {
    const info = this.db
      .prepare(
        `UPDATE active_alerts SET status = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?, ack_comment = ?
         WHERE id = ? AND status IN ('pending','firing')`,
      )
      .run(at, by, comment, id);
    return info.changes ? this.getAlert(id) : null;
  }

  list(statuses: AlertStatus[], limit: number): Alert[] {
    const rows = this.db
      .prepare(
        `${ALERT_SELECT} WHERE a.status IN (${statuses.map(() => '?').join(',')})
         ORDER BY (a.status = 'firing') DESC, CASE r.severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, a.triggered_at DESC
         LIMIT ?`,
      )
      .all(...statuses, limit) as AlertRow[];
    return rows.map(toAlert);
  }

  countOpen(): { active: number; unacknowledged: number; bySeverity: Record<Severity, number> } {
    const rows = this.db
      .prepare(
        `SELECT r.severity AS severity, a.status AS status, count(*) AS n FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id
         WHERE a.status IN ('firing','acknowledged') GROUP BY r.severity, a.status`,
      )
      .all() as { severity: Severity; status: AlertStatus; n: number }[];
    const bySeverity: Record<Severity, number> = { info: 0, warning: 0, critical: 0 };
    let active = 0;
    let unacknowledged = 0;
    for (const r of rows) {
      active += r.n;
      bySeverity[r.severity] += r.n;
      if (r.status === 'firing') unacknowledged += r.n;
    }
    return { active, unacknowledged, bySeverity };
  }

  /** Open alerts per spacecraft (rules labelled `spacecraft`), by severity. */
  openBySpacecraft(): Map<string, { critical: number; warning: number; total: number }> {
    const rows = this.db
      .prepare(
        `SELECT json_extract(r.labels, '$.spacecraft') AS sc, r.severity AS severity, count(*) AS n
         FROM active_alerts a JOIN alert_rules r ON r.id = a.rule_id
         WHERE a.status IN ('firing','acknowledged') AND json_extract(r.labels, '$.spacecraft') IS NOT NULL
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
