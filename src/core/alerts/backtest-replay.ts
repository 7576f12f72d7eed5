/**
 * The one definition of a backtest's evaluation: step through [from, to], measure the rule with
 * its kind module at each step and run the same state machine as the live engine. The backtest
 * thread (backtest-thread.ts) and the inline mode of BacktestRunner both call `replayRule`, so
 * they cannot drift apart. Operator actions are not replayed: an alarm stays firing until it
 * clears.
 */
import type { AlertRule, Backtest } from '../../shared/api/schemas/alerts';
import { breaches, fingerprint } from './engine';
import { ruleKind } from './kinds';
import type { KindContext } from './kinds/types';
import { evaluateStep, mOfN, type AlarmState } from './state-machine';

export type BacktestRule = Pick<
  AlertRule,
  'kind' | 'condition' | 'operator' | 'threshold' | 'clear_threshold' | 'measure' | 'window_ms' | 'for_ms' | 'keep_firing_for_ms' | 'm' | 'n' | 'latching'
>;

export interface ReplayRange {
  from: number;
  to: number;
  stepMs: number;
}

/** What was measured since the previous report (appended by the receiver, never replaced). */
export interface ReplayDelta {
  progress: number;
  points: Backtest['points'];
  events: Backtest['events'];
  fired: number;
  resolved: number;
}

export interface ReplayIo {
  /** Read between evaluations; true stops the replay (it then returns 'cancelled'). */
  cancelled(): boolean;
  report(delta: ReplayDelta): void;
}

/**
 * How long to evaluate before reporting and yielding to the event loop. Inline, it bounds how long
 * the core's thread is blocked (plus one evaluation); on the thread, it lets progress flow.
 */
const SLICE_MS = 25;

export const stepCount = (r: ReplayRange): number => Math.floor((r.to - r.from) / r.stepMs) + 1;

/** Replays the rule; throws what an evaluation throws (the caller reports it as the job's error). */
export async function replayRule(ctx: KindContext, rule: BacktestRule, range: ReplayRange, io: ReplayIo): Promise<'done' | 'cancelled'> {
  const kind = ruleKind(rule.kind);
  const states = new Map<string, AlarmState & { active: boolean; history: string }>();
  const total = stepCount(range);
  let delta: ReplayDelta = { progress: 0, points: [], events: [], fired: 0, resolved: 0 };
  const flush = (progress: number) => {
    delta.progress = progress;
    io.report(delta);
    delta = { progress, points: [], events: [], fired: 0, resolved: 0 };
  };
  let sliceStart = performance.now();
  for (let i = 0; i < total; i++) {
    if (io.cancelled()) return 'cancelled';
    if (performance.now() - sliceStart >= SLICE_MS) {
      flush(i / total);
      await new Promise((res) => setImmediate(res));
      if (io.cancelled()) return 'cancelled';
      sliceStart = performance.now();
    }
    const at = range.from + i * range.stepMs;
    const { series } = kind.evaluate(ctx, rule, at);
    delta.points.push({ t: at, v: series[0]?.value ?? null });
    for (const s of series) {
      const fp = fingerprint(s.labels);
      const cur = states.get(fp) ?? null;
      let breached = breaches(rule, s.value, cur !== null && cur.active && cur.status !== 'cleared');
      let history = cur?.history ?? '';
      if (rule.n > 1) ({ history, breached } = mOfN(history, breached, rule.m, rule.n));
      const next = evaluateStep(cur, breached, at, rule);
      const from = cur?.status ?? null;
      if (next.status !== from && next.status !== null) {
        delta.events.push({ at, labels: s.labels, from, to: next.status, value: s.value });
        if (next.status === 'firing') delta.fired++;
        if (next.status === 'resolved') delta.resolved++;
      }
      if (next.status === null || next.status === 'resolved') {
        if (history.includes('1')) states.set(fp, { status: 'resolved', startedAt: at, lastBreachAt: null, shelvedUntil: null, active: false, history });
        else states.delete(fp);
      } else {
        states.set(fp, {
          status: next.status,
          startedAt: cur && cur.status !== 'resolved' ? cur.startedAt : at,
          lastBreachAt: breached ? at : (cur?.lastBreachAt ?? null),
          shelvedUntil: null,
          active: next.active,
          history,
        });
      }
    }
  }
  flush(1);
  return 'done';
}
