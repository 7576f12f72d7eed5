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
}

/** Matching lines over the searched window, stacked by level; drag across it to zoom in. */
export function LogsHistogram({ histogram, error, onZoom }: LogsHistogramProps) {
  const option = useMemo(() => (histogram ? logHistogramOption(histogram) : null), [histogram]);
  return (
    <div className="logs-histogram" data-total={histogram?.total ?? ''} data-bucket-ms={histogram?.bucket_ms ?? ''}>
      <div className="logs-histogram__caption">
        {histogram
          ? `${formatCount(histogram.total)} matching ${histogram.total === 1 ? 'line' : 'lines'} · ${formatInterval(histogram.bucket_ms)} buckets · drag across the chart to zoom`
          : error
            ? `Histogram unavailable: ${error}`
            : 'Counting…'}
      </div>
      {option && histogram ? (
        <EChart
          option={option}
          height={120}
          ariaLabel={`Matching lines over time, ${formatCount(histogram.total)} in all, stacked by level`}
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
