import { useEffect, type RefObject } from 'react';
import { keyTarget, logKeyAction } from './log-keys';

/**
 * The page-wide shortcuts: `/` focuses the query, `?` opens the help, Esc leaves the query box.
 * Row navigation is the table's own (LogsTable), from the same key mapping.
 */
export function useLogsPageKeys(page: RefObject<HTMLElement | null>, query: RefObject<HTMLInputElement | null>): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const action = logKeyAction(e, keyTarget(document.activeElement, null));
      const help = page.current?.querySelector<HTMLDetailsElement>('[data-testid="logs-query-help"]');
      if (action === 'focus-query') {
        e.preventDefault();
        query.current?.focus();
        query.current?.select();
      } else if (action === 'help' && help) {
        e.preventDefault();
        help.open = !help.open;
      } else if (action === 'leave') {
        if (document.activeElement === query.current) query.current?.blur();
        if (help?.open) help.open = false;
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [page, query]);
}
