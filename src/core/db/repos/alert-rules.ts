import type { Database } from 'better-sqlite3';
import type { AlertRule, LogMeasure, Operator, RuleKind, RuleVersion, Severity } from '../../../shared/api/schemas/alerts';
import { formatDuration } from '../../query/time';

interface RuleRow {
  id: number;
  rule_name: string;
  kind: RuleKind;
  condition: string;
  operator: Operator;
  threshold: number;
  clear_threshold: number | null;
  measure: LogMeasure;
  window_ms: number;
  for_ms: number;
  interval_ms: number;
  keep_firing_for_ms: number;
  m: number;
  n: number;
  latching: number;
  severity: Severity;
  is_active: number;
  notification_channels: string;
  labels: string;
  annotations: string;
  description: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

/** A rule as the engine and handlers write it (derived text fields and the version are the repo's). */
export type NewRule = Omit<AlertRule, 'id' | 'window' | 'for' | 'version' | 'clear_threshold' | 'measure' | 'interval_ms' | 'keep_firing_for_ms' | 'm' | 'n' | 'latching' | 'annotations'> &
  Partial<Pick<AlertRule, 'clear_threshold' | 'measure' | 'interval_ms' | 'keep_firing_for_ms' | 'm' | 'n' | 'latching' | 'annotations'>>;

const DEFAULTS = { clear_threshold: null, measure: 'count', interval_ms: 0, keep_firing_for_ms: 0, m: 1, n: 1, latching: false, annotations: {} } as const;

function toRule(r: RuleRow): AlertRule {
  return {
    ...r,
    window: formatDuration(r.window_ms),
    for: formatDuration(r.for_ms),
    latching: r.latching === 1,
    is_active: r.is_active === 1,
    notification_channels: JSON.parse(r.notification_channels) as string[],
    labels: JSON.parse(r.labels) as Record<string, string>,
    annotations: JSON.parse(r.annotations) as Record<string, string>,
  };
}

function toRow(rule: NewRule) {
  const full = { ...DEFAULTS, ...rule };
  return {
    rule_name: full.rule_name,
    kind: full.kind,
    condition: full.condition,
    operator: full.operator,
    threshold: full.threshold,
    clear_threshold: full.clear_threshold,
    measure: full.measure,
    window_ms: full.window_ms,
    for_ms: full.for_ms,
    interval_ms: full.interval_ms,
    keep_firing_for_ms: full.keep_firing_for_ms,
    m: full.m,
    n: full.n,
    latching: full.latching ? 1 : 0,
    severity: full.severity,
    is_active: full.is_active ? 1 : 0,
    notification_channels: JSON.stringify(full.notification_channels),
    labels: JSON.stringify(full.labels),
    annotations: JSON.stringify(full.annotations),
    description: full.description,
    created_at: full.created_at,
    updated_at: full.updated_at,
  };
}

const COLUMNS = [
  'rule_name', 'kind', 'condition', 'operator', 'threshold', 'clear_threshold', 'measure', 'window_ms', 'for_ms', 'interval_ms',
  'keep_firing_for_ms', 'm', 'n', 'latching', 'severity', 'is_active', 'notification_channels', 'labels', 'annotations', 'description',
] as const;

/** Alert rules and their version history: every change stores a full snapshot, so any version can be restored. */
export class RulesRepo {
  constructor(private readonly db: Database) {}

  create(rule: NewRule, by: string): AlertRule {
    return this.db.transaction(() => {
      const info = this.db
        .prepare(
          `INSERT INTO alert_rules (${COLUMNS.join(', ')}, created_at, updated_at, version)
           VALUES (${COLUMNS.map((c) => `@${c}`).join(', ')}, @created_at, @updated_at, 1)`,
        )
        .run(toRow(rule));
      const created = this.get(Number(info.lastInsertRowid)) as AlertRule;
      this.saveVersion(created, 'create', by, rule.created_at);
      return created;
    })();
  }

  /** Replace a rule's definition, bumping its version; the previous definitions stay in the history. */
  update(id: number, rule: NewRule, change: string, by: string, at: number): AlertRule | null {
    return this.db.transaction(() => {
      const before = this.get(id);
      if (!before) return null;
      const row = toRow({ ...rule, updated_at: at });
      this.db
        .prepare(`UPDATE alert_rules SET ${COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @updated_at, version = version + 1 WHERE id = @id`)
        .run({ ...row, id });
      const after = this.get(id) as AlertRule;
      this.saveVersion(after, change, by, at);
      return after;
    })();
  }

  setActive(id: number, active: boolean, by: string, at: number): AlertRule | null {
    const before = this.get(id);
    if (!before) return null;
    return this.update(id, { ...before, is_active: active }, active ? 'enable' : 'disable', by, at);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM alert_rules WHERE id = ?').run(id).changes > 0;
  }

  nameTaken(name: string, exceptId = 0): boolean {
    return this.db.prepare('SELECT 1 FROM alert_rules WHERE rule_name = ? AND id <> ?').get(name, exceptId) !== undefined;
  }

  get(id: number): AlertRule | null {
    const row = this.db.prepare('SELECT * FROM alert_rules WHERE id = ?').get(id) as RuleRow | undefined;
    return row ? toRule(row) : null;
  }

  /**
   * A short fingerprint of the active rules that changes whenever one is created, edited,
   * enabled, disabled or deleted (~0.2 ms for 1 000 rules, against ~20 ms for list()): the alert
   * engine re-reads the list only then.
   */
  activeRevision(): string {
    return this.db
      .prepare(
        `SELECT count(*) || '/' || coalesce(group_concat(id || ':' || version || ':' || updated_at || ':' || kind || ':' || rule_name || ':' || condition || ':' || threshold, char(31)), '')
         FROM alert_rules WHERE is_active = 1`,
      )
      .pluck()
      .get() as string;
  }

  list(activeOnly = false): AlertRule[] {
    const rows = this.db.prepare(`SELECT * FROM alert_rules ${activeOnly ? 'WHERE is_active = 1' : ''} ORDER BY id`).all() as RuleRow[];
    return rows.map(toRule);
  }

  versions(ruleId: number): RuleVersion[] {
    const rows = this.db
      .prepare('SELECT * FROM alert_rule_versions WHERE rule_id = ? ORDER BY version DESC')
      .all(ruleId) as (Omit<RuleVersion, 'rule'> & { rule: string })[];
    return rows.map((r) => ({ ...r, rule: JSON.parse(r.rule) as AlertRule }));
  }

  version(ruleId: number, version: number): RuleVersion | null {
    return this.versions(ruleId).find((v) => v.version === version) ?? null;
  }

  private saveVersion(rule: AlertRule, change: string, by: string, at: number): void {
    this.db
      .prepare('INSERT OR REPLACE INTO alert_rule_versions (rule_id, version, change, changed_by, changed_at, rule) VALUES (?, ?, ?, ?, ?, ?)')
      .run(rule.id, rule.version, change, by, at, JSON.stringify(rule));
  }
}
