import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatCount } from '../../lib/format';
import { useLogTailStore } from '../../stores';
import type { LogQuery } from '../../stores/logs-query';

/**
 * Tail on/off, pause/resume, the station's match rate, and a notice when it sampled a flood.
 * Works in the browser (server-sent events) and in the desktop window (the bridge's tail channel).
 */
export function LogTailControls({ query }: { query: LogQuery }) {
  const t = useLogTailStore(
    useShallow((s) => ({ on: s.on, paused: s.paused, status: s.status, ratePerS: s.ratePerS, skipped: s.skipped, held: s.held.length })),
  );

  // Follow the applied query while on; leaving the page ends the stream.
  useEffect(() => {
    const tail = useLogTailStore.getState();
    if (tail.on) tail.start(query);
  }, [query]);
  useEffect(() => () => useLogTailStore.getState().stop(), []);

  const tail = useLogTailStore.getState;

  return (
    <span className="logs-tail" data-tail-status={t.on ? t.status : 'off'}>
      <button
        type="button"
        className={`button button--small${t.on ? ' button--primary' : ''}`}
        data-testid="logs-tail-toggle"
        aria-pressed={t.on}
        title="Stream matching lines as they arrive"
        onClick={() => (t.on ? tail().stop() : tail().start(query))}
      >
        Tail
      </button>
      {t.on ? (
        <>
          <button type="button" className="button button--small" data-testid="logs-tail-pause" aria-pressed={t.paused} onClick={() => tail().setPaused(!t.paused)}>
            {t.paused ? `Resume${t.held ? ` (${formatCount(t.held)} held)` : ''}` : 'Pause'}
          </button>
          <span className="logs-tail__rate" data-testid="logs-tail-rate" data-rate={t.ratePerS} aria-live="polite">
            {t.status === 'closed' ? 'tail stopped' : `${t.ratePerS.toLocaleString(undefined, { maximumFractionDigits: 1 })} lines/s`}
          </span>
          {t.skipped > 0 ? (
            <span className="logs-tail__sampled" data-testid="logs-tail-sampled" role="status">
              showing a sample: {formatCount(t.skipped)} lines skipped
            </span>
          ) : null}
        </>
      ) : null}
    </span>
  );
}
