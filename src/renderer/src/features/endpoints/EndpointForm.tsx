import { useState, type FormEvent } from 'react';
import { ENDPOINT_KINDS, HTTP_METHODS, type Endpoint } from '../../../../shared/api/schemas/fleet';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { messageOf } from '../../lib/errors';
import { useEndpointsStore } from '../../stores';
import { EMPTY_ENDPOINT_FORM as EMPTY, effectiveKind, fromEndpoint, toEndpointInput, toEndpointUpdate, type EndpointFormValues as Values } from './endpoint-form';

/** Add an endpoint, or (given `editing`) change one; settings shown are those of the kind in use. */
export function EndpointForm({ editing, onDone }: { editing?: Endpoint; onDone?: () => void }) {
  const [values, setValues] = useState<Values>(editing ? fromEndpoint(editing) : EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));
  const kind = effectiveKind(values);
  const https = values.endpoint_url.trim().startsWith('https://');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const store = useEndpointsStore.getState();
      if (editing) {
        await store.updateEndpoint(toEndpointUpdate(editing.id, values));
        onDone?.();
      } else {
        const endpoint = await store.createEndpoint(toEndpointInput(values));
        setCreated(`Monitoring ${endpoint.name}.`);
        setValues(EMPTY);
      }
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const text = (key: keyof Values, label: string, testId: string, placeholder = '', hint?: string) => (
    <Field label={label} hint={hint}>
      <input className="input" data-testid={testId} placeholder={placeholder} value={String(values[key])} spellCheck={false} onChange={(e) => set({ [key]: e.target.value } as Partial<Values>)} />
    </Field>
  );

  return (
    <form className="panel form" data-testid={editing ? 'endpoints-edit-form' : 'endpoints-form'} onSubmit={submit} noValidate>
      <h2 className="panel__title">{editing ? `Edit ${editing.name}` : 'Monitor an endpoint'}</h2>
      <div className="form__grid">
        <Field label="URL" hint="http(s)://host[:port]/path (HTTP, Prometheus) or tcp://host:port" wide>
          <input
            className="input mono"
            data-testid="endpoints-url"
            placeholder="https://groundstation.local/health"
            value={values.endpoint_url}
            spellCheck={false}
            onChange={(e) => set({ endpoint_url: e.target.value })}
          />
        </Field>
        {text('name', 'Name', 'endpoints-name', 'from the URL')}
        <Field label="Kind">
          <select className="select" data-testid="endpoints-kind" value={values.kind} onChange={(e) => set({ kind: oneOf(ENDPOINT_KINDS, e.target.value) ?? '' })}>
            <option value="">From the URL</option>
            {ENDPOINT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'prometheus' ? 'Prometheus scrape' : k.toUpperCase()}
              </option>
            ))}
          </select>
        </Field>
        {text('spacecraft_id', 'Spacecraft', 'endpoints-spacecraft', 'optional')}
        {text('check_interval', 'Check every', 'endpoints-interval', '30s')}
        {text('timeout', 'Timeout', 'endpoints-timeout', '5s')}
        {text('retries', 'Retries before down', 'endpoints-retries', '0')}
        {kind === 'http' ? (
          <>
            <Field label="Method">
              <select className="select" data-testid="endpoints-method" value={values.method} onChange={(e) => set({ method: oneOf(HTTP_METHODS, e.target.value) ?? '' })}>
                <option value="">GET</option>
                {HTTP_METHODS.filter((m) => m !== 'GET').map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </Field>
            {text('expected_status', 'Expected status', 'endpoints-expected-status', 'any 2xx/3xx')}
            {text('keyword', 'Body contains', 'endpoints-keyword', 'optional')}
            {text('json_path', 'JSON path', 'endpoints-json-path', '$.status')}
            {text('json_expected', 'JSON value', 'endpoints-json-expected', 'any (must exist)')}
            {https ? text('cert_expiry_days', 'Certificate warning (days)', 'endpoints-cert-days', 'off') : null}
          </>
        ) : null}
        {kind === 'prometheus' ? text('job', 'Job label', 'endpoints-job', 'the endpoint name') : null}
        {kind !== 'tcp' && https ? (
          <Field label="TLS">
            <span className="checkbox-inline">
              <input type="checkbox" data-testid="endpoints-ignore-tls" checked={values.ignore_tls} onChange={(e) => set({ ignore_tls: e.target.checked })} /> accept unverified certificates
            </span>
          </Field>
        ) : null}
      </div>
      <InlineError message={error} testId="endpoints-error" />
      {created ? (
        <div className="notice" role="status" data-testid="endpoints-created">
          {created}
        </div>
      ) : null}
      <div className="form__actions">
        {editing ? (
          <button className="button" type="button" data-testid="endpoints-edit-cancel" onClick={onDone}>
            Cancel
          </button>
        ) : null}
        <button className="button button--primary" type="submit" data-testid="endpoints-submit" disabled={busy}>
          {busy ? 'Saving…' : editing ? 'Save changes' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
}
