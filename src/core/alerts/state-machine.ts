/**
 * The alarm lifecycle as pure functions (ISA-18.2 style), so the engine, the backtest and the
 * model-based test share one definition:
 *   normal ─breach─► pending ─for elapsed─► firing ─ack─► acknowledged ─clear─► resolved
 *   firing ─clear─► resolved, or cleared (latching: stays visible until acknowledged)
 *   cleared ─breach─► firing;  cleared ─ack─► resolved
 *   firing|acknowledged ─shelve─► shelved ─expiry─► firing (still active) | resolved
 * keep_firing_for: a firing/acknowledged/shelved alarm counts as active for that long after
 * its last breach, riding out flapping.
 */
import type { AlertStatus } from '../../shared/api/schemas/alerts';

export interface AlarmState {
  status: AlertStatus;
  startedAt: number;
  lastBreachAt: number | null;
  shelvedUntil: number | null;
}

export interface Timing {
  for_ms: number;
  keep_firing_for_ms: number;
  latching: boolean;
}

/** Next status after an evaluation; null: no alarm (normal). `active` is what the alarm records as its condition. */
export function evaluateStep(cur: AlarmState | null, breached: boolean, now: number, t: Timing): { status: AlertStatus | null; active: boolean } {
  if (!cur || cur.status === 'resolved') {
    if (!breached) return { status: null, active: false };
    return { status: t.for_ms <= 0 ? 'firing' : 'pending', active: true };
  }
  const kept = !breached && cur.lastBreachAt !== null && now - cur.lastBreachAt < t.keep_firing_for_ms;
  const active = breached || kept;
  switch (cur.status) {
    case 'pending':
      if (!breached) return { status: 'resolved', active: false };
      return { status: now - cur.startedAt >= t.for_ms ? 'firing' : 'pending', active: true };
    case 'firing':
      if (active) return { status: 'firing', active };
      return { status: t.latching ? 'cleared' : 'resolved', active: false };
    case 'acknowledged':
      return { status: active ? 'acknowledged' : 'resolved', active };
    case 'cleared':
      return { status: breached ? 'firing' : 'cleared', active: breached };
    case 'shelved':
      if (cur.shelvedUntil !== null && now >= cur.shelvedUntil) return { status: active ? 'firing' : 'resolved', active };
      return { status: 'shelved', active };
  }
}

export type OperatorAction = { type: 'ack' } | { type: 'shelve'; until: number } | { type: 'unshelve'; active: boolean };

/** Status after an operator's action, or null when the action does not apply in that state. */
export function actionStep(status: AlertStatus, action: OperatorAction): AlertStatus | null {
  switch (action.type) {
    case 'ack':
      if (status === 'firing') return 'acknowledged';
      if (status === 'cleared') return 'resolved';
      return null;
    case 'shelve':
      return status === 'firing' || status === 'acknowledged' ? 'shelved' : null;
    case 'unshelve':
      return status === 'shelved' ? (action.active ? 'firing' : 'resolved') : null;
  }
}

/** M of the last N evaluation periods breached. `history` holds '1'/'0', newest last. */
export function mOfN(history: string, breached: boolean, m: number, n: number): { history: string; breached: boolean } {
  const next = (history + (breached ? '1' : '0')).slice(-n);
  let ones = 0;
  for (const c of next) if (c === '1') ones++;
  return { history: next, breached: ones >= m };
}
