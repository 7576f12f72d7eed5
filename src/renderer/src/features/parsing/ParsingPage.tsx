import { useEffect } from 'react';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { useExtractionStore } from '../../stores';
import { RuleEditor } from './RuleEditor';
import { RuleList } from './RuleList';
import { SampleTester } from './SampleTester';
import './parsing.css';

/**
 * Parsing: extraction rules that turn parts of log messages into metadata fields at ingest
 * (searchable as meta.<field>), each tested against sample lines before it is saved.
 */
export function ParsingPage() {
  const items = useExtractionStore((s) => s.items);
  const status = useExtractionStore((s) => s.status);
  const error = useExtractionStore((s) => s.error);
  const selectedId = useExtractionStore((s) => s.draft.id);

  useEffect(() => {
    void useExtractionStore.getState().load();
  }, []);

  return (
    <section className="page" data-testid="parsing-page">
      <PageHeader
        title="Parsing"
        subtitle="JSON and logfmt messages become metadata by themselves; extraction rules pull fields out of any other text, per service."
      />
      <InlineError message={error} testId="parsing-list-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="No extraction rules yet" testId="parsing-empty">
          Write one below and test it against recent lines; once saved it applies to every line ingested.
        </EmptyState>
      ) : null}
      {items.length > 0 ? <RuleList items={items} selectedId={selectedId} onSelect={(r) => useExtractionStore.getState().edit(r)} /> : null}
      <div className="parsing-workbench">
        <RuleEditor />
        <SampleTester />
      </div>
    </section>
  );
}
