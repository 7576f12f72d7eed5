import { useEffect, useState, type FormEvent } from 'react';
import { transportKind } from '../../api';
import { InlineError, Loading } from '../../components/Feedback';
import { Field } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { formatTimestamp } from '../../lib/format';
import { readOperator, readToken, writeOperator, writeToken } from '../../lib/storage';
import { bootConsole, useSystemStore } from '../../stores';

const TRANSPORT_LABEL = {
  ipc: 'Desktop (IPC to this window’s own core)',
  http: 'HTTP to this page’s station',
  memory: 'In-memory (tests)',
} as const;

function Row({ label, value, testId }: { label: string; value: string | number | undefined; testId: string }) {
  return (
    <div className="kv__row">
      <dt>{label}</dt>
      <dd className="mono" data-testid={testId}>
        {value ?? '—'}
      </dd>
    </div>
  );
}

export function SettingsPage() {
  const info = useSystemStore((s) => s.info);
  const status = useSystemStore((s) => s.status);
  const error = useSystemStore((s) => s.error);
  const [token, setToken] = useState(() => readToken() ?? '');
  const [operator, setOperator] = useState(readOperator);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void useSystemStore.getState().load();
  }, []);

  const saveToken = (e: FormEvent) => {
    e.preventDefault();
    writeToken(token);
    writeOperator(operator);
    setSaved(token.trim() ? 'Saved. Requests now carry this token.' : 'Saved. Requests carry no token.');
    // The token may be what stood between us and the station: try again at once.
    void bootConsole();
  };

  return (
    <section className="page">
      <PageHeader title="Settings" />
      <div className="panel">
        <h2 className="panel__title">Station</h2>
        <InlineError message={error} testId="settings-error" />
        {status === 'loading' && !info ? <Loading /> : null}
        <dl className="kv">
          <Row label="Name" value={info?.name} testId="settings-name" />
          <Row label="Version" value={info?.version} testId="settings-version" />
          <Row label="Started" value={info ? formatTimestamp(info.started_at) : undefined} testId="settings-started" />
          <Row label="Data directory" value={info?.data_dir} testId="settings-data-dir" />
          <Row label="Database" value={info?.db_path} testId="settings-db-path" />
          <Row label="Schema version" value={info?.schema_version} testId="settings-schema-version" />
          <Row label="SQLite synchronous" value={info?.synchronous} testId="settings-synchronous" />
          <Row label="Connection" value={TRANSPORT_LABEL[transportKind]} testId="settings-transport" />
        </dl>
      </div>
      <form className="panel form" onSubmit={saveToken}>
        <h2 className="panel__title">This console</h2>
        <div className="form__grid">
          <Field
            label="Access token"
            hint={
              transportKind === 'http'
                ? 'Sent as a bearer token to a station that requires one. Kept in this browser only.'
                : 'Not needed in the desktop app; used only when this console is opened in a browser.'
            }
            wide
          >
            <input
              className="input mono"
              data-testid="settings-token"
              type="password"
              autoComplete="off"
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </Field>
          <Field label="Operator name" hint="Pre-filled when you acknowledge an alert." wide>
            <input className="input" data-testid="settings-operator" value={operator} onChange={(e) => setOperator(e.target.value)} />
          </Field>
        </div>
        <div className="form__actions">
          <button className="button button--primary" type="submit" data-testid="settings-save">
            Save
          </button>
          {saved ? (
            <span className="notice notice--inline" role="status" data-testid="settings-saved">
              {saved}
            </span>
          ) : null}
        </div>
      </form>
    </section>
  );
}
