import { useEffect, useRef } from 'react';
import { echarts } from './echarts';
import type { ChartOption } from './types';

interface EChartProps {
  option: ChartOption;
  /** Read by screen readers instead of the canvas. */
  ariaLabel: string;
  height?: number;
  className?: string;
  testId?: string;
}

/**
 * The one ECharts wrapper: creates the instance on mount, follows the container's size, applies
 * each new option whole (notMerge, so removed series disappear) and disposes on unmount.
 */
export function EChart({ option, ariaLabel, height = 240, className, testId }: EChartProps) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true, lazyUpdate: true });
  }, [option]);

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
