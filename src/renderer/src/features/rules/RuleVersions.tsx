import { useState } from 'react';
import { InlineError } from '../../components/Feedback';
import { messageOf } from '../../lib/errors';
import { formatTimestamp } from '../../lib/format';
import { readOperator } from '../../lib/storage';
import { useRulesStore } from '../../stores';

/** Every version of one rule with who/when, and a way back to any of them. */
export function RuleVersions() {
  const versions = useRulesStore((s) => s.versions);
  const [error, setError] = useState<string | null>(null);
  if (!versions) return null;
  const restore = async (version: number) => {
    try {
      setError(null);
      await useRulesStore.getState().restoreVersion(versions.ruleId, version, readOperator() || 'operator');
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <div className="panel" data-testid="rules-versions">
      <h2 className="panel__title">
        Version history
        <button className="button button--small" type="button" onClick={() => void useRulesStore.getState().loadVersions(null)}>
          Close
        </button>
      </h2>
      <InlineError message={error} testId="rules-versions-error" />
      <table className="table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Change</th>
            <th>By</th>
            <th>When</th>
            <th>Condition</th>
            <th>Fires when</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.items.map((v, i) => (
            <tr key={v.version} data-testid="rules-version-row" data-version={v.version}>
              <td className="num">{v.version}</td>
              <td>{v.change}</td>
              <td>{v.changed_by}</td>
              <td>{formatTimestamp(v.changed_at)}</td>
              <td className="mono wrap">{v.rule.condition}</td>
              <td className="mono">
                {String(v.rule.operator)} {v.rule.threshold} for {v.rule.for}
              </td>
              <td>
                {i === 0 ? (
                  <span className="muted">current</span>
                ) : (
                  <button className="button button--small" type="button" data-testid="rules-version-restore" onClick={() => void restore(v.version)}>
                    Restore
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
