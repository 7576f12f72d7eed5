import { useState, type FormEvent } from 'react';
import { CHANNELS, OPERATORS, RULE_KINDS, SEVERITIES } from '../../../../shared/api/schemas/alerts';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { messageOf } from '../../lib/errors';
import { useRulesStore } from '../../stores';
import { EMPTY_RULE_FORM, toRuleInput, type RuleFormValues } from './rule-form';

const CONDITION_HINT = {
  log_match: 'A log query, e.g. "thruster fault" or level:ERROR service:telemetry; counts matching lines per window.',
  metric_threshold: 'A metric name, optionally avg(…), max(…), min(…) or last(…), e.g. avg(host.cpu.usage_pct).',
} as const;

export function RuleForm() {
  const [values, setValues] = useState<RuleFormValues>(EMPTY_RULE_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));

  const toggleChannel = (channel: (typeof CHANNELS)[number], on: boolean) =>
    set({ channels: on ? [...values.channels, channel] : values.channels.filter((c) => c !== channel) });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const result = toRuleInput(values);
    if (!result.ok) {
      setError(result.message);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const rule = await useRulesStore.getState().createRule(result.input);
      setCreated(`Rule “${rule.rule_name}” created.`);
      setValues(EMPTY_RULE_FORM);
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="panel form" data-testid="rules-form" onSubmit={submit} noValidate>
      <h2 className="panel__title">New rule</h2>
      <div className="form__grid">
        <Field label="Name" wide>
          <input className="input" data-testid="rules-name" value={values.rule_name} onChange={(e) => set({ rule_name: e.target.value })} />
        </Field>
        <Field label="Kind">
          <select
            className="select"
            data-testid="rules-kind"
            value={values.kind}
            onChange={(e) => set({ kind: oneOf(RULE_KINDS, e.target.value) ?? values.kind })}
          >
            {RULE_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'log_match' ? 'Log match' : 'Metric threshold'}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Severity">
          <select
            className="select"
            data-testid="rules-severity"
            value={values.severity}
            onChange={(e) => set({ severity: oneOf(SEVERITIES, e.target.value) ?? values.severity })}
          >
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Condition" hint={CONDITION_HINT[values.kind]} wide>
          <input
            className="input mono"
            data-testid="rules-condition"
            value={values.condition}
            spellCheck={false}
            onChange={(e) => set({ condition: e.target.value })}
          />
        </Field>
        <Field label="Operator">
          <select
            className="select"
            data-testid="rules-operator"
            value={values.operator}
            onChange={(e) => set({ operator: oneOf(OPERATORS, e.target.value) ?? values.operator })}
          >
            {OPERATORS.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Threshold">
          <input className="input" data-testid="rules-threshold" inputMode="decimal" value={values.threshold} onChange={(e) => set({ threshold: e.target.value })} />
        </Field>
        <Field label="Window" hint="e.g. 30s, 5m, 1h">
          <input className="input" data-testid="rules-window" value={values.window} onChange={(e) => set({ window: e.target.value })} />
        </Field>
        <Field label="For" hint="How long it must hold before firing">
          <input className="input" data-testid="rules-for" placeholder="0s" value={values.for} onChange={(e) => set({ for: e.target.value })} />
        </Field>
        <fieldset className="field field--wide checkbox-group">
          <legend className="field__label">Notify</legend>
          {CHANNELS.map((channel) => (
            <label key={channel} className="toggle">
              <input
                type="checkbox"
                data-testid={`rules-channel-${channel}`}
                checked={values.channels.includes(channel)}
                onChange={(e) => toggleChannel(channel, e.target.checked)}
              />
              {channel === 'desktop' ? 'Desktop notification' : 'In the console'}
            </label>
          ))}
        </fieldset>
        <Field label="Description" wide>
          <input className="input" data-testid="rules-description" value={values.description} onChange={(e) => set({ description: e.target.value })} />
        </Field>
      </div>
      <InlineError message={error} testId="rules-error" />
      {created ? (
        <div className="notice" role="status" data-testid="rules-created">
          {created}
        </div>
      ) : null}
      <div className="form__actions">
        <button className="button button--primary" type="submit" data-testid="rules-submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create rule'}
        </button>
      </div>
    </form>
  );
}
