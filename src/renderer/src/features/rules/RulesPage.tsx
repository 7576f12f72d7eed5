import { useEffect, useMemo, useRef, useState } from 'react';
import type { AlertRule } from '../../../../shared/api/schemas/alerts';
import { EmptyState, InlineError, Loading } from '../../components/Feedback';
import { PageHeader } from '../../components/PageHeader';
import { StatusPill } from '../../components/StatusPill';
import { messageOf } from '../../lib/errors';
import { readOperator } from '../../lib/storage';
import { useAlertsStore, useRulesStore } from '../../stores';
import { RuleForm } from './RuleForm';
import { RuleVersions } from './RuleVersions';
import { KIND_INFO } from './rule-form';
import '../alerts/alerts.css';

const by = () => readOperator() || 'operator';

/** The state a rule is in now: its worst open alert, or ok / disabled. */
function ruleState(rule: AlertRule, statuses: readonly string[]): string {
  if (!rule.is_active) return 'disabled';
  for (const s of ['firing', 'cleared', 'acknowledged', 'shelved', 'pending']) if (statuses.includes(s)) return s;
  return 'ok';
}

export function RulesPage() {
  const items = useRulesStore((s) => s.items);
  const status = useRulesStore((s) => s.status);
  const error = useRulesStore((s) => s.error);
  const alerts = useAlertsStore((s) => s.items);
  const [editing, setEditing] = useState<AlertRule | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  // The form sits below the list: bring it into view when a rule is picked for editing.
  const formRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (editing) formRef.current?.scrollIntoView?.({ block: 'start' });
  }, [editing]);
  const sorted = useMemo(() => [...items].sort((a, b) => a.rule_name.localeCompare(b.rule_name)), [items]);
  const byRule = useMemo(() => {
    const m = new Map<number, string[]>();
    for (const a of alerts) m.set(a.rule_id, [...(m.get(a.rule_id) ?? []), a.status]);
    return m;
  }, [alerts]);

  useEffect(() => {
    void useRulesStore.getState().load();
  }, []);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      setActionError(null);
      await fn();
    } catch (e) {
      setActionError(messageOf(e));
    }
  };

  return (
    <section className="page">
      <PageHeader title="Alert rules" subtitle={`${items.length} ${items.length === 1 ? 'rule' : 'rules'}`} />
      <RuleVersions />
      <InlineError message={error ?? actionError} testId="rules-list-error" />
      {status === 'loading' && items.length === 0 ? <Loading /> : null}
      {status === 'ready' && items.length === 0 ? (
        <EmptyState title="No rules yet" testId="rules-empty">
          Create one below; it is evaluated as soon as it is saved.
        </EmptyState>
      ) : null}
      {items.length > 0 ? (
        <div className="panel panel--flush">
          <table className="table">
            <thead>
              <tr>
                <th>State</th>
                <th>Name</th>
                <th>Kind</th>
                <th>Condition</th>
                <th>Fires when</th>
                <th>Window / for</th>
                <th>Severity</th>
                <th>Version</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.id} data-testid="rules-row" data-rule-id={r.id} data-state={ruleState(r, byRule.get(r.id) ?? [])} className={r.is_active ? undefined : 'row--muted'}>
                  <td>
                    <StatusPill value={ruleState(r, byRule.get(r.id) ?? [])} />
                  </td>
                  <td className="strong">{r.rule_name}</td>
                  <td>{KIND_INFO[r.kind].label}</td>
                  <td className="mono wrap">{r.condition}</td>
                  <td className="mono">
                    {String(r.operator)} {r.threshold}
                    {r.clear_threshold !== null ? ` (clears past ${r.clear_threshold})` : ''}
                    {r.n > 1 ? ` in ${r.m} of ${r.n}` : ''}
                    {r.latching ? ' · latching' : ''}
                  </td>
                  <td className="mono">
                    {r.window} / {r.for}
                  </td>
                  <td>
                    <StatusPill value={r.severity} />
                  </td>
                  <td className="num">{r.version}</td>
                  <td className="actions">
                    <button className="button button--small" type="button" data-testid="rules-edit" onClick={() => setEditing(r)}>
                      Edit
                    </button>
                    <button className="button button--small" type="button" data-testid="rules-history" onClick={() => void act(() => useRulesStore.getState().loadVersions(r.id))}>
                      History
                    </button>
                    <button className="button button--small" type="button" data-testid="rules-toggle" onClick={() => void act(() => useRulesStore.getState().enableRule(r.id, !r.is_active, by()))}>
                      {r.is_active ? 'Disable' : 'Enable'}
                    </button>
                    <button
                      className="button button--small button--danger"
                      type="button"
                      data-testid="rules-delete"
                      onClick={() => {
                        if (globalThis.confirm?.(`Delete rule “${r.rule_name}” and its alerts?`) ?? true) void act(() => useRulesStore.getState().deleteRule(r.id, by()));
                      }}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {/* Keyed by the rule being edited: switching rules starts the form afresh. */}
      <div ref={formRef}>
        <RuleForm key={editing ? `${editing.id}:${editing.version}` : 'new'} editing={editing} onDone={() => setEditing(null)} />
      </div>
    </section>
  );
}
