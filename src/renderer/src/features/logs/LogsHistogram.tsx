import { useMemo } from 'react';
import type { LogHistogram } from '../../../../shared/api/schemas/logs';
import { EChart } from '../../charts/EChart';
import { brushedRange, logHistogramOption } from '../../charts/options/log-histogram';
import { formatCount, formatInterval } from '../../lib/format';

interface LogsHistogramProps {
  histogram: LogHistogram | null;
  error: string | null;
  /** An x range dragged on the chart: the new absolute time window. */
  onZoom(from: number, to: number): void;
  /** For an estimated histogram: ask for the exact one, and how that is going. */
  onCountExactly?: () => void;
  exactCount?: { status: 'counting' | 'error'; error: string | null } | null;
}

/** "1 in 16" from the share counted. */
function shareLabel(fraction: number): string {
  return fraction >= 1 ? 'every line' : `1 in ${Math.round(1 / fraction)} lines`;
}

/** Matching lines over the searched window, stacked by level; drag across it to zoom in. */
export function LogsHistogram({ histogram, error, onZoom, onCountExactly, exactCount }: LogsHistogramProps) {
  const option = useMemo(() => (histogram ? logHistogramOption(histogram) : null), [histogram]);
  const sampled = histogram?.sampled;
  return (
    <div className="logs-histogram" data-total={histogram?.total ?? ''} data-bucket-ms={histogram?.bucket_ms ?? ''} data-sampled={sampled ? sampled.fraction : ''}>
      <div className="logs-histogram__caption">
        {histogram
          ? `${sampled ? '≈ ' : ''}${formatCount(histogram.total)} matching ${histogram.total === 1 ? 'line' : 'lines'} · ${formatInterval(histogram.bucket_ms)} buckets · drag across the chart to zoom`
          : error
            ? `Histogram unavailable: ${error}`
            : 'Counting…'}
        {sampled ? (
          <span className="logs-histogram__estimate" data-testid="logs-histogram-estimate" title={sampled.note}>
            {' · '}
            <strong>estimated</strong> from {shareLabel(sampled.fraction)}
            {onCountExactly ? (
              exactCount?.status === 'counting' ? (
                ' · counting exactly…'
              ) : (
                <>
                  {' · '}
                  <button type="button" className="button button--link" data-testid="logs-histogram-exact" onClick={onCountExactly}>
                    count exactly
                  </button>
                </>
              )
            ) : null}
            {exactCount?.status === 'error' ? <span className="logs-histogram__exact-error" role="status">{` · exact count failed: ${exactCount.error ?? ''}`}</span> : null}
          </span>
        ) : null}
      </div>
      {option && histogram ? (
        <EChart
          option={option}
          height={120}
          ariaLabel={`Matching lines over time, ${sampled ? 'about ' : ''}${formatCount(histogram.total)} in all, stacked by level${sampled ? `, estimated from ${shareLabel(sampled.fraction)}` : ''}`}
          testId="logs-histogram"
          onBrushX={(range) => {
            const zoom = brushedRange(histogram, range);
            if (zoom) onZoom(zoom.from, zoom.to);
          }}
        />
      ) : (
        <div className="logs-histogram__placeholder" data-testid="logs-histogram" style={{ height: 120 }} />
      )}
    </div>
  );
}
