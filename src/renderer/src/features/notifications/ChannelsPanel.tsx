import { useState, type FormEvent } from 'react';
import { SEVERITIES } from '../../../../shared/api/schemas/alerts';
import { CHANNEL_KINDS, type ChannelKind } from '../../../../shared/api/schemas/notify';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { useNotificationsStore } from '../../stores';
import { channelToForm, EMPTY_CHANNEL, KIND_LABEL, toChannelInput, type ChannelFormValues } from './channel-form';

function ChannelForm({ initial, onDone }: { initial: ChannelFormValues; onDone: () => void }) {
  const [v, setV] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<ChannelFormValues>) => setV((x) => ({ ...x, ...patch }));
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await useNotificationsStore.getState().saveChannel(toChannelInput(v));
      onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="form notify-channel-form" onSubmit={submit} noValidate data-testid="channel-form">
      <div className="form__grid">
        <Field label="Name">
          <input className="input" data-testid="channel-name" value={v.name} onChange={(e) => set({ name: e.target.value })} />
        </Field>
        <Field label="Kind">
          <select className="select" data-testid="channel-kind" value={v.kind} disabled={v.id !== null} onChange={(e) => set({ kind: e.target.value as ChannelKind })}>
            {CHANNEL_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </Field>
        {v.kind === 'webhook' ? (
          <>
            <Field label="URL" wide>
              <input className="input mono" data-testid="channel-url" placeholder="https://hooks.slack.com/services/…" value={v.url} onChange={(e) => set({ url: e.target.value })} />
            </Field>
            <Field label="Payload">
              <select className="select" data-testid="channel-format" value={v.format} onChange={(e) => set({ format: e.target.value as ChannelFormValues['format'] })}>
                <option value="json">Generic JSON</option>
                <option value="slack">Slack</option>
                <option value="mattermost">Mattermost</option>
              </select>
            </Field>
            <Field label="Authorization header" hint="optional; stored, shown masked">
              <input className="input mono" value={v.authorization} onChange={(e) => set({ authorization: e.target.value })} />
            </Field>
          </>
        ) : null}
        {v.kind === 'email' ? (
          <>
            <Field label="SMTP host">
              <input className="input" data-testid="channel-host" value={v.host} onChange={(e) => set({ host: e.target.value })} />
            </Field>
            <Field label="Port">
              <input className="input" data-testid="channel-port" value={v.port} onChange={(e) => set({ port: e.target.value })} />
            </Field>
            <Field label="User">
              <input className="input" value={v.user} onChange={(e) => set({ user: e.target.value })} />
            </Field>
            <Field label="Password">
              <input className="input" type="password" value={v.password} onChange={(e) => set({ password: e.target.value })} />
            </Field>
            <Field label="From">
              <input className="input" data-testid="channel-from" value={v.from} onChange={(e) => set({ from: e.target.value })} />
            </Field>
            <Field label="To" hint="comma-separated" wide>
              <input className="input" data-testid="channel-to" value={v.to} onChange={(e) => set({ to: e.target.value })} />
            </Field>
            <label className="field">
              <span className="field__label">TLS from the start</span>
              <input type="checkbox" checked={v.secure} onChange={(e) => set({ secure: e.target.checked })} />
            </label>
          </>
        ) : null}
        {v.kind === 'sound' ? (
          <fieldset className="checkbox-group">
            <legend>Sound for</legend>
            {SEVERITIES.map((s) => (
              <label key={s}>
                <input
                  type="checkbox"
                  checked={v.severities.includes(s)}
                  onChange={(e) => set({ severities: e.target.checked ? [...v.severities, s] : v.severities.filter((x) => x !== s) })}
                />{' '}
                {s}
              </label>
            ))}
          </fieldset>
        ) : null}
        <label className="field">
          <span className="field__label">Enabled</span>
          <input type="checkbox" checked={v.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        </label>
      </div>
      <InlineError message={error} testId="channel-error" />
      <div className="form__actions">
        <button className="button button--primary" type="submit" disabled={busy} data-testid="channel-save">
          {v.id === null ? 'Add channel' : 'Save channel'}
        </button>
        <button className="button" type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ChannelsPanel() {
  const channels = useNotificationsStore((s) => s.channels);
  const tests = useNotificationsStore((s) => s.tests);
  const [editing, setEditing] = useState<ChannelFormValues | null>(null);
  const [error, setError] = useState<string | null>(null);

  return (
    <div className="panel" data-testid="channels-panel">
      <div className="panel__head">
        <h2 className="panel__title">Channels</h2>
        <button className="button button--small" type="button" data-testid="channel-add" onClick={() => setEditing({ ...EMPTY_CHANNEL })}>
          Add channel
        </button>
      </div>
      {editing ? <ChannelForm key={editing.id ?? 'new'} initial={editing} onDone={() => setEditing(null)} /> : null}
      <InlineError message={error} />
      <table className="table">
        <thead>
          <tr>
            <th>Name</th>
            <th>Kind</th>
            <th>Target</th>
            <th>Test</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {channels.map((c) => {
            const t = tests[c.id];
            return (
              <tr key={c.id} data-testid="channel-row" data-channel={c.name}>
                <td className="strong">
                  {c.name} {c.enabled ? null : <span className="muted">(disabled)</span>}
                </td>
                <td>{KIND_LABEL[c.kind]}</td>
                <td className="mono wrap">{c.kind === 'webhook' ? String(c.config.url) : c.kind === 'email' ? (c.config.to as string[]).join(', ') : c.kind === 'sound' ? (c.config.severities as string[]).join(', ') : '—'}</td>
                <td>
                  <button className="button button--small" type="button" data-testid="channel-test" onClick={() => void useNotificationsStore.getState().testChannel(c.id)}>
                    Send test
                  </button>{' '}
                  {t ? (
                    <span className={t.ok === false ? 'text-error' : t.ok ? 'text-ok' : 'muted'} data-testid="channel-test-result">
                      {t.ok === true ? 'Delivered' : t.message}
                    </span>
                  ) : null}
                </td>
                <td>
                  <button className="button button--link" type="button" onClick={() => setEditing(channelToForm(c))}>
                    Edit
                  </button>{' '}
                  <button
                    className="button button--link"
                    type="button"
                    onClick={() => {
                      setError(null);
                      useNotificationsStore.getState().deleteChannel(c.id).catch((e: unknown) => setError(messageOf(e)));
                    }}
                  >
                    Delete
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
