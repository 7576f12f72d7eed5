import { useEffect, useMemo, useRef } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { TimePicker } from '../../components/TimePicker';
import { useGlobalTimeRange } from '../../components/useGlobalTimeRange';
import { useAppEvent, useLiveRefresh } from '../../app/useLive';
import { formatCount } from '../../lib/format';
import { useLogAnalysisStore, useLogsStore, useLogTailStore } from '../../stores';
import { withTail } from '../../stores/log-tail';
import { selectCanAutoRefresh } from '../../stores/logs';
import { withAbsoluteRange } from '../../stores/logs-query';
import { applyFacet } from '../../stores/logs-query-text';
import { ExportControls } from './ExportControls';
import { LogTailControls } from './LogTailControls';
import { LogsFacets } from './LogsFacets';
import { LogsHistogram } from './LogsHistogram';
import { LogsTable } from './LogsTable';
import { LogsToolbar } from './LogsToolbar';
import { rangeLabel } from './RangeControl';
import { SavedSearches } from './SavedSearches';
import { searchLogs, useLogsUrlSync } from './useLogsUrlSync';
import { useLogsPageKeys } from './useLogsPageKeys';

const VALUES_MAX_AGE_MS = 15_000;
/** The station's reason is already under the query bar; the side panels just point there. */
const REFUSED = 'the query needs fixing (see above)';

/**
 * The global picker, with the hook that keeps its range in the URL and rolls it while live; in
 * its own component so the live ticks re-render only the picker, not the log table.
 */
function LogsTimePicker() {
  useGlobalTimeRange();
  return <TimePicker />;
}

export function LogsPage({ params }: { params: URLSearchParams }) {
  const search = useLogsUrlSync(params);
  const pageRef = useRef<HTMLElement>(null);
  const queryRef = useRef<HTMLInputElement>(null);
  useLogsPageKeys(pageRef, queryRef);
  const s = useLogsStore(
    useShallow((st) => ({
      query: st.query,
      items: st.items,
      nextCursor: st.nextCursor,
      status: st.status,
      loadingMore: st.loadingMore,
      error: st.error,
      queryRejected: st.queryRejected,
      hints: st.hints,
      searchSeq: st.searchSeq,
      newLines: st.newLines,
      live: st.live,
      services: st.services,
      spacecraft: st.spacecraft,
      canAutoRefresh: selectCanAutoRefresh(st),
    })),
  );

  const tailRows = useLogTailStore((st) => st.rows);
  const shown = useMemo(() => withTail(tailRows, s.items), [tailRows, s.items]);

  const analysis = useLogAnalysisStore(
    useShallow((st) => ({ histogram: st.histogram, histogramError: st.histogramError, exactCount: st.exactCount, facets: st.facets, facetsError: st.facetsError })),
  );

  useEffect(() => {
    void useLogsStore.getState().loadFilterValues();
  }, []);

  // Histogram and facets follow every search of the results (live refreshes included).
  useEffect(() => {
    if (s.searchSeq > 0) void useLogAnalysisStore.getState().analyse(useLogsStore.getState().query);
  }, [s.searchSeq]);

  const refreshValuesIfStale = () => {
    const state = useLogsStore.getState();
    if (Date.now() - state.valuesLoadedAt > VALUES_MAX_AGE_MS) void state.loadFilterValues();
  };

  useAppEvent(['logs.ingested'], (event) => {
    if (event.type === 'logs.ingested') useLogsStore.getState().noteIngested(event.count);
  });
  useLiveRefresh(['logs.ingested'], () => {
    const state = useLogsStore.getState();
    // While tailing, new lines come from the tail (and a paused tail must stay still).
    if (selectCanAutoRefresh(state) && !useLogTailStore.getState().on) void state.search(undefined, { quiet: true });
  });

  const count = s.items.length;
  const firstLoad = s.status === 'loading' && count === 0;

  return (
    <section className="page page--logs" aria-labelledby="logs-title" ref={pageRef}>
      <PageHeader
        title="Logs"
        subtitle="Newest first. Click a line for all its fields; press ? for keyboard shortcuts."
        actions={
          <>
            <label className="toggle" title="Refresh the first page as lines arrive">
              <input
                type="checkbox"
                data-testid="logs-live"
                checked={s.live}
                onChange={(e) => useLogsStore.getState().setLive(e.target.checked)}
              />
              Auto-refresh
            </label>
            <LogTailControls query={s.query} />
            <LogsTimePicker />
          </>
        }
      />
      <LogsToolbar
        applied={s.query}
        services={s.services}
        spacecraft={s.spacecraft}
        busy={s.status === 'loading'}
        hints={s.hints}
        rejection={s.queryRejected ? s.error : null}
        onSearch={search}
        onOpenValues={refreshValuesIfStale}
        queryRef={queryRef}
      />
      <div className="logs-body">
        <aside className="logs-side">
          <SavedSearches current={s.query} onRestore={searchLogs} />
          <LogsFacets
            facets={s.queryRejected ? null : analysis.facets}
            error={s.queryRejected ? REFUSED : analysis.facetsError}
            onPick={(field, value) => searchLogs(applyFacet(s.query, field, value))}
          />
        </aside>
        <div className="logs-main">
          <LogsHistogram
            histogram={s.queryRejected ? null : analysis.histogram}
            error={s.queryRejected ? REFUSED : analysis.histogramError}
            onZoom={(from, to) => searchLogs(withAbsoluteRange(s.query, from, to))}
            exactCount={analysis.exactCount}
            onCountExactly={() => void useLogAnalysisStore.getState().countExactly(s.query)}
          />
          <div className="logs-status">
            <span data-testid="logs-count" data-count={count} aria-live="polite">
              {s.status === 'loading'
                ? 'Searching…'
                : s.status === 'error'
                  ? 'Search failed'
                  : `${formatCount(count)} ${count === 1 ? 'line' : 'lines'}${s.nextCursor ? ' (more available)' : ''} · ${rangeLabel(s.query)}${tailRows.length ? ` · ${formatCount(tailRows.length)} tailed` : ''}`}
            </span>
            {s.newLines > 0 && !s.canAutoRefresh && s.status === 'ready' ? (
              <button type="button" className="button button--link" data-testid="logs-new-lines" onClick={() => search(s.query)}>
                {formatCount(s.newLines)} new {s.newLines === 1 ? 'line' : 'lines'} ingested — refresh
              </button>
            ) : null}
            <ExportControls query={s.query} />
          </div>
          <InlineError message={s.queryRejected ? null : s.error} testId="logs-error" />
          {firstLoad ? <Loading label="Searching…" /> : null}
          {s.status === 'ready' && shown.length === 0 ? (
            <EmptyState title="No log lines match" testId="logs-empty">
              Try a wider time range, a lower minimum level, or fewer words.
            </EmptyState>
          ) : null}
          {shown.length > 0 ? <LogsTable items={shown} /> : null}
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
        </div>
      </div>
    </section>
  );
}
