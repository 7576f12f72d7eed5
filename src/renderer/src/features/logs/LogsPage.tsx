import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useAppEvent, useLiveRefresh } from '../../app/useLive';
import { formatCount } from '../../lib/format';
import { useLogsStore } from '../../stores';
import { selectCanAutoRefresh } from '../../stores/logs';
import { LogsTable } from './LogsTable';
import { LogsToolbar, RANGE_LABELS } from './LogsToolbar';
import { useLogsUrlSync } from './useLogsUrlSync';

const VALUES_MAX_AGE_MS = 15_000;

export function LogsPage({ params }: { params: URLSearchParams }) {
  const search = useLogsUrlSync(params);
  const s = useLogsStore(
    useShallow((st) => ({
      query: st.query,
      items: st.items,
      nextCursor: st.nextCursor,
      status: st.status,
      loadingMore: st.loadingMore,
      error: st.error,
      newLines: st.newLines,
      live: st.live,
      services: st.services,
      spacecraft: st.spacecraft,
      canAutoRefresh: selectCanAutoRefresh(st),
    })),
  );

  useEffect(() => {
    void useLogsStore.getState().loadFilterValues();
  }, []);

  const refreshValuesIfStale = () => {
    const state = useLogsStore.getState();
    if (Date.now() - state.valuesLoadedAt > VALUES_MAX_AGE_MS) void state.loadFilterValues();
  };

  useAppEvent(['logs.ingested'], (event) => {
    if (event.type === 'logs.ingested') useLogsStore.getState().noteIngested(event.count);
  });
  useLiveRefresh(['logs.ingested'], () => {
    const state = useLogsStore.getState();
    if (selectCanAutoRefresh(state)) void state.search(undefined, { quiet: true });
  });

  const count = s.items.length;
  const firstLoad = s.status === 'loading' && count === 0;

  return (
    <section className="page page--logs" aria-labelledby="logs-title">
      <PageHeader
        title="Logs"
        subtitle="Newest first. Click a line for all its fields."
        actions={
          <label className="toggle" title="Refresh the first page as lines arrive">
            <input
              type="checkbox"
              data-testid="logs-live"
              checked={s.live}
              onChange={(e) => useLogsStore.getState().setLive(e.target.checked)}
            />
            Live
          </label>
        }
      />
      <LogsToolbar
        applied={s.query}
        services={s.services}
        spacecraft={s.spacecraft}
        busy={s.status === 'loading'}
        onSearch={search}
        onOpenValues={refreshValuesIfStale}
      />
      <div className="logs-status">
        <span data-testid="logs-count" data-count={count} aria-live="polite">
          {s.status === 'loading'
            ? 'Searching…'
            : s.status === 'error'
              ? 'Search failed'
              : `${formatCount(count)} ${count === 1 ? 'line' : 'lines'}${s.nextCursor ? ' (more available)' : ''} · ${RANGE_LABELS[s.query.range]}`}
        </span>
        {s.newLines > 0 && !s.canAutoRefresh && s.status === 'ready' ? (
          <button type="button" className="button button--link" data-testid="logs-new-lines" onClick={() => search(s.query)}>
            {formatCount(s.newLines)} new {s.newLines === 1 ? 'line' : 'lines'} ingested — refresh
          </button>
        ) : null}
      </div>
      <InlineError message={s.error} testId="logs-error" />
      {firstLoad ? <Loading label="Searching…" /> : null}
      {s.status === 'ready' && count === 0 ? (
        <EmptyState title="No log lines match" testId="logs-empty">
          Try a wider time range, a lower minimum level, or fewer words.
        </EmptyState>
      ) : null}
      {count > 0 ? <LogsTable items={s.items} /> : null}
      {s.nextCursor && count > 0 ? (
        <div className="logs-more">
          <button
            type="button"
            className="button"
            data-testid="logs-load-more"
            disabled={s.loadingMore}
            onClick={() => void useLogsStore.getState().loadMore()}
          >
            {s.loadingMore ? 'Loading…' : 'Load more'}
          </button>
        </div>
      ) : null}
    </section>
  );
}
