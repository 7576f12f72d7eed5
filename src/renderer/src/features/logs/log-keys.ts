/**
 * The Logs page's keyboard shortcuts, as a pure mapping from a key press to an action so the
 * rules (which keys, and when they must be left alone) are unit-tested without a DOM.
 */
export type LogKeyAction = 'focus-query' | 'help' | 'next' | 'prev' | 'expand' | 'collapse' | 'copy' | 'leave';

export interface KeyPress {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}

export interface KeyTarget {
  /** Focus is in a text box, select or editable element: letters are typing, not shortcuts. */
  typing: boolean;
  /** Focus is on the page itself or on a log row (not on some other button or link). */
  onRowsOrPage: boolean;
}

/** Shown in the help popover; the order is the order of the list. */
export const LOG_SHORTCUTS: readonly [string, string][] = [
  ['/', 'focus the search box'],
  ['j / ↓', 'next line'],
  ['k / ↑', 'previous line'],
  ['Enter / →', 'expand the line'],
  ['←', 'collapse the line'],
  ['c', 'copy the line as JSON'],
  ['Esc', 'leave the search box / clear the selection'],
  ['?', 'this help'],
  ['↑ ↓ Tab Enter', 'in the search box: pick a suggestion'],
];

export function logKeyAction(e: KeyPress, target: KeyTarget): LogKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (target.typing) return e.key === 'Escape' ? 'leave' : null;
  switch (e.key) {
    case '/':
      return 'focus-query';
    case '?':
      return 'help';
    case 'j':
      return 'next';
    case 'k':
      return 'prev';
    case 'c':
      return 'copy';
    case 'Escape':
      return 'leave';
  }
  // Arrows and Enter belong to whatever else has focus (a select, a button, the histogram).
  if (!target.onRowsOrPage) return null;
  switch (e.key) {
    case 'ArrowDown':
      return 'next';
    case 'ArrowUp':
      return 'prev';
    case 'Enter':
    case 'ArrowRight':
      return 'expand';
    case 'ArrowLeft':
      return 'collapse';
  }
  return null;
}

/** Where focus is, in the terms logKeyAction needs. */
export function keyTarget(el: Element | null, rowsContainer: Element | null): KeyTarget {
  if (!el || el === document.body || el === document.documentElement) return { typing: false, onRowsOrPage: true };
  const typing = el.closest('input:not([type=checkbox]):not([type=radio]):not([type=button]), textarea, select, [contenteditable=""], [contenteditable="true"]') !== null;
  const onRow = rowsContainer !== null && rowsContainer.contains(el) && el.closest('button, a, .log-details') === null;
  return { typing, onRowsOrPage: onRow };
}
