import type { Alert } from '../../../src/shared/api/schemas/alerts';
import type { LogEntry } from '../../../src/shared/api/schemas/logs';

export function logEntry(id: number, patch: Partial<LogEntry> = {}): LogEntry {
  return {
    id,
    timestamp: 1_700_000_000_000 + id,
    level: 'INFO',
    service: 'telemetry',
    message: `line ${id}`,
    metadata: null,
    spacecraft_id: 'SC-1',
    request_id: null,
    trace_id: null,
    span_id: null,
    source: null,
    labels: null,
    created_at: 1_700_000_000_000 + id,
    ...patch,
  };
}

export function alert(id: number, patch: Partial<Alert> = {}): Alert {
  return {
    id,
    rule_id: 1,
    rule_name: `rule ${id}`,
    severity: 'warning',
    status: 'firing',
    triggered_at: 1_700_000_000_000 + id,
    acknowledged_at: null,
    acknowledged_by: null,
    ack_comment: null,
    resolved_at: null,
    value: 5,
    threshold: 1,
    message: `alert ${id}`,
    details: null,
    labels: {},
    fingerprint: '[]',
    started_at: 1_700_000_000_000 + id,
    shelved_until: null,
    shelved_by: null,
    condition_active: true,
    silenced_by: null,
    annotations: {},
    ...patch,
  };
}
