/**
 * Backtest: replay a rule (saved or not) over stored history and report when it would have
 * fired and resolved, with the measured values for a timeline chart. It runs on the core's
 * thread in chunks (a few hundred evaluations, then yields with setImmediate), so ingest and
 * the UI stay responsive; a job can be cancelled between chunks. Not a worker thread: the
 * evaluation reads through the same repos as the live engine, which keeps one definition of
 * every kind. Operator actions are not replayed: an alarm stays firing until it clears.
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

const CHUNK = 200;
const MAX_POINTS = 20_000;
const KEEP_JOBS = 20;

/** A copy the caller may serialise while the job goes on appending. */
const snapshot = (r: Backtest): Backtest => ({ ...r, points: [...r.points], events: [...r.events] });

interface Job {
  result: Backtest;
  cancelled: boolean;
}

export class BacktestRunner {
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;

  constructor(private readonly ctx: () => KindContext) {}

  /** Starts a job and returns its first snapshot; poll with get(). */
  start(rule: BacktestRule, from: number, to: number, stepMs: number): Backtest {
    // Never more than MAX_POINTS evaluations: widen the step for long ranges.
    const step = Math.max(stepMs, Math.ceil((to - from) / MAX_POINTS));
    const id = this.nextId++;
    const job: Job = { cancelled: false, result: { id, state: 'running', progress: 0, from, to, step_ms: step, error: null, points: [], events: [], fired: 0, resolved: 0 } };
    this.jobs.set(id, job);
    for (const old of [...this.jobs.keys()].slice(0, Math.max(0, this.jobs.size - KEEP_JOBS))) this.jobs.delete(old);
    void this.run(job, rule);
    return snapshot(job.result);
  }

  get(id: number): Backtest | null {
    const job = this.jobs.get(id);
    return job ? snapshot(job.result) : null;
  }

  cancel(id: number): Backtest | null {
    const job = this.jobs.get(id);
    if (!job) return null;
    if (job.result.state === 'running') job.cancelled = true;
    return snapshot(job.result);
  }

  /** Run a job to its end (tests, and callers that want the answer in one go). */
  async wait(id: number): Promise<Backtest | null> {
    for (;;) {
      const job = this.jobs.get(id);
      if (!job || job.result.state !== 'running') return job ? snapshot(job.result) : null;
      await new Promise((r) => setTimeout(r, 5));
    }
  }

  private async run(job: Job, rule: BacktestRule): Promise<void> {
    const r = job.result;
    const kind = ruleKind(rule.kind);
    const states = new Map<string, AlarmState & { active: boolean; history: string }>();
    const total = Math.floor((r.to - r.from) / r.step_ms) + 1;
    try {
      for (let i = 0; i < total; i++) {
        if (i % CHUNK === 0 && i > 0) {
          await new Promise((res) => setImmediate(res));
          if (job.cancelled) {
            r.state = 'cancelled';
            return;
          }
          r.progress = i / total;
        }
        const at = r.from + i * r.step_ms;
        const { series } = kind.evaluate(this.ctx(), rule, at);
        r.points.push({ t: at, v: series[0]?.value ?? null });
        for (const s of series) {
          const fp = fingerprint(s.labels);
          const cur = states.get(fp) ?? null;
          let breached = breaches(rule, s.value, cur !== null && cur.active && cur.status !== 'cleared');
          let history = cur?.history ?? '';
          if (rule.n > 1) ({ history, breached } = mOfN(history, breached, rule.m, rule.n));
          const next = evaluateStep(cur, breached, at, rule);
          const from = cur?.status ?? null;
          if (next.status !== from && next.status !== null) {
            r.events.push({ at, labels: s.labels, from, to: next.status, value: s.value });
            if (next.status === 'firing') r.fired++;
            if (next.status === 'resolved') r.resolved++;
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
      r.progress = 1;
      r.state = 'done';
    } catch (e) {
      r.state = 'failed';
      r.error = e instanceof Error ? e.message : String(e);
    }
  }
}
