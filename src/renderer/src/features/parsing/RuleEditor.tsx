import type { FormEvent } from 'react';
import { EXTRACTION_KINDS, GROK_PATTERN_NAMES } from '../../../../shared/api/schemas/extraction';
import { Field } from '../../components/Field';
import { InlineError } from '../../components/Feedback';
import { oneOf } from '../../lib/enums';
import { useExtractionStore } from '../../stores';

const PATTERN_HINT = {
  grok: 'Regex text with %{PATTERN:field} or %{PATTERN:field:int|float}, e.g. pass %{INT:pass:int} to %{HOSTNAME:station}. A field named level sets the line’s level.',
  regex: 'A JavaScript regex with named groups, e.g. took (?<duration_ms__int>\\d+)ms — the __int / __float suffix stores a number.',
} as const;

/** The pattern with the character at `position` marked, so the operator sees where it breaks. */
function PatternPointer({ pattern, position }: { pattern: string; position: number }) {
  return (
    <div className="parsing-pointer mono" data-testid="parsing-pattern-pointer" aria-hidden="true">
      {pattern.slice(0, position)}
      <mark className="parsing-pointer__at">{pattern.slice(position, position + 1) || ' '}</mark>
      {pattern.slice(position + 1)}
    </div>
  );
}

export function RuleEditor() {
  const draft = useExtractionStore((s) => s.draft);
  const busy = useExtractionStore((s) => s.busy);
  const saveError = useExtractionStore((s) => s.saveError);
  const savedNotice = useExtractionStore((s) => s.savedNotice);
  const patternError = useExtractionStore((s) => s.tested?.error ?? null);
  const { setDraft, save, remove, edit } = useExtractionStore.getState();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void save().then((ok) => ok && useExtractionStore.getState().load());
  };

  return (
    <form className="panel form" data-testid="parsing-editor" onSubmit={submit} noValidate>
      <div className="panel__head">
        <h2 className="panel__title">{draft.id === null ? 'New rule' : `Edit rule #${draft.id}`}</h2>
        {draft.id !== null ? (
          <button type="button" className="button button--small" data-testid="parsing-new" onClick={() => edit(null)}>
            New rule
          </button>
        ) : null}
      </div>
      <div className="form__grid">
        <Field label="Name" wide>
          <input className="input" data-testid="parsing-name" value={draft.name} onChange={(e) => setDraft({ name: e.target.value })} />
        </Field>
        <Field label="Service" hint="Exact name, a glob (nav-*), or * for every line">
          <input className="input mono" data-testid="parsing-service" value={draft.service} spellCheck={false} onChange={(e) => setDraft({ service: e.target.value })} />
        </Field>
        <Field label="Kind">
          <select className="select" data-testid="parsing-kind" value={draft.kind} onChange={(e) => setDraft({ kind: oneOf(EXTRACTION_KINDS, e.target.value) ?? draft.kind })}>
            {EXTRACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'grok' ? 'Grok' : 'Regex (named groups)'}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Order" hint="Lower runs first; the first rule to fill a field wins">
          <input
            className="input"
            data-testid="parsing-order"
            inputMode="numeric"
            value={String(draft.order)}
            onChange={(e) => setDraft({ order: Math.max(0, Math.trunc(Number(e.target.value)) || 0) })}
          />
        </Field>
        <label className="toggle parsing-enabled">
          <input type="checkbox" data-testid="parsing-enabled" checked={draft.enabled} onChange={(e) => setDraft({ enabled: e.target.checked })} />
          Enabled
        </label>
        <Field label="Pattern" hint={PATTERN_HINT[draft.kind]} wide>
          <textarea
            className="input mono parsing-pattern"
            data-testid="parsing-pattern"
            rows={3}
            spellCheck={false}
            value={draft.pattern}
            aria-invalid={patternError ? true : undefined}
            onChange={(e) => setDraft({ pattern: e.target.value })}
          />
        </Field>
      </div>
      {patternError ? (
        <div data-testid="parsing-pattern-error">
          <InlineError message={`Pattern: ${patternError.message}${patternError.position === null ? '' : ` (at position ${patternError.position})`}`} />
          {patternError.position !== null ? <PatternPointer pattern={draft.pattern} position={patternError.position} /> : null}
        </div>
      ) : null}
      {draft.kind === 'grok' ? (
        <details className="parsing-library">
          <summary>Grok patterns</summary>
          <p className="mono small">{GROK_PATTERN_NAMES.join(' ')}</p>
        </details>
      ) : null}
      <InlineError message={saveError} testId="parsing-save-error" />
      {savedNotice ? (
        <div className="notice" role="status" data-testid="parsing-saved">
          {savedNotice}
        </div>
      ) : null}
      <div className="form__actions">
        {draft.id !== null ? (
          <button type="button" className="button" data-testid="parsing-delete" disabled={busy} onClick={() => void remove()}>
            Delete
          </button>
        ) : null}
        <button className="button button--primary" type="submit" data-testid="parsing-save" disabled={busy}>
          {busy ? 'Saving…' : draft.id === null ? 'Save rule' : 'Save changes'}
        </button>
      </div>
    </form>
  );
}
