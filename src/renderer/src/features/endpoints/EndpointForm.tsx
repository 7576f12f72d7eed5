import { useState, type FormEvent } from 'react';
import { ENDPOINT_KINDS } from '../../../../shared/api/schemas/fleet';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { messageOf } from '../../lib/errors';
import { useEndpointsStore } from '../../stores';
import { EMPTY_ENDPOINT_FORM as EMPTY, toEndpointInput, type EndpointFormValues as Values } from './endpoint-form';

export function EndpointForm() {
  const [values, setValues] = useState<Values>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (patch: Partial<Values>) => setValues((v) => ({ ...v, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setCreated(null);
    try {
      const endpoint = await useEndpointsStore.getState().createEndpoint(toEndpointInput(values));
      setCreated(`Monitoring ${endpoint.name}.`);
      setValues(EMPTY);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" data-testid="endpoints-form" onSubmit={submit} noValidate>
      <h2 className="panel__title">Monitor an endpoint</h2>
      <div className="form__grid">
        <Field label="URL" hint="http(s)://host[:port]/path or tcp://host:port" wide>
          <input
            className="input mono"
            data-testid="endpoints-url"
            placeholder="https://groundstation.local/health"
            value={values.endpoint_url}
            spellCheck={false}
            onChange={(e) => set({ endpoint_url: e.target.value })}
          />
        </Field>
        <Field label="Name">
          <input className="input" data-testid="endpoints-name" placeholder="from the URL" value={values.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        <Field label="Kind">
          <select className="select" data-testid="endpoints-kind" value={values.kind} onChange={(e) => set({ kind: oneOf(ENDPOINT_KINDS, e.target.value) ?? '' })}>
            <option value="">From the URL</option>
            {ENDPOINT_KINDS.map((k) => (
              <option key={k} value={k}>
                {k.toUpperCase()}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Spacecraft">
          <input className="input" data-testid="endpoints-spacecraft" placeholder="optional" value={values.spacecraft_id} onChange={(e) => set({ spacecraft_id: e.target.value })} />
        </Field>
        <Field label="Check every">
          <input className="input" data-testid="endpoints-interval" placeholder="60s" value={values.check_interval} onChange={(e) => set({ check_interval: e.target.value })} />
        </Field>
        <Field label="Timeout">
          <input className="input" data-testid="endpoints-timeout" placeholder="5s" value={values.timeout} onChange={(e) => set({ timeout: e.target.value })} />
        </Field>
      </div>
      <InlineError message={error} testId="endpoints-error" />
      {created ? (
        <div className="notice" role="status" data-testid="endpoints-created">
          {created}
        </div>
      ) : null}
      <div className="form__actions">
        <button className="button button--primary" type="submit" data-testid="endpoints-submit" disabled={busy}>
          {busy ? 'Adding…' : 'Add endpoint'}
        </button>
      </div>
    </form>
  );
}
