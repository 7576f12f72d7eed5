import { useMemo, useState } from 'react';
import type { AlertRuleInput } from '../../../../shared/api/schemas/alerts';
import { EChart } from '../../charts/EChart';
import { alertTimelineOption, firingRanges } from '../../charts/options/alert-timeline';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { formatTimestamp } from '../../lib/format';
import { useRulesStore } from '../../stores';

const RANGES = [
  { value: 'now-24h', label: 'last 24 hours' },
  { value: 'now-7d', label: 'last 7 days' },
  { value: 'now-30d', label: 'last 30 days' },
] as const;

/** Live value of the rule being typed, and a backtest of it over stored history. */
export function RuleTools({ draft, threshold }: { draft: AlertRuleInput | null; threshold: number }) {
  const preview = useRulesStore((s) => s.preview);
  const previewError = useRulesStore((s) => s.previewError);
  const backtest = useRulesStore((s) => s.backtest);
  const [range, setRange] = useState<string>('now-7d');
  const [error, setError] = useState<string | null>(null);

  const option = useMemo(() => {
    if (!backtest) return null;
    const points = backtest.points.map((p) => [p.t, p.v] as const);
    return alertTimelineOption(points, threshold, firingRanges(backtest.events, backtest.to));
  }, [backtest, threshold]);

  const run = async () => {
    if (!draft) return setError('Complete the rule first.');
    setError(null);
    try {
      await useRulesStore.getState().runBacktest(draft, range);
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <div className="rule-tools">
      <div className="rule-preview" data-testid="rules-preview" role="status">
        <span className="field__label">Now: </span>
        {previewError ? (
          <span className="muted">{previewError}</span>
        ) : preview ? (
          <span data-testid="rules-preview-message" data-breached={preview.series.some((s) => s.breached) ? 'true' : 'false'}>
            {preview.message}
            {preview.series.some((s) => s.breached) ? <strong className="tone-critical"> — would fire</strong> : <span className="muted"> — within limits</span>}
          </span>
        ) : (
          <span className="muted">type a condition to see its current value</span>
        )}
      </div>
      <div className="form__actions">
        <select className="select" data-testid="rules-backtest-range" value={range} onChange={(e) => setRange(e.target.value)}>
          {RANGES.map((r) => (
            <option key={r.value} value={r.value}>
              {r.label}
            </option>
          ))}
        </select>
        <button className="button" type="button" data-testid="rules-backtest" onClick={() => void run()} disabled={backtest?.state === 'running'}>
          Backtest
        </button>
        {backtest?.state === 'running' ? (
          <button className="button" type="button" data-testid="rules-backtest-cancel" onClick={() => void useRulesStore.getState().cancelBacktest()}>
            Cancel ({Math.round(backtest.progress * 100)} %)
          </button>
        ) : null}
      </div>
      <InlineError message={error} testId="rules-backtest-error" />
      {backtest && option ? (
        <div className="backtest" data-testid="rules-backtest-result" data-state={backtest.state} data-fired={backtest.fired}>
          <p className="muted" data-testid="rules-backtest-summary">
            {backtest.state === 'running'
              ? `Replaying… ${Math.round(backtest.progress * 100)} %`
              : backtest.state === 'cancelled'
                ? 'Backtest cancelled.'
                : backtest.state === 'failed'
                  ? `Backtest failed: ${backtest.error ?? ''}`
                  : `Would have fired ${backtest.fired} ${backtest.fired === 1 ? 'time' : 'times'} and resolved ${backtest.resolved} between ${formatTimestamp(backtest.from)} and ${formatTimestamp(backtest.to)} (every ${Math.round(backtest.step_ms / 1000)} s).`}
          </p>
          <EChart option={option} ariaLabel="Backtest: the rule's value over time, threshold and firing periods" height={200} testId="rules-backtest-chart" />
          {backtest.events.length ? (
            <ul className="backtest__events" data-testid="rules-backtest-events">
              {backtest.events.slice(0, 50).map((e, i) => (
                <li key={i} className="mono">
                  {formatTimestamp(e.at)} {e.from ?? 'normal'} → {e.to} {e.value === null ? '' : `(value ${e.value})`}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
