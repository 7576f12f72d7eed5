/**
 * Timeline tests with a fake clock (in the style of Alertmanager's acceptance tests): exact
 * numbers of transitions (what the notifier is handed) at for−1 / for+1, M of N, hysteresis,
 * latching, shelve expiry, silences and keep-firing-for riding out flapping.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { harness, MIN, S, T0, type Harness } from './support';

let h: Harness;
beforeEach(() => {
  h = harness();
});
afterEach(() => h.db.close());

const fired = () => h.transitions.filter((t) => t.to === 'firing').length;

describe('timing', () => {
  it('for=2m at a 30 s interval: nothing at for−1 interval, exactly one firing at for+1 interval', () => {
    const r = h.rule({ for_ms: 2 * MIN });
    for (let t = 0; t <= 8; t++) h.metric('temp', 80, T0 + t * 30 * S);
    h.tick(T0);
    h.tick(T0 + 30 * S);
    h.tick(T0 + 60 * S);
    h.tick(T0 + 90 * S); // for − 1 interval
    expect(fired()).toBe(0);
    expect(h.status(r.id)).toBe('pending');
    h.tick(T0 + 120 * S);
    h.tick(T0 + 150 * S); // for + 1 interval
    expect(fired()).toBe(1);
    expect(h.transitions.map((t) => `${t.from}->${t.to}`)).toEqual(['null->pending', 'pending->firing']);
    // onTransition carries the rule and the persisted alert.
    expect(h.transitions[1]).toMatchObject({ rule: { id: r.id }, alert: { status: 'firing', value: 80 }, at: T0 + 120 * S });
  });

  it('M of N: fires when 3 of the last 5 periods breach, not on 2', () => {
    const r = h.rule({ m: 3, n: 5 });
    const values = [80, 10, 80, 10, 10, 80, 10, 80];
    values.forEach((v, i) => {
      h.metric('temp', v, T0 + i * MIN);
      h.tick(T0 + i * MIN);
      // Breaches at 0, 2 → 2 of 5 until i=5 (0,2,5 = 3 of the last 5 is false: window is 1..5 → 2,5) …
    });
    // Windows of five: [80,10,80,10,10]=2, [10,80,10,10,80]=2, [80,10,10,80,10]=2, [10,10,80,10,80]=2 → never 3.
    expect(fired()).toBe(0);
    h.metric('temp', 90, T0 + 8 * MIN);
    h.tick(T0 + 8 * MIN); // [10,80,10,80,90] = 3 of 5
    expect(fired()).toBe(1);
    expect(h.status(r.id)).toBe('firing');
  });

  it('M-of-N history survives a restart (a new engine on the same database)', () => {
    const r = h.rule({ m: 2, n: 3 });
    h.metric('temp', 80, T0);
    h.tick(T0);
    h.reopen();
    h.metric('temp', 81, T0 + MIN);
    h.tick(T0 + MIN);
    expect(h.status(r.id)).toBe('firing');
  });

  it('hysteresis: fires above 50, stays while above the clear threshold 40, resolves below it', () => {
    const r = h.rule({ clear_threshold: 40 });
    const seq: [number, string][] = [[45, 'none'], [55, 'firing'], [45, 'firing'], [41, 'firing'], [39, 'none'], [45, 'none']];
    seq.forEach(([v, want], i) => {
      h.metric('temp', v, T0 + i * S);
      h.tick(T0 + i * S);
      expect(h.status(r.id), `value ${v}`).toBe(want);
    });
    expect(fired()).toBe(1);
  });

  it('keep_firing_for rides out flapping: one firing over a flapping minute, resolved after it', () => {
    const r = h.rule({ keep_firing_for_ms: 60 * S });
    for (let i = 0; i < 10; i++) {
      h.metric('temp', i % 2 === 0 ? 80 : 10, T0 + i * 10 * S);
      h.tick(T0 + i * 10 * S);
      expect(h.status(r.id)).toBe('firing');
    }
    // Last breach at 80 s; still firing at 80 + 59 s, resolved at 80 + 60 s.
    h.tick(T0 + 139 * S);
    expect(h.status(r.id)).toBe('firing');
    h.tick(T0 + 140 * S);
    expect(h.status(r.id)).toBe('none');
    expect(fired()).toBe(1);
    expect(h.transitions.filter((t) => t.to === 'resolved')).toHaveLength(1);
  });

  it('without keep_firing_for the same flapping fires five times', () => {
    h.rule();
    for (let i = 0; i < 10; i++) {
      h.metric('temp', i % 2 === 0 ? 80 : 10, T0 + i * 10 * S);
      h.tick(T0 + i * 10 * S);
    }
    expect(fired()).toBe(5);
  });
});

describe('lifecycle', () => {
  it('latching: a return to normal while unacknowledged stays visible (cleared) until acknowledged', () => {
    const r = h.rule({ latching: true });
    h.metric('temp', 80, T0);
    h.tick(T0);
    h.metric('temp', 10, T0 + S);
    expect(h.tick(T0 + S)).toEqual(['alert.updated:cleared']);
    h.tick(T0 + 10 * MIN);
    expect(h.status(r.id)).toBe('cleared');
    expect(h.repo.countOpen().unacknowledged).toBe(1);
    const a = h.repo.openAlert(r.id)!;
    expect(h.engine.act(a.id, { type: 'ack' }, 'flight', 'seen', T0 + 11 * MIN)).toMatchObject({ alert: { status: 'resolved', acknowledged_by: 'flight' } });
    expect(h.status(r.id)).toBe('none');
  });

  it('latching: a cleared alarm that breaches again is firing (unacknowledged) again, same alert', () => {
    const r = h.rule({ latching: true });
    h.metric('temp', 80, T0);
    h.tick(T0);
    const id = h.repo.openAlert(r.id)!.id;
    h.metric('temp', 10, T0 + S);
    h.tick(T0 + S);
    h.metric('temp', 90, T0 + 2 * S);
    expect(h.tick(T0 + 2 * S)).toEqual(['alert.fired:firing']);
    expect(h.repo.openAlert(r.id)!.id).toBe(id);
  });

  it('not latching: the return to normal resolves at once', () => {
    const r = h.rule();
    h.metric('temp', 80, T0);
    h.tick(T0);
    h.metric('temp', 10, T0 + S);
    expect(h.tick(T0 + S)).toEqual(['alert.updated:resolved']);
    expect(h.status(r.id)).toBe('none');
  });

  it('shelve: hidden until expiry, then firing and unacknowledged again if still active', () => {
    const r = h.rule();
    h.metric('temp', 80, T0);
    h.tick(T0);
    const a = h.repo.openAlert(r.id)!;
    h.engine.act(a.id, { type: 'ack' }, 'flight', null, T0 + S);
    h.engine.act(a.id, { type: 'shelve', until: T0 + 15 * MIN }, 'flight', 'known issue', T0 + 2 * S);
    expect(h.repo.countOpen().unacknowledged).toBe(0);
    for (let t = 1; t < 15; t++) {
      h.metric('temp', 80, T0 + t * MIN);
      h.tick(T0 + t * MIN);
      expect(h.status(r.id)).toBe('shelved');
    }
    h.metric('temp', 80, T0 + 15 * MIN);
    expect(h.tick(T0 + 15 * MIN)).toEqual(['alert.fired:firing']);
    expect(h.repo.getAlert(a.id)).toMatchObject({ status: 'firing', acknowledged_by: null, shelved_until: null });
  });

  it('shelve: resolved at expiry when the condition has cleared meanwhile', () => {
    const r = h.rule();
    h.metric('temp', 80, T0);
    h.tick(T0);
    const a = h.repo.openAlert(r.id)!;
    h.engine.act(a.id, { type: 'shelve', until: T0 + 60 * MIN }, 'flight', null, T0);
    h.metric('temp', 10, T0 + MIN);
    h.tick(T0 + MIN);
    expect(h.status(r.id)).toBe('shelved');
    h.clock.now = T0 + 60 * MIN;
    h.engine.evaluateDue();
    expect(h.repo.getAlert(a.id)!.status).toBe('resolved');
  });

  it('shelve expiry also applies to alerts of a disabled rule (the timer is the stored expiry)', () => {
    const r = h.rule();
    h.metric('temp', 80, T0);
    h.tick(T0);
    const a = h.repo.openAlert(r.id)!;
    h.engine.act(a.id, { type: 'shelve', until: T0 + MIN }, 'flight', null, T0);
    h.repo.rules.setActive(r.id, false, 'flight', T0);
    h.clock.now = T0 + MIN;
    h.engine.evaluateDue();
    expect(h.repo.getAlert(a.id)!.status).toBe('firing');
  });

  it('silences mark matching alerts, only inside their window, and not others', () => {
    const a = h.rule({ labels: { spacecraft: 'SAT-1' } });
    const b = h.rule({ labels: { spacecraft: 'SAT-2' } });
    h.repo.silences.create({
      matchers: [{ name: 'spacecraft', op: '=~', value: 'SAT-1|SAT-9' }],
      starts_at: T0 + MIN,
      ends_at: T0 + 10 * MIN,
      recurrence: null,
      comment: 'maintenance',
      created_by: 'flight',
      created_at: T0,
    });
    h.metric('temp', 80, T0);
    h.tick(T0);
    expect(h.repo.openAlert(a.id)!.silenced_by).toBeNull();
    h.clock.now = T0 + 2 * MIN;
    h.engine.silencesChanged();
    h.tick(T0 + 2 * MIN);
    expect(h.repo.openAlert(a.id)!.silenced_by).toBe(1);
    expect(h.repo.openAlert(b.id)!.silenced_by).toBeNull();
    h.engine.silencesChanged();
    h.metric('temp', 80, T0 + 11 * MIN);
    h.tick(T0 + 11 * MIN);
    expect(h.repo.openAlert(a.id)!.silenced_by).toBeNull();
  });

  it('every state change is in the alert timeline with who and why', () => {
    const r = h.rule({ for_ms: MIN });
    h.metric('temp', 80, T0);
    h.tick(T0);
    h.metric('temp', 80, T0 + MIN);
    h.tick(T0 + MIN);
    const a = h.repo.openAlert(r.id)!;
    h.engine.act(a.id, { type: 'ack' }, 'flight', 'looking', T0 + 2 * MIN);
    h.tick(T0 + 10 * MIN);
    expect(h.repo.transitions(a.id).map((t) => [t.from, t.to, t.actor])).toEqual([
      [null, 'pending', null],
      ['pending', 'firing', null],
      ['firing', 'acknowledged', 'flight'],
      ['acknowledged', 'resolved', null],
    ]);
  });

  it('dedup by rule + labels: one alert per spacecraft for a fleet-wide rule', () => {
    h.spacecraft.touch('SAT-1', T0, T0);
    h.spacecraft.touch('SAT-2', T0, T0);
    h.spacecraft.saveHealth('SAT-1', 'critical', 30);
    h.spacecraft.saveHealth('SAT-2', 'nominal', 90);
    const r = h.rule({ kind: 'health_below', condition: '*', operator: '<', threshold: 40, annotations: { summary: '{{ $labels.spacecraft }} health {{ $value }} below {{ $threshold }}' } });
    h.tick(T0);
    h.tick(T0 + S);
    const open = h.repo.openAlerts(r.id);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ labels: { spacecraft: 'SAT-1' }, value: 30, annotations: { summary: 'SAT-1 health 30 below 40' } });
    expect(open[0]!.message).toBe(`${r.rule_name} {spacecraft=SAT-1}: health score 30 < threshold 40`);
    h.spacecraft.saveHealth('SAT-2', 'critical', 10);
    h.tick(T0 + 2 * S);
    expect(h.repo.openAlerts(r.id).map((a) => a.labels.spacecraft)).toEqual(['SAT-1', 'SAT-2']);
  });

  it('absence: fires when a heartbeat metric has been silent longer than the threshold (seconds)', () => {
    const r = h.rule({ kind: 'absence', condition: 'metric heartbeat', operator: '>', threshold: 120 });
    h.metric('heartbeat', 1, T0);
    h.tick(T0 + 119 * S);
    expect(h.status(r.id)).toBe('none');
    h.tick(T0 + 121 * S);
    expect(h.status(r.id)).toBe('firing');
    h.metric('heartbeat', 1, T0 + 130 * S);
    h.tick(T0 + 131 * S);
    expect(h.status(r.id)).toBe('none');
  });

  it('metric query: one alert per result series, dedup by its labels, message with value and threshold', () => {
    const r = h.rule({ condition: 'max by (spacecraft) (max_over_time(battery.temp_c[5m]))', threshold: 45, annotations: { summary: '{{ $labels.spacecraft }} at {{ $value }} °C' } });
    h.metric('battery.temp_c', 50, T0 - MIN, JSON.stringify({ spacecraft: 'sc-1' }));
    h.metric('battery.temp_c', 40, T0 - MIN, JSON.stringify({ spacecraft: 'sc-2' }));
    h.metric('battery.temp_c', 47, T0 - MIN, JSON.stringify({ spacecraft: 'sc-3' }));
    h.tick(T0);
    h.tick(T0 + S);
    const open = h.repo.openAlerts(r.id);
    expect(open.map((a) => [a.labels.spacecraft, a.value, a.annotations.summary])).toEqual([
      ['sc-1', 50, 'sc-1 at 50 °C'],
      ['sc-3', 47, 'sc-3 at 47 °C'],
    ]);
    expect(open[0]!.message).toBe(`${r.rule_name} {spacecraft=sc-1}: max by (spacecraft) (max_over_time(battery.temp_c[5m])) is 50 > threshold 45`);
    expect(fired()).toBe(2);
    // Five minutes without samples: both series drop out of the result and both alerts resolve.
    h.tick(T0 + 10 * MIN);
    expect(h.repo.openAlerts(r.id)).toEqual([]);
  });

  it('endpoint_down: an endpoint.state event is judged at once, one alert per endpoint, labelled', () => {
    h.spacecraft.touch('sc-1', T0, T0);
    const e = h.endpoints.create({ name: 'dsn-madrid', kind: 'http', endpoint_url: 'http://127.0.0.1:9/', spacecraft_id: 'sc-1', check_interval: 60_000, timeout: 5000, retries: 0, paused: false, config: {} as never, created_at: T0 });
    const r = h.rule({ kind: 'endpoint_down', condition: '*', operator: '>=', threshold: 1 });
    h.engine.start();
    try {
      h.endpoints.recordCheck(e.id, { at: T0, ok: false, status: 'down', failures: 1, latency_ms: null, error: 'refused', changed: true });
      h.bus.emit({ type: 'endpoint.state', endpoint_id: e.id, name: e.name, spacecraft_id: 'sc-1', from: 'up', to: 'down', at: T0, error: 'refused' });
      expect(h.repo.openAlert(r.id)).toMatchObject({ status: 'firing', labels: { endpoint: 'dsn-madrid', spacecraft: 'sc-1' }, value: 1 });
    } finally {
      h.engine.stop();
    }
  });

  it('rate_of_change: rate per second over the window', () => {
    const r = h.rule({ kind: 'rate_of_change', condition: 'rate(battery)', operator: '<', threshold: -0.5, window_ms: MIN });
    h.metric('battery', 100, T0);
    h.metric('battery', 90, T0 + 10 * S); // −1/s
    h.tick(T0 + 10 * S);
    expect(h.repo.openAlert(r.id)).toMatchObject({ status: 'firing', value: -1 });
  });
});
