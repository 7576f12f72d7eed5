import { useCallback, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogEntry } from '../../../../shared/api/schemas/logs';
import { LogRow } from './LogRow';

const ROW_HEIGHT = 30;

/**
 * Results can run to thousands of lines after a few "Load more"; only the rows in view (plus a
 * margin) are in the DOM. Rows are measured, so an expanded row simply grows.
 */
export function LogsTable({ items }: { items: readonly LogEntry[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());

  // TanStack Virtual keeps its own mutable state, which the React Compiler cannot track; this
  // component is not compiler-memoised, so that is fine.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 15,
    getItemKey: (index) => items[index]?.id ?? index,
  });

  const toggle = useCallback((id: number) => {
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  return (
    <div className="logs-table" role="table" aria-label="Log lines" aria-rowcount={items.length}>
      <div className="logs-table__head" role="row">
        <span role="columnheader">Time (local)</span>
        <span role="columnheader">Level</span>
        <span role="columnheader">Spacecraft</span>
        <span role="columnheader">Service</span>
        <span role="columnheader">Message</span>
      </div>
      <div className="logs-table__scroll" ref={scroller} data-testid="logs-scroll">
        <div className="logs-table__canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((row) => {
            const entry = items[row.index];
            if (!entry) return null;
            return (
              <LogRow
                key={row.key}
                entry={entry}
                index={row.index}
                start={row.start}
                expanded={expanded.has(entry.id)}
                onToggle={toggle}
                measureRef={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}
