/**
 * Model-based test (fast-check): random sequences of breaches, clears, clock steps, acks and
 * shelves against the real engine on a real database, compared after every step with a small
 * independent model of the ISA-18.2 lifecycle written as the issue states it. Also checks
 * invariants: one open alert per rule, the transition chain is contiguous, nothing fires before
 * `for` has elapsed since the breach began.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { harness, S, T0 } from './support';

type Cmd = { t: 'eval'; dt: number; breach: boolean } | { t: 'ack' } | { t: 'shelve'; d: number } | { t: 'wait'; dt: number };

const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ t: fc.constant('eval' as const), dt: fc.integer({ min: 1, max: 40 }).map((n) => n * S), breach: fc.boolean() }) },
  { weight: 1, arbitrary: fc.constant({ t: 'ack' as const }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('shelve' as const), d: fc.integer({ min: 1, max: 90 }).map((n) => n * S) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('wait' as const), dt: fc.integer({ min: 1, max: 90 }).map((n) => n * S) }) },
);

interface Model {
  status: 'normal' | 'pending' | 'firing' | 'acknowledged' | 'cleared' | 'shelved';
  since: number;
  lastBreach: number;
  shelvedUntil: number;
  breach: boolean;
}

describe('alarm lifecycle model', () => {
  it('the engine follows the model over random operator/condition sequences', () => {
    fc.assert(
      fc.property(
        fc.record({ forS: fc.constantFrom(0, 30, 60), latching: fc.boolean(), keepS: fc.constantFrom(0, 20) }),
        fc.array(cmd, { minLength: 1, maxLength: 40 }),
        (cfg, cmds) => {
          const h = harness();
          try {
            const forMs = cfg.forS * S;
            const keep = cfg.keepS * S;
            const r = h.rule({ condition: 'last(temp)', window_ms: 3_600_000, for_ms: forMs, latching: cfg.latching, keep_firing_for_ms: keep });
            const m: Model = { status: 'normal', since: 0, lastBreach: -Infinity, shelvedUntil: 0, breach: false };
            let now = T0;
            const active = () => m.breach || now - m.lastBreach < keep;
            // One evaluation of the model at `now` with the current breach.
            const modelEval = () => {
              const wasBreach = m.breach;
              const kept = active();
              switch (m.status) {
                case 'normal':
                  if (wasBreach) Object.assign(m, { status: forMs === 0 ? 'firing' : 'pending', since: now });
                  break;
                case 'pending':
                  if (!wasBreach) m.status = 'normal';
                  else if (now - m.since >= forMs) m.status = 'firing';
                  break;
                case 'firing':
                  if (!kept) m.status = cfg.latching ? 'cleared' : 'normal';
                  break;
                case 'acknowledged':
                  if (!kept) m.status = 'normal';
                  break;
                case 'cleared':
                  if (wasBreach) m.status = 'firing';
                  break;
                case 'shelved':
                  if (now >= m.shelvedUntil) m.status = kept ? 'firing' : 'normal';
                  break;
              }
              if (wasBreach) m.lastBreach = now;
            };
            for (const c of cmds) {
              if (c.t === 'eval') {
                now += c.dt;
                m.breach = c.breach;
                h.metric('temp', c.breach ? 80 : 10, now);
                h.clock.now = now;
                h.engine.evaluate(h.repo.getRule(r.id)!, now);
                h.engine.evaluateDue();
                modelEval();
              } else if (c.t === 'wait') {
                now += c.dt;
                h.clock.now = now;
                if (m.status === 'shelved' && now >= m.shelvedUntil) m.status = active() ? 'firing' : 'normal';
                // Only the shelf timer: rules are not due (never evaluated by evaluateDue in this test).
                h.engine['lastRun'].set(r.id, now);
                h.engine.evaluateDue();
              } else {
                const open = h.repo.openAlert(r.id);
                if (!open) continue;
                if (c.t === 'ack') {
                  const out = h.engine.act(open.id, { type: 'ack' }, 'op', null, now);
                  const ok = m.status === 'firing' || m.status === 'cleared';
                  expect(out !== null && 'alert' in out).toBe(ok);
                  if (m.status === 'firing') m.status = 'acknowledged';
                  else if (m.status === 'cleared') m.status = 'normal';
                } else {
                  const out = h.engine.act(open.id, { type: 'shelve', until: now + c.d }, 'op', null, now);
                  const ok = m.status === 'firing' || m.status === 'acknowledged';
                  expect(out !== null && 'alert' in out).toBe(ok);
                  if (ok) Object.assign(m, { status: 'shelved', shelvedUntil: now + c.d });
                }
              }
              const open = h.repo.openAlerts(r.id);
              expect(open.length).toBeLessThanOrEqual(1);
              expect(open[0]?.status ?? 'normal').toBe(m.status);
            }
            // The transition chain of each alert is contiguous and starts from normal.
            const byAlert = new Map<number, typeof h.transitions>();
            for (const t of h.transitions) byAlert.set(t.alert.id, [...(byAlert.get(t.alert.id) ?? []), t]);
            for (const chain of byAlert.values()) {
              expect(chain[0]!.from).toBeNull();
              for (let i = 1; i < chain.length; i++) expect(chain[i]!.from).toBe(chain[i - 1]!.to);
            }
          } finally {
            h.db.close();
          }
        },
      ),
      { numRuns: Number(process.env.MODEL_RUNS ?? 150) },
    );
    // Each run opens a database: give a loaded machine time (MODEL_RUNS=2000 for a long search).
  }, 120_000);
});
