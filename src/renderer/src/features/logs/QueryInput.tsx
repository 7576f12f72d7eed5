import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type RefObject } from 'react';
import { useLogsStore, useLogValuesStore } from '../../stores';
import { applySuggestion, completionContext, metaPaths, suggestions, type CompletionContext } from './query-complete';
import { highlightQuery, rejectionPosition, type Mark } from './query-highlight';

interface QueryInputProps {
  value: string;
  onChange(value: string): void;
  /** Hints the station gave for `hintsFor` (the applied query): shown only while the text is that. */
  hints: readonly Mark[];
  hintsFor: string;
  rejection: string | null;
  /** The page's `/` shortcut focuses the box through this. */
  inputRef?: RefObject<HTMLInputElement | null>;
}

/** Asking for values waits for a pause in typing. */
const VALUES_DEBOUNCE_MS = 150;
const LIST_ID = 'logs-query-suggestions';

/**
 * The query text box: the text is drawn twice, by a transparent input (caret, selection, IME)
 * and, behind it, by a highlighted copy of the same characters in the same font; the two stay
 * aligned because they share box metrics and the copy scrolls with the input. Autocomplete is an
 * ARIA combobox: ↑/↓ move, Tab or Enter take a suggestion, Esc closes the list.
 */
export function QueryInput({ value, onChange, hints, hintsFor, rejection, inputRef }: QueryInputProps) {
  const ownRef = useRef<HTMLInputElement>(null);
  const input = inputRef ?? ownRef;
  const overlay = useRef<HTMLDivElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [closedFor, setClosedFor] = useState<string | null>(null);

  const items = useLogsStore((s) => s.items);
  const paths = useMemo(() => metaPaths(items), [items]);
  const ctx: CompletionContext | null = caret === null ? null : completionContext(value, caret);
  const valueSource = ctx?.kind === 'value' && ctx.source !== 'level' ? ctx.source : null;
  const values = useLogValuesStore((s) => (valueSource ? s.values[valueSource]?.items : undefined));
  const list = ctx && closedFor !== `${value}@${caret}` ? suggestions(ctx, values ?? [], paths) : [];
  const open = list.length > 0;
  const activeIndex = Math.min(active, Math.max(0, list.length - 1));

  useEffect(() => {
    if (!valueSource) return;
    const timer = setTimeout(() => void useLogValuesStore.getState().load(valueSource), VALUES_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [valueSource]);

  // The station's hints belong to the applied query; once the text differs they no longer line up.
  const segments = useMemo(() => {
    if (value !== hintsFor) return highlightQuery(value);
    const errorAt = rejectionPosition(rejection);
    return highlightQuery(value, hints, errorAt === null || !rejection ? null : { position: errorAt, message: rejection });
  }, [value, hintsFor, hints, rejection]);

  const syncScroll = () => {
    if (overlay.current && input.current) overlay.current.scrollLeft = input.current.scrollLeft;
  };
  const noteCaret = () => {
    setCaret(input.current?.selectionStart ?? null);
    syncScroll();
  };

  const pick = (index: number) => {
    const s = list[index];
    if (!ctx || !s) return;
    const next = applySuggestion(value, ctx, s);
    onChange(next.text);
    setActive(0);
    setCaret(next.caret);
    requestAnimationFrame(() => {
      input.current?.setSelectionRange(next.caret, next.caret);
      syncScroll();
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (!open) return;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((activeIndex + step + list.length) % list.length);
    } else if (e.key === 'Tab' || e.key === 'Enter') {
      e.preventDefault();
      pick(activeIndex);
    } else if (e.key === 'Escape') {
      // The list closes; a second Esc reaches the page (which leaves the box).
      e.preventDefault();
      e.stopPropagation();
      setClosedFor(`${value}@${caret}`);
    }
  };

  return (
    <div className="query-input logs-toolbar__query">
      <div className="query-input__highlight" ref={overlay} aria-hidden="true" data-testid="logs-query-highlight">
        {segments.map((seg, i) =>
          seg.kind === 'space' && !seg.hint ? (
            seg.text
          ) : (
            <span key={i} className={`qt qt--${seg.kind}${seg.hint ? ' qt--invalid' : ''}`} data-kind={seg.kind} title={seg.hint}>
              {seg.text}
            </span>
          ),
        )}
        {/* keeps the last line's height when the text ends in a space */}
        {'\u200b'}
      </div>
      <input
        ref={input}
        className="query-input__field input"
        data-testid="logs-query"
        type="text"
        role="combobox"
        aria-expanded={open}
        aria-controls={LIST_ID}
        aria-autocomplete="list"
        aria-activedescendant={open ? `${LIST_ID}-${activeIndex}` : undefined}
        placeholder='Search: words, "phrases", prefix*, -not, a OR b, level>=warn, service:nav … (? for more)'
        aria-label="Search text"
        value={value}
        onChange={(e) => {
          onChange(e.target.value);
          setActive(0);
          setCaret(e.target.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onKeyUp={noteCaret}
        onClick={noteCaret}
        onSelect={noteCaret}
        onScroll={syncScroll}
        onBlur={() => setCaret(null)}
        onFocus={noteCaret}
        autoComplete="off"
        spellCheck={false}
      />
      {open ? (
        <ul className="query-input__list" id={LIST_ID} role="listbox" aria-label="Suggestions" data-testid="logs-query-suggestions">
          {list.map((s, i) => (
            <li
              key={s.insert}
              id={`${LIST_ID}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              className={`query-input__option${i === activeIndex ? ' query-input__option--active' : ''}`}
              data-testid="logs-query-suggestion"
              // mousedown, not click: the input must keep focus (blur would close the list first).
              onMouseDown={(e) => {
                e.preventDefault();
                pick(i);
              }}
            >
              <span className="query-input__label">{s.label}</span>
              {s.detail ? <span className="query-input__detail">{s.detail}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
