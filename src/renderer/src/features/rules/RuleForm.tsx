import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { LOG_MEASURES, OPERATORS, RULE_KINDS, SEVERITIES, type AlertRule } from '../../../../shared/api/schemas/alerts';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { messageOf } from '../../lib/errors';
import { readOperator } from '../../lib/storage';
import { useRulesStore } from '../../stores';
import { RuleTools } from './RuleTools';
import { EMPTY_RULE_FORM, fromRule, KIND_INFO, toRuleInput, type RuleFormValues } from './rule-form';

const PREVIEW_DELAY_MS = 400;

function Select<T extends string>({ values, value, onChange, testId, label }: { values: readonly T[]; value: T; onChange(v: T): void; testId: string; label?: (v: T) => ReactNode }) {
  return (
    <select className="select" data-testid={testId} value={value} onChange={(e) => onChange(oneOf(values, e.target.value) ?? value)}>
      {values.map((v) => (
        <option key={v} value={v}>
          {label ? label(v) : v}
        </option>
      ))}
    </select>
  );
}

/** Create a rule, or edit one (a new version); with the live value and a backtest of what is typed. */
export function RuleForm({ editing, onDone }: { editing: AlertRule | null; onDone(): void }) {
  const [values, setValues] = useState<RuleFormValues>(editing ? fromRule(editing) : EMPTY_RULE_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<string | null>(null);
  const set = (patch: Partial<RuleFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const t = (k: keyof RuleFormValues, testId: string, placeholder?: string) => (
    <input className="input" data-testid={testId} placeholder={placeholder} value={String(values[k])} onChange={(e) => set({ [k]: e.target.value })} />
  );

  // Live preview of the current value while typing (debounced; only when the form is complete enough).
  useEffect(() => {
    const result = toRuleInput({ ...values, rule_name: values.rule_name || 'preview' });
    const timer = setTimeout(() => void useRulesStore.getState().previewRule(result.ok && values.condition.trim() ? result.input : null), PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values]);

  const changeKind = (kind: RuleFormValues['kind']) => set({ kind, operator: KIND_INFO[kind].operator, threshold: KIND_INFO[kind].threshold });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    const result = toRuleInput(values);
    if (!result.ok) return setError(result.message);
    setBusy(true);
    setError(null);
    try {
      const by = readOperator() || 'operator';
      const store = useRulesStore.getState();
      const rule = editing ? await store.updateRule(editing.id, { ...result.input, by }) : await store.createRule({ ...result.input, by });
      setCreated(editing ? `Rule “${rule.rule_name}” saved as version ${rule.version}.` : `Rule “${rule.rule_name}” created.`);
      if (!editing) setValues(EMPTY_RULE_FORM);
      else onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const info = KIND_INFO[values.kind];
  const draft = toRuleInput({ ...values, rule_name: values.rule_name || 'backtest' });
  return (
    <form className="panel form" data-testid="rules-form" data-editing={editing?.id} onSubmit={submit} noValidate>
      <h2 className="panel__title">{editing ? `Edit rule “${editing.rule_name}” (version ${editing.version})` : 'New rule'}</h2>
      <div className="form__grid">
        <Field label="Name" wide>
          <input className="input" data-testid="rules-name" value={values.rule_name} onChange={(e) => set({ rule_name: e.target.value })} />
        </Field>
        <Field label="Kind">
          <Select values={RULE_KINDS} value={values.kind} onChange={changeKind} testId="rules-kind" label={(k) => KIND_INFO[k].label} />
        </Field>
        <Field label="Severity">
          <Select values={SEVERITIES} value={values.severity} onChange={(severity) => set({ severity })} testId="rules-severity" />
        </Field>
        <Field label="Condition" hint={info.hint} wide>
          <input className="input mono" data-testid="rules-condition" placeholder={info.placeholder} value={values.condition} spellCheck={false} onChange={(e) => set({ condition: e.target.value })} />
        </Field>
        {values.kind === 'log_match' ? (
          <Field label="Measure" hint="Lines in the window, or lines per minute">
            <Select values={LOG_MEASURES} value={values.measure} onChange={(measure) => set({ measure })} testId="rules-measure" />
          </Field>
        ) : null}
        <Field label="Operator">
          <Select values={OPERATORS} value={values.operator} onChange={(operator) => set({ operator })} testId="rules-operator" />
        </Field>
        <Field label="Threshold">{t('threshold', 'rules-threshold')}</Field>
        <Field label="Clear threshold" hint="Hysteresis: once firing, clears only past this">{t('clear_threshold', 'rules-clear-threshold', 'none')}</Field>
        <Field label="Window" hint="e.g. 30s, 5m, 1h">{t('window', 'rules-window')}</Field>
        <Field label="For" hint="How long it must hold before firing">{t('for', 'rules-for', '0s')}</Field>
        <Field label="Evaluate every" hint="Default: the station's interval">{t('interval', 'rules-interval', 'default')}</Field>
        <Field label="Keep firing for" hint="Ride out flapping">{t('keep_firing_for', 'rules-keep-firing-for', '0s')}</Field>
        <Field label="M of N periods" hint="Breach in M of the last N evaluations">
          <span className="inline-pair">
            <input className="input input--narrow" data-testid="rules-m" aria-label="M" value={values.m} onChange={(e) => set({ m: e.target.value })} />
            <span className="muted"> of </span>
            <input className="input input--narrow" data-testid="rules-n" aria-label="N" value={values.n} onChange={(e) => set({ n: e.target.value })} />
          </span>
        </Field>
        <fieldset className="field checkbox-group">
          <legend className="field__label">Latching</legend>
          <label className="toggle">
            <input type="checkbox" data-testid="rules-latching" checked={values.latching} onChange={(e) => set({ latching: e.target.checked })} />
            Stays until acknowledged
          </label>
        </fieldset>
        <p className="field field--wide field__hint" data-testid="rules-routing-note">
          Who hears about it is decided by the routing tree on the <a href="#/notifications">Notifications</a> page, from the
          rule&apos;s severity and labels (desktop, sound, webhook, email, escalation).
        </p>
        <Field label="Labels" hint="key=value, comma separated (e.g. spacecraft=voyager-1, team=power)" wide>
          {t('labels', 'rules-labels')}
        </Field>
        <Field label="Summary template" hint="{{ $labels.spacecraft }}, {{ $value }} and {{ $threshold }} are filled in" wide>
          {t('summary', 'rules-summary')}
        </Field>
        <Field label="Description" wide>
          {t('description', 'rules-description')}
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
          {busy ? 'Saving…' : editing ? 'Save as new version' : 'Create rule'}
        </button>
        {editing ? (
          <button className="button" type="button" data-testid="rules-cancel-edit" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
      <RuleTools draft={draft.ok ? draft.input : null} threshold={Number(values.threshold)} />
    </form>
  );
}
