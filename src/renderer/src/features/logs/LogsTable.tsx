import { useCallback, useEffect, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { LogEntry } from '../../../../shared/api/schemas/logs';
import { copyText } from '../../lib/clipboard';
import { keyTarget, logKeyAction } from './log-keys';
import { LogRow } from './LogRow';

const ROW_HEIGHT = 30;

/**
 * Results can run to thousands of lines after a few "Load more"; only the rows in view (plus a
 * margin) are in the DOM. Rows are measured, so an expanded row simply grows. The keyboard
 * moves a selection through all of them (j/k, arrows), scrolling the selected row into view.
 */
export function LogsTable({ items }: { items: readonly LogEntry[] }) {
  const scroller = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLDivElement>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  // By id, so the selection stays on its line when tailed lines push it down.
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

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
    setSelectedId(id);
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);

  // Latest values for the document listener, which is installed once.
  const live = useRef({ items, selectedId, virtualizer });
  live.current = { items, selectedId, virtualizer };

  useEffect(() => {
    const select = (index: number) => {
      const { items: rows, virtualizer: v } = live.current;
      const entry = rows[index];
      if (!entry) return;
      setSelectedId(entry.id);
      v.scrollToIndex(index, { align: 'auto' });
      // Focus follows the selection (screen readers announce the row); the row may need a frame to exist.
      requestAnimationFrame(() => table.current?.querySelector<HTMLElement>(`[data-testid="logs-row"][data-id="${entry.id}"]`)?.focus({ preventScroll: true }));
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = logKeyAction(e, keyTarget(document.activeElement, table.current));
      if (!action) return;
      const { items: rows, selectedId: id } = live.current;
      const at = id === null ? -1 : rows.findIndex((r) => r.id === id);
      const entry = at >= 0 ? rows[at] : undefined;
      switch (action) {
        case 'next':
          e.preventDefault();
          select(Math.min(rows.length - 1, at + 1));
          break;
        case 'prev':
          e.preventDefault();
          select(Math.max(0, at - 1));
          break;
        case 'expand':
        case 'collapse':
          if (!entry) return;
          e.preventDefault();
          setExpanded((prev) => {
            if (prev.has(entry.id) === (action === 'expand')) return prev;
            const next = new Set(prev);
            if (action === 'expand') next.add(entry.id);
            else next.delete(entry.id);
            return next;
          });
          // An expanded line can be taller than the view: show its start, where the summary is.
          if (action === 'expand') requestAnimationFrame(() => live.current.virtualizer.scrollToIndex(at, { align: 'start' }));
          break;
        case 'copy':
          if (!entry) return;
          e.preventDefault();
          void copyText(JSON.stringify(entry, null, 2)).then((ok) => setNotice(ok ? `Copied the line as JSON (id ${entry.id})` : 'Copy failed — select the text instead'));
          break;
        case 'leave':
          if (id !== null && table.current?.contains(document.activeElement)) (document.activeElement as HTMLElement).blur();
          setSelectedId(null);
          break;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    if (!notice) return;
    const timer = setTimeout(() => setNotice(null), 2500);
    return () => clearTimeout(timer);
  }, [notice]);

  return (
    <div className="logs-table" role="table" aria-label="Log lines" aria-rowcount={items.length} ref={table}>
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
                selected={selectedId === entry.id}
                onToggle={toggle}
                onSelect={setSelectedId}
                measureRef={virtualizer.measureElement}
              />
            );
          })}
        </div>
      </div>
      <div className="logs-table__notice" role="status" data-testid="logs-key-notice">
        {notice}
      </div>
    </div>
  );
}
