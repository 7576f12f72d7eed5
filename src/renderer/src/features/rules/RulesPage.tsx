import { useEffect, useMemo } from 'react';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { formatTimestamp } from '../../lib/format';
import { useRulesStore } from '../../stores';
import { RuleForm } from './RuleForm';

export function RulesPage() {
  const items = useRulesStore((s) => s.items);
  const status = useRulesStore((s) => s.status);
  const error = useRulesStore((s) => s.error);
  const sorted = useMemo(() => [...items].sort((a, b) => a.rule_name.localeCompare(b.rule_name)), [items]);

  useEffect(() => {
    void useRulesStore.getState().load();
  }, []);

  return (
    <section className="page">
      <PageHeader title="Alert rules" subtitle={`${items.length} ${items.length === 1 ? 'rule' : 'rules'}`} />
      <RuleForm />
      <InlineError message={error} testId="rules-list-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="No rules yet" testId="rules-empty">
          Create one above; it is evaluated as soon as it is saved.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Kind</th>
                <th>Condition</th>
                <th>Fires when</th>
                <th>Window / for</th>
                <th>Severity</th>
                <th>Notify</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id} data-testid="rules-row" data-rule-id={r.id} className={r.is_active ? undefined : 'row--muted'}>
                  <td className="strong">
                    {r.rule_name}
                    {r.is_active ? null : <span className="muted"> (inactive)</span>}
                  </td>
                  <td>{String(r.kind).replace('_', ' ')}</td>
                  <td className="mono wrap">{r.condition}</td>
                  <td className="mono">
                    {String(r.operator)} {r.threshold}
                  </td>
                  <td className="mono">
                    {r.window} / {r.for}
                  </td>
                  <td>
                    <StatusPill value={r.severity} />
                  </td>
                  <td>{r.notification_channels.join(', ') || '—'}</td>
                  <td>{formatTimestamp(r.created_at).slice(0, 16).replace('T', ' ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
