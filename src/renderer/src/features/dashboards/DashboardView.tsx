import { useEffect } from 'react';
import { navigate } from '../../app/useHashRoute';
import { InlineError } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { TimePicker } from '../../components/TimePicker';
import { useGlobalTimeRange } from '../../components/useGlobalTimeRange';
import * as layout from '../../stores/dashboard-layout';
import { useDashboardsStore } from '../../stores';
import { download, exportFileName } from '../metrics/export-series';
import { DashboardGrid } from './DashboardGrid';

/** One dashboard: its panels over the global range; Edit to add, arrange, resize and remove. */
export function DashboardView({ id }: { id: number }) {
  const draft = useDashboardsStore((s) => s.draft);
  const editing = useDashboardsStore((s) => s.editing);
  const dirty = useDashboardsStore((s) => s.dirty);
  const busy = useDashboardsStore((s) => s.busy);
  const error = useDashboardsStore((s) => s.error);
  const time = useGlobalTimeRange();
  const store = useDashboardsStore.getState;

  useEffect(() => {
    void store().open(id);
  }, [id, store]);

  // Queries re-run when the window moves or the panels' queries change (not on resize/move).
  const queryKey = draft ? JSON.stringify(draft.panels.map((p) => [p.id, p.queries])) : '';
  useEffect(() => {
    if (queryKey) void store().runPanels({ from: time.from, to: time.to });
  }, [queryKey, time.from, time.to, store]);

  if (!draft) {
    return (
      <section className="page">
        <PageHeader title="Dashboard" subtitle={<a href="#/dashboards">← All dashboards</a>} />
        <InlineError message={error} testId="dashboards-error" />
      </section>
    );
  }

  const actions = (
    <>
      {editing ? (
        <>
          <button type="button" className="button" data-testid="dashboard-add-panel" onClick={() => store().edit((p) => [...p, layout.newPanel(p)])}>
            Add panel
          </button>
          <button type="button" className="button button--primary" data-testid="dashboard-save" disabled={!dirty || busy} onClick={() => void store().save()}>
            Save
          </button>
          <button
            type="button"
            className="button"
            data-testid="dashboard-done"
            onClick={() => {
              if (dirty) store().discard();
              store().setEditing(false);
            }}
          >
            {dirty ? 'Discard' : 'Done'}
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button" data-testid="dashboard-edit" onClick={() => store().setEditing(true)}>
            Edit
          </button>
          <button
            type="button"
            className="button"
            data-testid="dashboard-export"
            onClick={() => download(exportFileName('json', Date.now(), draft.name), new Blob([layout.exportDashboard(draft)], { type: 'application/json' }))}
          >
            Export JSON
          </button>
          <button
            type="button"
            className="button"
            data-testid="dashboard-delete"
            onClick={() => {
              if (window.confirm(`Delete the dashboard "${draft.name}"?`)) void store().remove(draft.id).then((ok) => ok && navigate('dashboards'));
            }}
          >
            Delete
          </button>
        </>
      )}
    </>
  );

  return (
    <section className="page page--dashboard" data-testid="dashboard" data-dashboard-id={draft.id} data-dirty={String(dirty)}>
      <PageHeader
        title={draft.name}
        subtitle={
          <>
            <a href="#/dashboards">← All dashboards</a> · {draft.panels.length} panels{dirty ? ' · unsaved changes' : ''}
          </>
        }
        actions={<TimePicker />}
      />
      <div className="dashboard__toolbar">
        {editing ? (
          <input className="input dashboard__name" aria-label="Dashboard name" data-testid="dashboard-name" value={draft.name} maxLength={200} onChange={(e) => store().rename(e.target.value)} />
        ) : (
          <span className="muted small">{draft.description}</span>
        )}
        <span className="explorer__spacer" />
        {actions}
      </div>
      <InlineError message={error} testId="dashboards-error" />
      <DashboardGrid panels={draft.panels} window={{ from: time.from, to: time.to }} onZoom={time.zoomTo} />
    </section>
  );
}
