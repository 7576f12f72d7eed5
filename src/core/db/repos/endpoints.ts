import type { Database } from 'better-sqlite3';
import type { Endpoint, EndpointConfig } from '../../../shared/api/schemas/fleet';

type Status = Endpoint['status'];

interface EndpointRow extends Omit<Endpoint, 'config' | 'paused'> {
  config: string;
  paused: number;
}

export interface NewEndpoint {
  name: string;
  kind: string;
  endpoint_url: string;
  spacecraft_id: string | null;
  check_interval: number;
  timeout: number;
  retries: number;
  paused: boolean;
  config: EndpointConfig;
  created_at: number;
}

export interface CheckRecord {
  at: number;
  ok: boolean;
  /** The endpoint's status after this check (retries applied). */
  status: Status;
  failures: number;
  latency_ms: number | null;
  error: string | null;
  /** The status changed with this check. */
  changed: boolean;
}

/** Check history kept for the longest uptime window we report. */
export const HISTORY_MS = 30 * 86_400_000;

const toEndpoint = (r: EndpointRow): Endpoint => ({ ...r, paused: r.paused === 1, config: JSON.parse(r.config) as EndpointConfig });

export class EndpointsRepo {
  private checksSincePrune = 0;

  constructor(private readonly db: Database) {}

  create(e: NewEndpoint): Endpoint {
    const info = this.db
      .prepare(
        `INSERT INTO monitoring_endpoints (name, kind, spacecraft_id, endpoint_url, check_interval, timeout, retries, paused, config, created_at, updated_at)
         VALUES (@name, @kind, @spacecraft_id, @endpoint_url, @check_interval, @timeout, @retries, @paused, @config, @created_at, @created_at)`,
      )
      .run({ ...e, paused: e.paused ? 1 : 0, config: JSON.stringify(e.config) });
    return this.get(Number(info.lastInsertRowid)) as Endpoint;
  }

  /** Replace the settings of an endpoint; a changed target or kind starts its status afresh. */
  update(id: number, e: Omit<NewEndpoint, 'created_at'>, now: number): Endpoint | null {
    const before = this.get(id);
    if (!before) return null;
    const reset = before.endpoint_url !== e.endpoint_url || before.kind !== e.kind;
    this.db
      .prepare(
        `UPDATE monitoring_endpoints SET name = @name, kind = @kind, spacecraft_id = @spacecraft_id, endpoint_url = @endpoint_url,
           check_interval = @check_interval, timeout = @timeout, retries = @retries, paused = @paused, config = @config, updated_at = @now
           ${reset ? ", status = 'unknown', failures = 0, status_since = NULL, last_error = NULL, last_latency_ms = NULL" : ''}
         WHERE id = @id`,
      )
      .run({ ...e, id, now, paused: e.paused ? 1 : 0, config: JSON.stringify(e.config) });
    return this.get(id);
  }

  setPaused(id: number, paused: boolean, now: number): Endpoint | null {
    this.db.prepare('UPDATE monitoring_endpoints SET paused = ?, updated_at = ? WHERE id = ?').run(paused ? 1 : 0, now, id);
    return this.get(id);
  }

  delete(id: number): boolean {
    return this.db.prepare('DELETE FROM monitoring_endpoints WHERE id = ?').run(id).changes > 0;
  }

  get(id: number): Endpoint | null {
    const row = this.db.prepare('SELECT * FROM monitoring_endpoints WHERE id = ?').get(id) as EndpointRow | undefined;
    return row ? toEndpoint(row) : null;
  }

  list(): Endpoint[] {
    return (this.db.prepare('SELECT * FROM monitoring_endpoints ORDER BY id').all() as EndpointRow[]).map(toEndpoint);
  }

  listBySpacecraft(spacecraftId: string): Endpoint[] {
    return (this.db.prepare('SELECT * FROM monitoring_endpoints WHERE spacecraft_id = ? ORDER BY id').all(spacecraftId) as EndpointRow[]).map(toEndpoint);
  }

  /** One check's outcome: the history row and the endpoint's new state, in one transaction. */
  recordCheck(id: number, r: CheckRecord): void {
    this.db.transaction(() => {
      const info = this.db
        .prepare(
          `UPDATE monitoring_endpoints SET last_check = @at, status = @status, failures = @failures, last_latency_ms = @latency_ms,
             last_error = @error, status_since = CASE WHEN @changed THEN @at ELSE coalesce(status_since, @at) END
           WHERE id = @id`,
        )
        .run({ id, at: r.at, status: r.status, failures: r.failures, latency_ms: r.latency_ms, error: r.error, changed: r.changed ? 1 : 0 });
      // The endpoint may have been deleted while its check was in flight.
      if (info.changes === 0) return;
      this.db
        .prepare('INSERT INTO endpoint_checks (endpoint_id, at, ok, status, latency_ms, error) VALUES (?, ?, ?, ?, ?, ?)')
        .run(id, r.at, r.ok ? 1 : 0, r.status, r.latency_ms, r.error);
      if (++this.checksSincePrune >= 1000) {
        this.checksSincePrune = 0;
        this.db.prepare('DELETE FROM endpoint_checks WHERE at < ?').run(r.at - HISTORY_MS);
      }
    })();
  }

  /** Percent of checks since `from` that succeeded, or null when there were none. */
  uptime(id: number, from: number): number | null {
    const row = this.db
      .prepare('SELECT count(*) AS n, sum(ok) AS up FROM endpoint_checks WHERE endpoint_id = ? AND at >= ?')
      .get(id, from) as { n: number; up: number | null };
    return row.n === 0 ? null : Math.round(((row.up ?? 0) / row.n) * 100_000) / 1000;
  }

  history(id: number, limit: number): { at: number; ok: boolean; status: Status; latency_ms: number | null; error: string | null }[] {
    const rows = this.db
      .prepare('SELECT at, ok, status, latency_ms, error FROM endpoint_checks WHERE endpoint_id = ? ORDER BY at DESC, id DESC LIMIT ?')
      .all(id, limit) as { at: number; ok: number; status: Status; latency_ms: number | null; error: string | null }[];
    return rows.map((r) => ({ ...r, ok: r.ok === 1 }));
  }

  /** When the status changed (first check included), newest first. */
  stateChanges(id: number, limit: number): { at: number; status: string }[] {
    return this.db
      .prepare(
        `SELECT at, status FROM (
           SELECT at, status, lag(status) OVER (ORDER BY at, id) AS prev FROM endpoint_checks WHERE endpoint_id = ?
         ) WHERE prev IS NULL OR prev <> status ORDER BY at DESC LIMIT ?`,
      )
      .all(id, limit) as { at: number; status: string }[];
  }

  downBySpacecraft(): Map<string, number> {
    const rows = this.db
      .prepare(`SELECT spacecraft_id, count(*) AS n FROM monitoring_endpoints WHERE status = 'down' AND paused = 0 AND spacecraft_id IS NOT NULL GROUP BY spacecraft_id`)
      .all() as { spacecraft_id: string; n: number }[];
    return new Map(rows.map((r) => [r.spacecraft_id, r.n]));
  }
}
