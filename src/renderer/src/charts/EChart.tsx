import { useEffect, useEffectEvent, useRef } from 'react';
import { echarts } from './echarts';
import type { ChartOption } from './types';

interface EChartProps {
  option: ChartOption;
  /** Read by screen readers instead of the canvas. */
  ariaLabel: string;
  height?: number;
  className?: string;
  testId?: string;
  /**
   * Make a plain drag on the plot select an x range (the option must declare a `brush`); the
   * range in x-axis values is passed here when the drag ends, and the selection is cleared.
   */
  onBrushX?: (range: [number, number]) => void;
  /** Receives the live instance (null on unmount), e.g. to export it with getDataURL. */
  onInstance?: (chart: echarts.ECharts | null) => void;
}

interface BrushEndEvent {
  areas?: { coordRange?: unknown }[];
}

/**
 * The one ECharts wrapper: creates the instance on mount, follows the container's size, applies
 * each new option whole (notMerge, so removed series disappear) and disposes on unmount.
 */
export function EChart({ option, ariaLabel, height = 240, className, testId, onBrushX, onInstance }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const brushing = onBrushX !== undefined;
  const onBrushEnd = useEffectEvent((event: BrushEndEvent) => {
    const range = event.areas?.[0]?.coordRange;
    chart.current?.dispatchAction({ type: 'brush', areas: [] });
    if (Array.isArray(range) && typeof range[0] === 'number' && typeof range[1] === 'number') {
      onBrushX?.([range[0], range[1]]);
    }
  });

  const reportInstance = useEffectEvent((instance: echarts.ECharts | null) => onInstance?.(instance));

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    instance.on('brushEnd', (event) => onBrushEnd(event as BrushEndEvent));
    reportInstance(instance);
    return () => {
      reportInstance(null);
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const instance = chart.current;
    if (!instance) return;
    instance.setOption(option, { notMerge: true });
    // notMerge resets the brush cursor; a drag should select without picking a toolbox tool first.
    if (brushing) {
      instance.dispatchAction({
        type: 'takeGlobalCursor',
        key: 'brush',
        brushOption: { brushType: 'lineX', brushMode: 'single' },
      });
    }
  }, [option, brushing]);

  return (
    <div
      ref={container}
      className={className ? `chart ${className}` : 'chart'}
      style={{ height }}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
    />
  );
}
