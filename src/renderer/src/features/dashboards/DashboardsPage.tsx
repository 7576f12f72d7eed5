import { useEffect, useState } from 'react';
import { navigate } from '../../app/useHashRoute';
import { EmptyState, InlineError } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useNow } from '../../app/useNow';
import { formatRelative } from '../../lib/format';
import { useDashboardsStore } from '../../stores';
import { DashboardView } from './DashboardView';
import '../../styles/dashboards.css';

function openDashboard(id: number) {
  navigate('dashboards', new URLSearchParams({ id: String(id) }));
}

/** The list: open, create, import. */
function DashboardList() {
  const items = useDashboardsStore((s) => s.items);
  const listStatus = useDashboardsStore((s) => s.listStatus);
  const error = useDashboardsStore((s) => s.error);
  const busy = useDashboardsStore((s) => s.busy);
  const [name, setName] = useState('');
  const [importText, setImportText] = useState('');
  const now = useNow(30_000);
  const store = useDashboardsStore.getState;

  useEffect(() => {
    store().close();
    void store().loadList();
  }, [store]);

  const doImport = async (text: string) => {
    const d = await store().importText(text);
    if (d) openDashboard(d.id);
  };

  return (
    <section className="page">
      <PageHeader title="Dashboards" subtitle="Panels of metric queries, saved on this station" />
      <InlineError message={error} testId="dashboards-error" />
      <div className="grid-2">
        <div className="panel">
          <h2 className="panel__title">Saved</h2>
          {listStatus === 'ready' && items.length === 0 ? <EmptyState title="No dashboards yet" testId="dashboards-empty" /> : null}
          <ul className="dash-list">
            {items.map((d) => (
              <li key={d.id} className="dash-list__item" data-testid="dashboards-row" data-name={d.name}>
                <a href={`#/dashboards?id=${d.id}`} className="strong">
                  {d.name}
                </a>
                <span className="muted small">
                  {d.panel_count} panels · saved {formatRelative(d.updated_at, now)}
                </span>
              </li>
            ))}
          </ul>
        </div>
        <div className="panel">
          <h2 className="panel__title">New</h2>
          <form
            className="dash-form"
            onSubmit={(e) => {
              e.preventDefault();
              if (!name.trim()) return;
              void store()
                .create(name.trim())
                .then((d) => {
                  if (d) openDashboard(d.id);
                });
            }}
          >
            <input className="input" placeholder="Dashboard name" aria-label="Dashboard name" data-testid="dashboards-new-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />
            <button type="submit" className="button button--primary" data-testid="dashboards-create" disabled={busy || !name.trim()}>
              Create
            </button>
          </form>
          <h2 className="panel__title dash-form__gap">Import JSON</h2>
          <textarea
            className="input mono"
            rows={5}
            placeholder='Paste an exported dashboard: { "observatory_dashboard": 1, "name": …, "panels": [ … ] }'
            aria-label="Dashboard JSON"
            data-testid="dashboards-import-text"
            value={importText}
            onChange={(e) => setImportText(e.target.value)}
          />
          <div className="dash-form">
            <button type="button" className="button" data-testid="dashboards-import" disabled={busy || !importText.trim()} onClick={() => void doImport(importText)}>
              Import
            </button>
            <label className="button">
              Import a file…
              <input
                type="file"
                accept="application/json,.json"
                hidden
                data-testid="dashboards-import-file"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = '';
                  if (file) void file.text().then(doImport);
                }}
              />
            </label>
          </div>
        </div>
      </div>
    </section>
  );
}

export function DashboardsPage({ params }: { params: URLSearchParams }) {
  const id = Number(params.get('id'));
  return Number.isInteger(id) && id > 0 ? <DashboardView id={id} /> : <DashboardList />;
}
