import { useEffect } from 'react';
import type { ExtractionLineResult } from '../../../../shared/api/schemas/extraction';
import { InlineError } from '../../components/Feedback';
import { LevelBadge } from '../../components/LevelBadge';
import { useExtractionStore } from '../../stores';
import { sampleLines } from '../../stores/extraction';
import { colourOf, segmentsOf } from './highlight';

const TEST_DEBOUNCE_MS = 250;
const SAMPLES_DEBOUNCE_MS = 400;

function ResultRow({ line, result, fields }: { line: string; result: ExtractionLineResult | undefined; fields: string[] }) {
  const state = result?.error ? 'error' : result?.matched ? 'match' : 'miss';
  return (
    <li className={`parsing-result parsing-result--${state}`} data-testid="parsing-result" data-state={state}>
      <div className="parsing-result__line mono">
        {segmentsOf(line, result?.spans ?? []).map((seg, i) =>
          seg.field === null ? (
            <span key={i}>{seg.text}</span>
          ) : (
            <mark key={i} className={`parsing-capture parsing-capture--${colourOf(seg.field, fields)}`} title={seg.field} data-field={seg.field}>
              {seg.text}
            </mark>
          ),
        )}
      </div>
      <div className="parsing-result__fields">
        {result?.error ? <span className="text-error">{result.error}</span> : null}
        {state === 'miss' ? <span className="muted">no match</span> : null}
        {result?.level ? (
          <span className="parsing-field">
            level → <LevelBadge level={result.level} />
          </span>
        ) : null}
        {Object.entries(result?.fields ?? {}).map(([k, v]) => (
          <span key={k} className={`parsing-field parsing-capture--${colourOf(k, fields)}`} data-testid="parsing-field" data-field={k}>
            <span className="parsing-field__name">meta.{k}</span> = <span className={typeof v === 'number' ? 'parsing-field__number' : 'parsing-field__text'}>{typeof v === 'number' ? v : JSON.stringify(v)}</span>
          </span>
        ))}
      </div>
    </li>
  );
}

/** Sample lines (recent ones of the service, or pasted) and, live, what the draft extracts from each. */
export function SampleTester() {
  const draft = useExtractionStore((s) => s.draft);
  const samples = useExtractionStore((s) => s.samples);
  const tested = useExtractionStore((s) => s.tested);
  const testError = useExtractionStore((s) => s.testError);
  const samplesError = useExtractionStore((s) => s.samplesError);
  const { setSamples, loadSamples, test } = useExtractionStore.getState();
  const lines = sampleLines(samples);
  const fields = [...new Set((tested?.results ?? []).flatMap((r) => r.spans.map((s) => s.field)))];
  const matched = tested?.results.filter((r) => r.matched).length ?? 0;

  // Pre-fill with recent lines of the service the rule reads, and follow the service while the
  // operator has not typed samples of their own.
  useEffect(() => {
    if (useExtractionStore.getState().samplesEdited) return;
    const timer = setTimeout(() => void loadSamples(), useExtractionStore.getState().samples === '' ? 0 : SAMPLES_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft.service, loadSamples]);

  useEffect(() => {
    const timer = setTimeout(() => void test(), TEST_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft.kind, draft.pattern, samples, test]);

  return (
    <section className="panel" data-testid="parsing-tester">
      <div className="panel__head">
        <h2 className="panel__title">Test against sample lines</h2>
        <button type="button" className="button button--small" data-testid="parsing-load-samples" onClick={() => void loadSamples()}>
          Load recent lines of {draft.service.trim() === '' || draft.service.trim() === '*' ? 'all services' : draft.service}
        </button>
      </div>
      <textarea
        className="input mono parsing-samples"
        data-testid="parsing-samples"
        rows={6}
        spellCheck={false}
        placeholder="One message per line"
        value={samples}
        onChange={(e) => setSamples(e.target.value)}
      />
      {samplesError ? <div className="muted small">{samplesError}</div> : null}
      <InlineError message={testError} testId="parsing-test-error" />
      {tested && !tested.error && lines.length > 0 ? (
        <>
          <div className="muted small" data-testid="parsing-summary">
            {matched} of {lines.length} lines match
          </div>
          <ul className="parsing-results">
            {lines.map((line, i) => (
              <ResultRow key={i} line={line} result={tested.results[i]} fields={fields} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
